import * as z from 'zod';
import { UsageValue } from '#shared/domain/usage/event';
import { defineRoute } from '#shared/http/route';
import { WorkspaceId } from '#shared/http/schemas';
import { EntitlementSnapshotDto, GrantDto } from './entitlements';

const admin = {
  tag: 'Admin',
  auth: 'api-key' as const,
  scopes: ['admin' as const],
  access: { table: 'write' as const, stripe: true },
};

export const GrantBody = z
  .strictObject({
    workspace_id: WorkspaceId,
    feature: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a feature key such as sso')
      .optional(),
    meter: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'A meter key or event type alias; the grant adds `quantity` to its limit.' }),
    quantity: UsageValue.optional(),
    expires_at: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .superRefine((b, ctx) => {
    if (!b.feature === !b.meter)
      ctx.addIssue({ code: 'custom', path: ['feature'], message: 'give either feature or meter (with quantity)' });
    if (b.meter && !b.quantity) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'required with meter' });
    if (b.quantity && !b.meter) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'only with meter' });
  });

export const createGrantRoute = defineRoute({
  ...admin,
  id: 'createGrant',
  method: 'POST',
  path: '/api/v1/admin/grants',
  summary: 'Grant a feature, or extra quantity on a meter, to a workspace (recomputes its entitlements)',
  body: GrantBody,
  status: 201,
  response: z.object({ grant: GrantDto, entitlements: EntitlementSnapshotDto }),
  handler: 'functions/http/grants/create.ts',
  errors: [400, 404],
});

export const listGrantsRoute = defineRoute({
  ...admin,
  id: 'listGrants',
  method: 'GET',
  path: '/api/v1/admin/grants',
  summary: "A workspace's grants, expired ones included",
  query: z.strictObject({ workspace_id: WorkspaceId }),
  response: z.object({ grants: z.array(GrantDto.extend({ active: z.boolean() })) }),
  handler: 'functions/http/grants/list.ts',
  access: { table: 'read' },
  errors: [404],
});

export const deleteGrantRoute = defineRoute({
  ...admin,
  id: 'deleteGrant',
  method: 'DELETE',
  path: '/api/v1/admin/grants/{grant_id}',
  summary: 'Revoke a grant (recomputes the entitlements)',
  params: z.strictObject({
    grant_id: z.string().regex(/^grt_[A-Za-z0-9]{1,40}$/, 'must be a grant id such as grt_01J...'),
  }),
  response: z.object({ deleted: z.literal(true), grant: GrantDto }),
  handler: 'functions/http/grants/delete.ts',
  errors: [404],
});
