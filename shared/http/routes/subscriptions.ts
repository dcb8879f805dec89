import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { WorkspaceId, WorkspaceParams } from '#shared/http/schemas';

const Interval = z.enum(['month', 'year']);
const PlanKey = z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, 'must be a plan key such as pro');

export const SubscriptionDto = z.object({
  workspace_id: z.string(),
  subscription_id: z.string(),
  customer_id: z.string(),
  status: z.string().meta({
    description:
      "Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status)",
  }),
  stripe_status: z.string(),
  plan: z.string().nullable(),
  price_id: z.string(),
  interval: Interval.nullable(),
  currency: z.string(),
  seats: z.number().int(),
  current_period_start: z.string(),
  current_period_end: z.string(),
  trial_end: z.string().nullable(),
  cancel_at_period_end: z.boolean(),
  cancel_at: z.string().nullable(),
  canceled_at: z.string().nullable(),
  started_at: z.string().nullable().optional().meta({ description: "Stripe's start_date" }),
  ended_at: z.string().nullable().optional().meta({
    description: "Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end)",
  }),
  paused: z.boolean(),
  pause_collection: z.object({ behavior: z.string(), resumes_at: z.string().nullable() }).nullable(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']),
  pending_plan: z.string().nullable(),
  schedule_id: z.string().nullable(),
  pending_payment: z
    .object({
      invoice_id: z.string(),
      amount_due: z.number().int(),
      currency: z.string(),
      hosted_invoice_url: z.string().nullable(),
      client_secret: z.string().nullable().meta({
        description:
          "The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription",
      }),
    })
    .nullable()
    .meta({
      description: 'For an incomplete or past_due subscription: the open invoice and where the customer pays it',
    }),
  has_access: z.boolean(),
  access_reason: z.string(),
});

const common = {
  tag: 'Subscriptions',
  auth: 'api-key' as const,
  scopes: ['subscriptions:manage' as const],
  response: SubscriptionDto,
  access: { table: 'write' as const, stripe: true, bus: true },
  errors: [404, 409, 422, 502],
};

export const getSubscriptionRoute = defineRoute({
  ...common,
  id: 'getSubscription',
  method: 'GET',
  path: '/api/v1/subscriptions/{workspace_id}',
  summary: "The workspace's subscription as Tollgate last saw it from Stripe",
  scopes: ['entitlements:read'],
  params: WorkspaceParams,
  handler: 'functions/http/subscriptions/get.ts',
  access: { table: 'read' },
});

export const createSubscriptionRoute = defineRoute({
  ...common,
  id: 'createSubscription',
  method: 'POST',
  path: '/api/v1/subscriptions/',
  summary: 'Subscribe a workspace to a plan (creates the Stripe customer when needed)',
  status: 201,
  body: z.strictObject({
    workspace_id: WorkspaceId,
    plan: PlanKey,
    interval: Interval.default('month'),
    seats: z.number().int().min(1).max(100000).default(1),
    trial_days: z.number().int().min(1).max(730).optional(),
    collection_method: z.enum(['charge_automatically', 'send_invoice']).default('charge_automatically'),
    days_until_due: z.number().int().min(0).max(365).optional(),
  }),
  handler: 'functions/http/subscriptions/create.ts',
});

export const cancelSubscriptionRoute = defineRoute({
  ...common,
  id: 'cancelSubscription',
  method: 'POST',
  path: '/api/v1/subscriptions/cancel',
  summary: 'Cancel now, or at the end of the period (default)',
  body: z.strictObject({ workspace_id: WorkspaceId, at_period_end: z.boolean().default(true) }),
  handler: 'functions/http/subscriptions/cancel.ts',
});

export const changePlanRoute = defineRoute({
  ...common,
  id: 'changePlan',
  method: 'POST',
  path: '/api/v1/subscriptions/{workspace_id}/change-plan',
  summary: 'Change plan now (prorated) or at the end of the period',
  params: WorkspaceParams,
  body: z.strictObject({ plan: PlanKey, interval: Interval.optional(), at_period_end: z.boolean().default(false) }),
  handler: 'functions/http/subscriptions/change-plan.ts',
});

const transition = (id: string, verb: string, summary: string) =>
  defineRoute({
    ...common,
    id,
    method: 'POST',
    path: `/api/v1/subscriptions/{workspace_id}/${verb}`,
    summary,
    params: WorkspaceParams,
    body: z.strictObject({}),
    handler: 'functions/http/subscriptions/transition.ts',
  });

export const pauseRoute = transition('pauseSubscription', 'pause', 'Pause collection (access stops while paused)');
export const resumeRoute = transition('resumeSubscription', 'resume', 'Resume a paused subscription');
export const revokeRoute = transition(
  'revokeCancellation',
  'revoke-cancellation',
  'Undo a cancellation scheduled for the period end',
);

export const updateSubscriptionRoute = defineRoute({
  ...common,
  id: 'updateSubscription',
  method: 'PATCH',
  path: '/api/v1/subscriptions/{workspace_id}',
  summary: 'Change seats (prorated) or the billing email',
  params: WorkspaceParams,
  body: z.strictObject({ seats: z.number().int().min(1).max(100000).optional(), billing_email: z.email().optional() }),
  handler: 'functions/http/subscriptions/update.ts',
});

export const previewRoute = defineRoute({
  ...common,
  id: 'previewSubscription',
  method: 'POST',
  path: '/api/v1/subscriptions/{workspace_id}/preview',
  summary: 'The upcoming invoice for a plan/seat change, without changing anything',
  scopes: ['entitlements:read'],
  params: WorkspaceParams,
  body: z.strictObject({
    plan: PlanKey.optional(),
    interval: Interval.optional(),
    seats: z.number().int().min(1).max(100000).optional(),
  }),
  response: z.object({
    currency: z.string(),
    subtotal: z.number().int(),
    total: z.number().int(),
    amount_due: z.number().int(),
    lines: z.array(
      z.object({
        description: z.string().nullable(),
        amount: z.number().int(),
        meter: z.string().nullable().meta({
          description:
            "The meter a usage line bills (its usage over the included quantity, at the plan's unit price); null for other lines.",
        }),
        quantity: z
          .string()
          .nullable()
          .meta({ description: 'Exact decimal quantity: seats, or the usage of the period so far on a usage line.' }),
        proration: z.boolean(),
        period_start: z.string(),
        period_end: z.string(),
      }),
    ),
  }),
  handler: 'functions/http/subscriptions/preview.ts',
  access: { table: 'read', stripe: true },
});
