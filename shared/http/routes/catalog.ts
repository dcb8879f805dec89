import * as z from 'zod';
import { Catalog } from '#shared/domain/catalog/schema';
import { defineRoute } from '#shared/http/route';

const admin = { tag: 'Catalog', auth: 'api-key' as const, scopes: ['admin' as const] };

const Flag = z.enum(['true', 'false']).optional();

const InUse = z.object({
  kind: z.enum(['plan', 'meter']),
  key: z.string(),
  count: z.number().int(),
  workspaces: z.array(z.string()),
});

export const PushResultDto = z.object({
  project_id: z.string(),
  dry_run: z.boolean(),
  applied: z.boolean(),
  version: z.number().int(),
  changes: z.array(z.string()).meta({ description: 'What the push changes in Stripe, one line per object' }),
  removed: z.object({ plans: z.array(z.string()), meters: z.array(z.string()), credit_packs: z.array(z.string()) }),
  in_use: z
    .array(InUse)
    .meta({ description: 'Removed plans still subscribed to and removed meters with usage this period' }),
  consequences: z.array(z.string()),
});

export const getCatalogRoute = defineRoute({
  ...admin,
  id: 'getCatalog',
  method: 'GET',
  path: '/api/v1/admin/catalog',
  summary: "The caller's project's catalog document, in exactly the format PUT takes",
  response: Catalog,
  handler: 'functions/http/admin/catalog.ts',
  access: { table: 'read' },
  // One function serves GET and PUT, whose Stripe apply may take this long.
  timeoutSeconds: 29,
});

export const putCatalogRoute = defineRoute({
  ...admin,
  id: 'putCatalog',
  method: 'PUT',
  path: '/api/v1/admin/catalog',
  summary:
    "Push the project's catalog: Stripe is made to match it (the project's own objects only), existing workspaces' entitlements follow. " +
    '`dry_run=true` answers the diff and writes nothing; removing a plan still subscribed to or a meter with usage this period is a 409 listing what uses it, unless `force=true`',
  query: z.strictObject({ dry_run: Flag, force: Flag }),
  body: Catalog,
  response: PushResultDto,
  handler: 'functions/http/admin/catalog.ts',
  access: { table: 'write', stripe: true, queues: ['catalog'] },
  timeoutSeconds: 29,
  errors: [400, 409, 422],
});
