import type Stripe from 'stripe';
import type { StripeClient } from '#shared/domain/subscriptions/ports';
import type { MetricsPorts } from './ports';
import { dayOf } from './subscriptions';

const idOf = (x: string | { id: string } | null | undefined): string | null =>
  typeof x === 'string' ? x : (x?.id ?? null);
const dayOfEpoch = (s: number) => dayOf(new Date(s * 1000));

/**
 * A paid invoice counts once, on the day it was paid, for what it collected; what was paid
 * outside Stripe (a Razorpay payment or a bank transfer settled as paid out of band) is read
 * from Stripe's expand-only `amount_paid_off_stripe`.
 */
export async function countPaidInvoice(
  ports: MetricsPorts & { stripe: StripeClient },
  projectId: string,
  inv: Stripe.Invoice,
): Promise<number> {
  if (inv.status !== 'paid' || !inv.id) return 0;
  const fresh = await (await ports.stripe()).invoices.retrieve(inv.id, { expand: ['amount_paid_off_stripe'] });
  const offStripe = fresh.amount_paid_off_stripe ?? 0;
  const day = dayOfEpoch(fresh.status_transitions?.paid_at ?? fresh.created);
  return ports.store.countSource(projectId, `invoice:${fresh.id}`, 1, day, fresh.currency, () => ({
    collected: fresh.amount_paid,
    out_of_band: offStripe,
    invoices: 1,
  }));
}

/** A paid credit pack (a Checkout Session in payment mode) counts once for what it collected. */
export async function countPackPayment(
  ports: MetricsPorts,
  projectId: string,
  session: Stripe.Checkout.Session,
  at: number,
): Promise<number> {
  const intent = idOf(session.payment_intent);
  if (
    session.mode !== 'payment' ||
    session.payment_status !== 'paid' ||
    !intent ||
    !session.amount_total ||
    !session.currency
  )
    return 0;
  const amount = session.amount_total;
  return ports.store.countSource(projectId, `pack:${intent}`, 1, dayOfEpoch(at), session.currency, () => ({
    collected: amount,
    credit_packs: amount,
  }));
}

/**
 * A charge's refunds count by the refunded total Stripe reports: each event adds only what the
 * total grew by since the last one counted, so duplicates and replays add nothing.
 */
export async function countRefunds(
  ports: MetricsPorts,
  projectId: string,
  charge: Stripe.Charge,
  at: number,
): Promise<number> {
  if (!charge.amount_refunded) return 0;
  return ports.store.countSource(
    projectId,
    `refund:${charge.id}`,
    charge.amount_refunded,
    dayOfEpoch(at),
    charge.currency,
    (added) => ({ refunds: added }),
  );
}
