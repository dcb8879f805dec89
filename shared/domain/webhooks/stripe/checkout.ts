import type { PurchasePorts } from '../../checkout/ports';
import { syncPurchase } from '../../checkout/purchases';
import type { SyncPorts } from '../../subscriptions/ports';
import { syncSubscription, workspaceForCustomer } from '../../subscriptions/sync';
import type { HandledEvent } from '../inbox';
import { idOf, type StripeEventOf } from './events';

export type CheckoutEvent = StripeEventOf<'checkout.session.completed' | 'checkout.session.async_payment_succeeded'>;

/** A completed Checkout Session: a plan's subscription is synced, a credit pack's purchase granted. */
export async function onCheckoutEvent(ports: SyncPorts & PurchasePorts, event: CheckoutEvent): Promise<HandledEvent> {
  const s = event.data.object;
  const sub = idOf(s.subscription);
  if (sub) return { status: 'processed', ref: (await syncSubscription(ports, sub, event.id))?.ref };
  const customer = idOf(s.customer);
  const ref = customer ? await workspaceForCustomer(ports, customer) : undefined;
  const intent = idOf(s.payment_intent);
  if (ref && s.mode === 'payment' && intent) await syncPurchase(ports, ref, intent);
  return { status: 'processed', ref };
}
