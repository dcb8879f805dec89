import { type PackPurchasePorts, syncPackPurchase } from '#shared/domain/credits/purchases';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { emit, workspaceForCustomer } from '#shared/domain/subscriptions/sync';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';
import { idOf, type StripeEventOf } from './events';

export type RefundEvent = StripeEventOf<
  'charge.refunded' | 'charge.refund.updated' | 'refund.updated' | 'refund.failed'
>;

/**
 * A refund: a credit pack's ledger entries follow what is still paid for (only unconsumed credits
 * are taken back). A refund that fails or is canceled gives the money back, so the credits return.
 */
export async function onRefundEvent(ports: SyncPorts & PackPurchasePorts, event: RefundEvent): Promise<HandledEvent> {
  const at = new Date(event.created * 1000).toISOString();
  if (event.type === 'charge.refunded') {
    const charge = event.data.object;
    const ref = charge.customer ? await workspaceForCustomer(ports, idOf(charge.customer)!) : undefined;
    const intent = idOf(charge.payment_intent);
    if (ref && intent) await syncPackPurchase(ports, ref, intent, at);
    if (ref) {
      await emit(ports, ref, event.id, at, [
        {
          type: 'charge.refunded',
          data: { charge_id: charge.id, amount_refunded: charge.amount_refunded, currency: charge.currency },
        },
      ]);
    }
    return { status: 'processed', ref };
  }
  const refund = event.data.object;
  const customer = idOf(refund.customer);
  const intent = idOf(refund.payment_intent);
  const ref = customer ? await workspaceForCustomer(ports, customer) : undefined;
  if (ref && intent) await syncPackPurchase(ports, ref, intent, at);
  return ref ? { status: 'processed', ref } : { status: 'ignored' };
}
