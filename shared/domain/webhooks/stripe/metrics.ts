import type Stripe from 'stripe';
import { PackMetadata } from '#shared/domain/checkout/purchases';
import { countPackPayment, countPaidInvoice, countRefunds } from '#shared/domain/metrics/revenue';
import { emit, type WorkspaceRef } from '#shared/domain/subscriptions/sync';
import type { StripeEventPorts } from '#shared/domain/webhooks/ports';
import { idOf } from './events';

/**
 * What a handled event adds to its project's revenue: a paid invoice, a paid credit pack (which
 * also enters the workspace's billing history), a charge's refunds. Subscriptions are counted
 * where they are synced. Each source is counted once, so a replay or a duplicate adds nothing.
 */
export async function onMetricsEvent(ports: StripeEventPorts, event: Stripe.Event, ref: WorkspaceRef): Promise<void> {
  const metrics = ports.metrics;
  if (!metrics) return;
  switch (event.type) {
    case 'invoice.paid':
      await countPaidInvoice({ ...metrics, stripe: ports.stripe }, ref.projectId, event.data.object);
      return;
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const s = event.data.object;
      const pack = PackMetadata.safeParse(s.metadata);
      const intent = idOf(s.payment_intent);
      if (s.mode !== 'payment' || !pack.success || !intent || s.payment_status !== 'paid') return;
      await countPackPayment(metrics, ref.projectId, s, event.created);
      // The session's creation time keeps the entry one, whichever of its events arrives.
      await emit(ports, ref, `pack:${intent}`, new Date(s.created * 1000).toISOString(), [
        {
          type: 'credit_pack.paid',
          data: {
            payment_intent_id: intent,
            pack: pack.data.pack,
            credits: pack.data.credits,
            amount: s.amount_total ?? 0,
            currency: s.currency ?? '',
          },
        },
      ]);
      return;
    }
    case 'charge.refunded':
      await countRefunds(metrics, ref.projectId, event.data.object, event.created);
      return;
    default:
  }
}
