import type { BillingEvent } from '#shared/domain/subscriptions/ports';
import type { WorkspaceLookup } from '#shared/domain/workspaces/ports';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import type { BillingTimelineReader } from './ports';

/** What each recorded billing event is on the timeline. */
const KIND = {
  'invoice.finalized': 'invoice',
  'invoice.paid': 'invoice',
  'invoice.payment_failed': 'invoice',
  'invoice.voided': 'invoice',
  'invoice.uncollectible': 'invoice',
  'invoice.paid_out_of_band': 'settlement',
  'payment.recorded': 'settlement',
  'credit_pack.paid': 'credit_pack',
  'charge.refunded': 'refund',
  'subscription.activated': 'plan_change',
  'subscription.plan_changed': 'plan_change',
  'subscription.canceled': 'plan_change',
} as const;
export const TIMELINE_TYPES = Object.keys(KIND) as (keyof typeof KIND)[];

export interface TimelineEntry {
  id: string;
  kind: (typeof KIND)[keyof typeof KIND];
  type: string;
  occurred_at: string;
  /** Minor units, when the entry moves money. */
  amount: number | null;
  currency: string | null;
  invoice_id: string | null;
  description: string;
  data: Record<string, unknown>;
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function describe(e: BillingEvent): string {
  const d = e.data;
  switch (e.type) {
    case 'invoice.finalized':
      return `Invoice ${d.invoice_id} issued`;
    case 'invoice.paid':
      return `Invoice ${d.invoice_id} paid`;
    case 'invoice.payment_failed':
      return `Payment of invoice ${d.invoice_id} failed`;
    case 'invoice.voided':
      return `Invoice ${d.invoice_id} voided`;
    case 'invoice.uncollectible':
      return `Invoice ${d.invoice_id} marked uncollectible`;
    case 'invoice.paid_out_of_band':
      return `Invoice ${d.invoice_id} settled by ${d.source} (${d.reference})`;
    case 'payment.recorded':
      return `${d.method} payment ${d.reference} recorded against invoice ${d.invoice_id}`;
    case 'credit_pack.paid':
      return `Credit pack ${d.pack} paid (${d.credits} credits)`;
    case 'charge.refunded':
      return `Charge ${d.charge_id} refunded (total refunded so far)`;
    case 'subscription.plan_changed':
      return `Plan changed from ${d.from_plan ?? 'none'} to ${d.to_plan}`;
    case 'subscription.activated':
      return `Subscription to ${d.plan} active`;
    case 'subscription.canceled':
      return `Subscription to ${d.plan} canceled`;
    default:
      return e.type;
  }
}

export function toTimelineEntry(e: BillingEvent): TimelineEntry {
  const d = e.data;
  const amount =
    e.type === 'invoice.finalized' ||
    e.type === 'invoice.payment_failed' ||
    e.type === 'invoice.voided' ||
    e.type === 'invoice.uncollectible'
      ? num(d.amount_due)
      : e.type === 'invoice.paid'
        ? num(d.amount_paid)
        : e.type === 'charge.refunded'
          ? num(d.amount_refunded)
          : num(d.amount);
  return {
    id: e.id,
    kind: KIND[e.type as keyof typeof KIND],
    type: e.type,
    occurred_at: e.occurred_at,
    amount,
    currency: str(d.currency),
    invoice_id: str(d.invoice_id),
    description: describe(e),
    data: d,
  };
}

/**
 * A workspace's billing history, newest first: invoices, credit-pack payments and refunds,
 * out-of-band settlements and recorded bank payments, and plan changes, as the webhook
 * consumers recorded them (each once).
 */
export async function billingHistory(
  ports: { workspaces: WorkspaceLookup; timeline: BillingTimelineReader },
  projectId: string,
  workspaceId: string,
  page: { limit: number; cursor?: string },
): Promise<{ workspace_id: string; entries: TimelineEntry[]; next_cursor: string | null }> {
  await requireWorkspace(ports, projectId, workspaceId);
  const r = await ports.timeline.listOfTypes(projectId, workspaceId, TIMELINE_TYPES, page);
  return { workspace_id: workspaceId, entries: r.events.map(toTimelineEntry), next_cursor: r.cursor };
}
