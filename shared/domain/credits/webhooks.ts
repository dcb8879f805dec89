import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { allocatePeriod } from './allocate';
import type { CreditPorts } from './ports';

/** Invoices created this long before the period's start still pay for it (clock skew between Stripe and its events). */
const INVOICE_SLACK_MS = 60 * 60 * 1000;

/**
 * What a synced subscription means for credits: a trial earns its period's credits when it
 * starts; a paid period earns them when Stripe says an invoice of that period is paid (`invoice`,
 * created at or after the period's start: a late payment of an older invoice earns nothing for
 * the period that followed it). Allocation is once per period, so any order or repetition of
 * events allocates once.
 */
export async function creditsForSubscription(
  ports: CreditPorts,
  synced: { ref: WorkspaceRef; snapshot: SubscriptionSnapshot },
  invoice: { invoice: string; created: number } | null,
  occurredAt?: string,
): Promise<void> {
  const s = synced.snapshot;
  if (s.status === 'trialing') {
    await allocatePeriod(ports, synced.ref, s, invoice?.invoice ?? s.subscription_id, occurredAt);
    return;
  }
  if (!invoice || (s.status !== 'active' && s.status !== 'past_due')) return;
  if (invoice.created * 1000 < Date.parse(s.current_period_start) - INVOICE_SLACK_MS) return;
  await allocatePeriod(ports, synced.ref, s, invoice.invoice, occurredAt);
}
