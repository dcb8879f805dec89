import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { WorkspaceId } from '#shared/http/schemas';
import { MeterStatusDto } from './meter-status';

export { MeterStatusDto };

export const GrantDto = z.object({
  grant_id: z.string(),
  workspace_id: z.string(),
  feature: z.string().nullable(),
  meter: z.string().nullable(),
  quantity: z.string().nullable(),
  expires_at: z.string().nullable(),
  reason: z.string(),
  created_at: z.string(),
});

export const EntitlementsDto = z.object({
  workspace_id: z.string(),
  plan: z.string(),
  plan_source: z.enum(['subscription', 'default']),
  subscription_status: z.string().nullable(),
  access_reason: z.string(),
  features: z.array(z.string()),
  billing_period: z.object({ start: z.string(), end: z.string() }).nullable(),
  meters: z.record(z.string(), MeterStatusDto),
  grants: z.array(GrantDto),
  computed_at: z.string(),
  as_of: z.string(),
});

/** The stored snapshot, as a grant's creation answers it: limits without live usage. */
export const EntitlementSnapshotDto = EntitlementsDto.omit({ meters: true, as_of: true }).extend({
  limits: z.record(z.string(), MeterStatusDto.pick({ limit: true, window: true, mode: true })),
  billing_span: z
    .object({
      period: z.object({ start: z.string(), end: z.string() }),
      started_at: z.string().nullable(),
      ended_at: z.string().nullable(),
    })
    .nullable()
    .optional()
    .meta({
      description:
        "The subscription's current (or last) period as Stripe states it, its start and its end, also once it ended: usage windows follow it.",
    }),
});

const read = {
  tag: 'Entitlements',
  auth: 'api-key' as const,
  scopes: ['entitlements:read' as const],
  access: { table: 'read' as const },
  errors: [404],
};

export const getEntitlementsRoute = defineRoute({
  ...read,
  id: 'getEntitlements',
  method: 'GET',
  path: '/api/v1/entitlements/{workspace_id}',
  summary: 'Plan, features, limits with live usage, and grants: one DynamoDB read, no Stripe call',
  params: z.strictObject({ workspace_id: WorkspaceId }),
  response: EntitlementsDto,
  handler: 'functions/http/entitlements/get.ts',
});

export const checkFeatureRoute = defineRoute({
  ...read,
  id: 'checkFeature',
  method: 'GET',
  path: '/api/v1/entitlements/{workspace_id}/feature/{feature}',
  summary: 'Whether the workspace has a feature, and why',
  params: z.strictObject({
    workspace_id: WorkspaceId,
    feature: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a feature key such as sso'),
  }),
  response: z.object({
    feature: z.string(),
    has_access: z.boolean(),
    reason: z.enum(['plan', 'default_plan', 'grant', 'not_in_plan', 'past_due_expired', 'paused', 'inactive']),
    plan: z.string(),
  }),
  handler: 'functions/http/entitlements/feature.ts',
});

export const checkExceededRoute = defineRoute({
  ...read,
  id: 'checkUsageExceeded',
  method: 'GET',
  path: '/api/v1/entitlements/{workspace_id}/usage/{meter}/exceeded',
  summary: 'Whether a meter is at or over its limit in the current window (meter key or event type alias)',
  params: z.strictObject({ workspace_id: WorkspaceId, meter: z.string().min(1).max(100) }),
  response: MeterStatusDto.omit({ window_start: true }).extend({ meter: z.string(), event_types: z.array(z.string()) }),
  handler: 'functions/http/entitlements/exceeded.ts',
});

export const invalidateEntitlementsRoute = defineRoute({
  id: 'invalidateEntitlements',
  method: 'POST',
  path: '/api/v1/entitlements/{workspace_id}/invalidate',
  summary: 'Recompute the snapshot now from the subscription, the plans and the grants',
  tag: 'Entitlements',
  auth: 'api-key',
  // It writes the snapshot: a read-only key may not cause it.
  scopes: ['subscriptions:manage'],
  params: z.strictObject({ workspace_id: WorkspaceId }),
  body: z.strictObject({}),
  response: EntitlementsDto,
  handler: 'functions/http/entitlements/invalidate.ts',
  access: { table: 'write', stripe: true },
  errors: [404, 502],
});
