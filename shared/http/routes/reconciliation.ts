import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { CursorQuery } from '#shared/http/schemas';

const Counts = z.object({
  subscriptions: z.number(),
  customers: z.number(),
  settlements: z.number(),
  invoices: z.number(),
  razorpay_orders: z.number(),
  razorpay_links: z.number(),
  webhooks: z.number(),
});

export const RunDto = z.object({
  run_id: z.string(),
  scope: z.enum(['project', 'all_projects']),
  trigger: z.string(),
  dry_run: z.boolean(),
  status: z.enum(['running', 'completed', 'incomplete', 'failed']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  checked: Counts,
  drifts: z.object({
    found: z.number(),
    fixed: z.number(),
    by_kind: z.record(z.string(), z.object({ found: z.number(), fixed: z.number() })),
  }),
  items: z.array(
    z.object({
      kind: z.string(),
      subject: z.string(),
      workspace_id: z.string().nullable(),
      detail: z.string(),
      fixed: z.boolean(),
      attention_id: z.string().nullable(),
    }),
  ),
  attention: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      message: z.string(),
      workspace_id: z.string().nullable(),
      invoice_id: z.string().nullable(),
    }),
  ),
  truncated: z.boolean(),
  error: z.string().nullable(),
});

export const AttentionDto = z.object({
  id: z.string(),
  reason: z.string(),
  message: z.string(),
  status: z.enum(['open', 'resolved']),
  source: z.string(),
  reference: z.string().nullable(),
  invoice_id: z.string().nullable(),
  workspace_id: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  occurrences: z.number().int(),
  created_at: z.string(),
  last_seen_at: z.string(),
});

const RunId = z.string().regex(/^run_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a run id such as run_01J…');
const AttentionId = z.string().regex(/^att_[0-9a-f]{24}$/, 'must be an attention id such as att_3f…');

const drift = {
  tag: 'Reconciliation',
  auth: 'api-key' as const,
  scopes: ['admin' as const],
  response: RunDto,
};

export const startRunRoute = defineRoute({
  ...drift,
  id: 'startReconciliationRun',
  method: 'POST',
  path: '/api/v1/admin/reconciliation/runs',
  summary: "Run the Stripe-vs-table drift check for the key's project now; answers the run report",
  status: 201,
  body: z.strictObject({ dry_run: z.boolean().default(false) }),
  handler: 'functions/http/reconciliation/start-run.ts',
  access: { table: 'write', stripe: true, razorpay: true, bus: true },
  timeoutSeconds: 29,
  errors: [502],
});

export const getRunRoute = defineRoute({
  ...drift,
  id: 'getReconciliationRun',
  method: 'GET',
  path: '/api/v1/admin/reconciliation/runs/{run_id}',
  summary: "A drift run's report: counts checked, drifts found and fixed by kind, items needing attention",
  params: z.strictObject({ run_id: RunId }),
  handler: 'functions/http/reconciliation/get-run.ts',
  access: { table: 'read' },
  errors: [404],
});

const attention = {
  tag: 'Reconciliation',
  auth: 'api-key' as const,
  scopes: ['finance' as const],
  handler: 'functions/http/reconciliation/attention.ts',
};

export const listAttentionRoute = defineRoute({
  ...attention,
  id: 'listPaymentAttention',
  method: 'GET',
  path: '/api/v1/admin/reconciliation/attention',
  summary: 'Open payment items needing a human (mismatched or unapplied money, ledger disagreements), oldest first',
  query: z.strictObject(CursorQuery),
  response: z.object({ items: z.array(AttentionDto), next_cursor: z.string().nullable() }),
  access: { table: 'write', cursorSecret: true },
});

export const resolveAttentionRoute = defineRoute({
  ...attention,
  id: 'resolvePaymentAttention',
  method: 'POST',
  path: '/api/v1/admin/reconciliation/attention/{attention_id}/resolve',
  summary: 'Take an item off the open list once handled (kept for the record)',
  params: z.strictObject({ attention_id: AttentionId }),
  body: z.strictObject({ note: z.string().max(500).optional() }),
  response: AttentionDto,
  access: { table: 'write' },
  errors: [404],
});
