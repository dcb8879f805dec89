import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { CursorQuery, WorkspaceParams } from '#shared/http/schemas';

const common = {
  tag: 'Billing',
  auth: 'api-key' as const,
  scopes: ['subscriptions:manage' as const],
  params: WorkspaceParams,
  errors: [404, 502],
};

const nullableStr = z.string().nullable();
const int = z.number().int();

export const BillingSummaryDto = z.object({
  workspace_id: z.string(),
  plan: z.string(),
  plan_source: z.enum(['subscription', 'default']),
  status: nullableStr.meta({ description: "The subscription's Stripe status (null without one)" }),
  has_access: z.boolean(),
  access_reason: z.string(),
  subscription: z
    .object({
      subscription_id: z.string(),
      plan: nullableStr,
      interval: z.enum(['month', 'year']).nullable(),
      seats: int,
      currency: z.string(),
      cancel_at_period_end: z.boolean(),
      cancel_at: nullableStr,
      trial_end: nullableStr,
      pending_plan: nullableStr,
    })
    .nullable(),
  period: z.object({ start: z.string(), end: z.string() }).nullable(),
  next_invoice: z
    .object({
      amount_due: int,
      total: int,
      currency: z.string(),
      period_start: nullableStr,
      period_end: nullableStr,
      next_payment_attempt: nullableStr,
    })
    .nullable()
    .meta({ description: "Stripe's preview of the next invoice (null when none is coming)" }),
  usage: z.record(
    z.string(),
    z.object({
      used: z.string(),
      limit: nullableStr,
      remaining: nullableStr,
      exceeded: z.boolean(),
      window: z.string(),
      resets_at: z.string(),
    }),
  ),
  credits: z.object({ balance: z.string(), expires_at: nullableStr }).nullable(),
  default_payment_method: z
    .object({
      id: z.string(),
      type: z.string(),
      brand: nullableStr,
      last4: nullableStr,
      exp_month: int.nullable(),
      exp_year: int.nullable(),
    })
    .nullable(),
  open_invoices: z.array(
    z.object({
      id: z.string(),
      number: nullableStr,
      amount_due: int,
      amount_remaining: int,
      currency: z.string(),
      due_date: nullableStr,
      subscription_id: nullableStr,
      hosted_invoice_url: nullableStr.meta({ description: 'Where the customer pays it' }),
    }),
  ),
});

export const TimelineEntryDto = z.object({
  id: z.string(),
  kind: z.enum(['invoice', 'settlement', 'credit_pack', 'refund', 'plan_change']),
  type: z.string(),
  occurred_at: z.string(),
  amount: int.nullable(),
  currency: nullableStr,
  invoice_id: nullableStr,
  description: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const billingSummaryRoute = defineRoute({
  ...common,
  id: 'billingSummary',
  method: 'GET',
  path: '/api/v1/billing/summary/{workspace_id}',
  summary:
    "A workspace's billing at a glance: plan, status, period, next invoice, usage vs limits, credits, payment method, open invoices",
  response: BillingSummaryDto,
  handler: 'functions/http/billing/summary.ts',
  access: { table: 'read', stripe: true },
});

export const billingHistoryRoute = defineRoute({
  ...common,
  id: 'billingHistory',
  method: 'GET',
  path: '/api/v1/billing/history/{workspace_id}',
  summary:
    "A workspace's billing timeline, newest first: invoices, credit packs and refunds, out-of-band settlements, plan changes",
  query: z.strictObject({ ...CursorQuery }),
  response: z.object({
    workspace_id: z.string(),
    entries: z.array(TimelineEntryDto),
    next_cursor: z.string().nullable(),
  }),
  handler: 'functions/http/billing/history.ts',
  access: { table: 'read', cursorSecret: true },
  errors: [400, 404],
});
