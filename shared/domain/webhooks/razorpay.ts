import type { RazorpayPayment, RazorpayPaymentLink } from '#shared/domain/payments/ports';
import {
  applyRazorpayLinkPayment,
  applyRazorpayPayment,
  type RazorpayOutcome,
} from '#shared/domain/payments/razorpay-payments';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { processStored, type StoredEventHandler } from './inbox';
import type { RazorpayEventPorts } from './ports';

/** What Tollgate reads of a stored Razorpay webhook event. */
export interface RazorpayEvent {
  event: string;
  /** The payment it carries, if any. */
  payment: RazorpayPayment | null;
  /** The Payment Link it carries (`payment_link.*` events). */
  paymentLink: RazorpayPaymentLink | null;
}

const PAYMENT_CARRIERS = new Set(['payment.captured', 'order.paid']);
const LINK_CLOSED = { 'payment_link.expired': 'expired', 'payment_link.cancelled': 'superseded' } as const;

const ownerOf = (r: RazorpayOutcome): WorkspaceRef | undefined => {
  const owner = r.outcome === 'settled' ? r.settlement : r.outcome === 'attention' ? r.attention : undefined;
  return owner?.projectId && owner.workspaceId
    ? { projectId: owner.projectId, workspaceId: owner.workspaceId }
    : undefined;
};

/** Razorpay's side of the inbox protocol. It has no API to fetch an event again, so every body is stored. */
export function razorpayEventHandler(ports: RazorpayEventPorts): StoredEventHandler<RazorpayEvent | undefined> {
  return {
    provider: 'razorpay',
    decode: ports.readEvent,
    async handle(event) {
      // A captured payment settles the invoice its order or Payment Link was made for:
      // `payment.captured`, `order.paid` and `payment_link.paid` all carry it; a replay is safe,
      // settlement is guarded by its own once-only record. An expired or cancelled link stops
      // being handed out. Other events, and signed events Tollgate cannot read, are ignored.
      if (event?.event === 'payment_link.paid' && event.paymentLink && event.payment) {
        const r = await applyRazorpayLinkPayment(ports, event.paymentLink, event.payment);
        return { status: 'processed', ref: ownerOf(r) };
      }
      if (event?.paymentLink && (event.event === 'payment_link.expired' || event.event === 'payment_link.cancelled')) {
        const record = await ports.razorpayLinks.getLink(event.paymentLink.id);
        if (!record) return { status: 'ignored' };
        const at = ports.clock().toISOString();
        await ports.razorpayLinks.closeLink(record.linkId, LINK_CLOSED[event.event], null, at);
        return { status: 'processed', ref: { projectId: record.projectId, workspaceId: record.workspaceId } };
      }
      if (!event?.payment || !PAYMENT_CARRIERS.has(event.event)) return { status: 'ignored' };
      return { status: 'processed', ref: ownerOf(await applyRazorpayPayment(ports, event.payment)) };
    },
  };
}

/** Processes one stored Razorpay event (see `processStored`). */
export function processRazorpayEvent(
  ports: RazorpayEventPorts,
  eventId: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  return processStored(ports, razorpayEventHandler(ports), eventId, opts);
}
