import type { CreditPorts } from '#shared/domain/credits/ports';
import { creditsForSubscription } from '#shared/domain/credits/webhooks';
import { invoiceSubscriptionId } from '#shared/domain/payments/invoices';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { emit, syncSubscription, workspaceForCustomer } from '#shared/domain/subscriptions/sync';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';
import { idOf, type StripeEventOf } from './events';

export type InvoiceEvent = StripeEventOf<
  | 'invoice.created'
  | 'invoice.finalized'
  | 'invoice.paid'
  | 'invoice.payment_failed'
  | 'invoice.marked_uncollectible'
  | 'invoice.voided'
>;

/** The billing event each invoice event becomes for the workspace (none for a draft's creation). */
const BILLING_EVENT: Record<InvoiceEvent['type'], string | null> = {
  'invoice.paid': 'invoice.paid',
  'invoice.payment_failed': 'invoice.payment_failed',
  'invoice.voided': 'invoice.voided',
  'invoice.marked_uncollectible': 'invoice.uncollectible',
  'invoice.finalized': 'invoice.finalized',
  'invoice.created': null,
};

/** An invoice moved: its subscription (if any) is synced and the workspace told. */
export async function onInvoiceEvent(ports: SyncPorts & CreditPorts, event: InvoiceEvent): Promise<HandledEvent> {
  const inv = event.data.object;
  const subId = invoiceSubscriptionId(inv);
  const at = new Date(event.created * 1000).toISOString();
  const synced = subId ? await syncSubscription(ports, subId, event.id, at) : undefined;
  const ref = subId ? synced?.ref : await workspaceForCustomer(ports, idOf(inv.customer)!);
  if (synced && event.type === 'invoice.paid')
    await creditsForSubscription(ports, synced, { invoice: inv.id, created: inv.created }, at);
  const type = BILLING_EVENT[event.type];
  if (ref && type) {
    await emit(ports, ref, event.id, at, [
      {
        type,
        data: {
          invoice_id: inv.id,
          amount_due: inv.amount_due,
          amount_paid: inv.amount_paid,
          currency: inv.currency,
          status: inv.status,
        },
      },
    ]);
  }
  return { status: 'processed', ref };
}
