import type { RazorpayPayment } from '#shared/domain/payments/ports';
import { applyRazorpayPayment } from '#shared/domain/payments/razorpay-payments';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { processStored, type StoredEventHandler } from './inbox';
import type { RazorpayEventPorts } from './ports';

/** What Tollgate reads of a stored Razorpay webhook event. */
export interface RazorpayEvent {
  event: string;
  /** The payment it carries, if any. */
  payment: RazorpayPayment | null;
}

/** Razorpay's side of the inbox protocol. It has no API to fetch an event again, so every body is stored. */
export function razorpayEventHandler(ports: RazorpayEventPorts): StoredEventHandler<RazorpayEvent | undefined> {
  return {
    provider: 'razorpay',
    decode: ports.readEvent,
    async handle(event) {
      // A captured payment (`payment.captured` and `order.paid` both carry it) settles its order's
      // invoice; a replay is safe, settlement is guarded by its own once-only record. Other
      // events, and signed events Tollgate cannot read, are ignored.
      if (!event?.payment || (event.event !== 'payment.captured' && event.event !== 'order.paid'))
        return { status: 'ignored' };
      const r = await applyRazorpayPayment(ports, event.payment);
      const owner = r.outcome === 'settled' ? r.settlement : r.outcome === 'attention' ? r.attention : undefined;
      const ref: WorkspaceRef | undefined =
        owner?.projectId && owner.workspaceId
          ? { projectId: owner.projectId, workspaceId: owner.workspaceId }
          : undefined;
      return { status: 'processed', ref };
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
