import { type PackPurchasePorts, syncPackPurchase } from '#shared/domain/credits/purchases';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { syncSubscription, workspaceForCustomer } from '#shared/domain/subscriptions/sync';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';
import { idOf, type StripeEventOf } from './events';

export type CheckoutEvent = StripeEventOf<'checkout.session.completed' | 'checkout.session.async_payment_succeeded'>;

/** A completed Checkout Session: a plan's subscription is synced, a credit pack's credits land in the ledger. */
export async function onCheckoutEvent(
  ports: SyncPorts & PackPurchasePorts,
  event: CheckoutEvent,
): Promise<HandledEvent> {
  const s = event.data.object;
  const sub = idOf(s.subscription);
  const at = new Date(event.created * 1000).toISOString();
  if (sub) return { status: 'processed', ref: (await syncSubscription(ports, sub, event.id, at))?.ref };
  const customer = idOf(s.customer);
  const ref = customer ? await workspaceForCustomer(ports, customer) : undefined;
  const intent = idOf(s.payment_intent);
  if (ref && s.mode === 'payment' && intent) await syncPackPurchase(ports, ref, intent, at);
  return { status: 'processed', ref };
}
