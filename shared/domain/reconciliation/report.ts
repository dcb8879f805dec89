/** What a drift run looks at, counted per kind. */
export const CHECK_KINDS = [
  'subscriptions',
  'customers',
  'settlements',
  'invoices',
  'razorpay_orders',
  'razorpay_links',
  'webhooks',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** Each way the table can disagree with Stripe or Razorpay. */
export type DriftKind =
  /** Stripe has a live subscription the table does not know. */
  | 'subscription_missing'
  | 'subscription_status'
  /** Price or seats differ. */
  | 'subscription_plan'
  /** Period end or cancel-at-period-end differ. */
  | 'subscription_period'
  /** The project metrics count the workspace's subscription otherwise than the table has it. */
  | 'metrics_subscription'
  /** The customer → workspace link is missing or points elsewhere. */
  | 'customer_link'
  /** The workspace does not name the customer Stripe says bills it. */
  | 'workspace_customer'
  /** A settlement was claimed but never finished (a crash between the claim and Stripe's answer). */
  | 'settlement_unfinished'
  /** Recorded manual payments add up to the invoice, yet it is still open. */
  | 'payments_unsettled'
  /** Stripe shows the invoice paid out of band; the table recorded no payment for it. */
  | 'paid_out_of_band_unrecorded'
  /** The table says settled; Stripe says the invoice is still open. */
  | 'settled_but_open'
  /** Razorpay captured a payment on an open order whose webhook never arrived. */
  | 'razorpay_payment_unseen'
  /** Razorpay shows a payment on an open Payment Link whose webhook never arrived. */
  | 'razorpay_link_payment_unseen'
  /** Stripe sent an event rendered in another API version than Tollgate reads: it was refused, not applied. */
  | 'webhook_api_version';

export interface DriftEntry {
  kind: DriftKind;
  /** The object it is about: a subscription, customer, invoice, order or Payment Link id. */
  subject: string;
  project_id: string | null;
  workspace_id: string | null;
  detail: string;
  fixed: boolean;
  attention_id: string | null;
}

export interface AttentionRef {
  id: string;
  reason: string;
  message: string;
  project_id: string | null;
  workspace_id: string | null;
  invoice_id: string | null;
}

export type RunTrigger = 'schedule' | 'api' | 'cli' | 'invoke' | 'local';

export interface RunRecord {
  run_id: string;
  /** A project id, or `*` for a run over every project. */
  scope: string;
  trigger: RunTrigger;
  dry_run: boolean;
  /** `incomplete`: stopped at its time budget; the next run carries on from scratch. */
  status: 'running' | 'completed' | 'incomplete' | 'failed';
  started_at: string;
  finished_at: string | null;
  checked: Record<CheckKind, number>;
  checked_by_project: Record<string, Partial<Record<CheckKind, number>>>;
  drifts: DriftEntry[];
  attention: AttentionRef[];
  /** More entries than a run keeps were found; counts below include all of them. */
  truncated: boolean;
  totals: { found: number; fixed: number };
  error: string | null;
}

export const MAX_ENTRIES = 500;

const emptyChecked = (): Record<CheckKind, number> =>
  Object.fromEntries(CHECK_KINDS.map((k) => [k, 0])) as Record<CheckKind, number>;

export function newRun(
  runId: string,
  scope: string,
  trigger: RunTrigger,
  dryRun: boolean,
  startedAt: string,
): RunRecord {
  return {
    run_id: runId,
    scope,
    trigger,
    dry_run: dryRun,
    status: 'running',
    started_at: startedAt,
    finished_at: null,
    checked: emptyChecked(),
    checked_by_project: {},
    drifts: [],
    attention: [],
    truncated: false,
    totals: { found: 0, fixed: 0 },
    error: null,
  };
}

/**
 * The report as a project sees it. A run over every project shows a project only its own
 * entries and counts: one project's keys never see another project's workspaces.
 */
export function toRunDto(run: RunRecord, projectId?: string) {
  const mine = <T extends { project_id: string | null }>(xs: T[]) =>
    run.scope === '*' && projectId ? xs.filter((x) => x.project_id === projectId) : xs;
  const drifts = mine(run.drifts);
  const attention = mine(run.attention);
  const checked =
    run.scope === '*' && projectId
      ? { ...emptyChecked(), ...run.checked_by_project[projectId] }
      : { ...emptyChecked(), ...run.checked };
  const byKind: Record<string, { found: number; fixed: number }> = {};
  for (const d of drifts) {
    const k = (byKind[d.kind] ??= { found: 0, fixed: 0 });
    k.found++;
    if (d.fixed) k.fixed++;
  }
  const scoped = run.scope === '*' && projectId !== undefined;
  return {
    run_id: run.run_id,
    scope: run.scope === '*' ? ('all_projects' as const) : ('project' as const),
    trigger: run.trigger,
    dry_run: run.dry_run,
    status: run.status,
    started_at: run.started_at,
    finished_at: run.finished_at,
    checked,
    drifts: {
      found: scoped ? drifts.length : run.totals.found,
      fixed: scoped ? drifts.filter((d) => d.fixed).length : run.totals.fixed,
      by_kind: byKind,
    },
    items: drifts.map(({ project_id: _p, ...d }) => d),
    attention: attention.map(({ project_id: _p, ...a }) => a),
    truncated: run.truncated,
    error: run.error,
  };
}

export type RunDto = ReturnType<typeof toRunDto>;
