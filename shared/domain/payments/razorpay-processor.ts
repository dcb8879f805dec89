import type { InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import { toRazorpayPayment, type RazorpayPayment } from '../../adapters/razorpay/schemas';
import { RazorpayWebhookEvent } from '../../adapters/razorpay/webhook';
import { PoisonMessageError } from '../../errors';
import { flagAttention } from './attention';
import type { PaymentPorts } from './ports';
import { settleInvoice, type SettleOutcome } from './settlement';
import { money } from '../money';

export interface RazorpayProcessorPorts extends PaymentPorts {
  inbox: Pick<InboxRepository, 'get' | 'markAttempt' | 'markDone' | 'markFailed'>;
}


/**
 * Applies one captured Razorpay payment to the invoice its order was made for. `payment.captured`
 * and `order.paid` both carry the payment and both come here, in any order and any number of
 * times: the order's mapping names the invoice, and settlement is once per invoice, so the first
 * to arrive pays and the rest are duplicates. Anything that does not match is flagged, not paid.
 */
export async function applyRazorpayPayment(ports: PaymentPorts, payment: RazorpayPayment, raisedBy = 'razorpay'): Promise<SettleOutcome | { outcome: 'duplicate' }> {
  const currency = payment.currency.toLowerCase();
  const base = { source: raisedBy, reference: payment.id, amount: payment.amountPaise, currency };
  const order = payment.orderId ? await ports.payments.getOrder(payment.orderId) : undefined;
  if (!order) {
    const attention = await flagAttention(ports, {
      ...base,
      reason: 'unknown_order',
      message: `Razorpay payment ${payment.id} of ${money(payment.amountPaise, currency)} is for ${payment.orderId ? `order ${payment.orderId}, which Tollgate did not create` : 'no order'}; not applied`,
      details: { order_id: payment.orderId, method: payment.method, email: payment.email },
    });
    return { outcome: 'attention', attention };
  }
  if (order.status === 'paid' && order.paymentId === payment.id) return { outcome: 'duplicate' };
  const at = { invoiceId: order.invoiceId, projectId: order.projectId, workspaceId: order.workspaceId };
  const close = async (r: SettleOutcome) => {
    await ports.payments.closeOrder(order.orderId, r.outcome === 'settled' ? 'paid' : 'attention', payment.id, ports.clock().toISOString());
    return r;
  };

  if (payment.status !== 'captured') {
    const attention = await flagAttention(ports, {
      ...base,
      ...at,
      reason: 'payment_not_captured',
      message: `Razorpay payment ${payment.id} is ${payment.status}, not captured; not applied`,
      details: { order_id: order.orderId, status: payment.status },
    });
    return { outcome: 'attention', attention };
  }
  if (currency !== order.currency) {
    const attention = await flagAttention(ports, {
      ...base,
      ...at,
      reason: 'currency_mismatch',
      message: `Razorpay payment ${payment.id} is in ${currency.toUpperCase()}; order ${order.orderId} was for ${order.currency.toUpperCase()}; not applied`,
      details: { order_id: order.orderId, order_currency: order.currency },
    });
    return close({ outcome: 'attention', attention });
  }
  if (payment.amountPaise !== order.amount) {
    const attention = await flagAttention(ports, {
      ...base,
      ...at,
      reason: 'amount_mismatch',
      message: `Razorpay payment ${payment.id} of ${money(payment.amountPaise, currency)} does not match order ${order.orderId} of ${money(order.amount, order.currency)}; not applied`,
      details: { order_id: order.orderId, order_amount: order.amount },
    });
    return close({ outcome: 'attention', attention });
  }
  // Part-payments recorded since (or before) the order was made count towards the invoice too.
  const ledger = await ports.payments.getLedger(order.invoiceId);
  const recordedBefore = ledger && ledger.currency === currency ? ledger.recorded : 0;
  const r = await settleInvoice(ports, {
    invoiceId: order.invoiceId,
    source: 'razorpay',
    reference: payment.id,
    amount: payment.amountPaise,
    currency,
    expected: { projectId: order.projectId, workspaceId: order.workspaceId },
    details: { order_id: order.orderId, method: payment.method, ...(recordedBefore ? { recorded_before: recordedBefore } : {}) },
    raisedBy,
    recordedBefore,
  });
  return close(r);
}

/**
 * Processes one stored Razorpay event. A processed event is a no-op; a failure is recorded on
 * the inbox row and rethrown so SQS retries it, ending in the DLQ.
 */
export async function processRazorpayEvent(ports: RazorpayProcessorPorts, eventId: string, opts: { force?: boolean } = {}): Promise<void> {
  const row = await ports.inbox.get('razorpay', eventId);
  if (!row) throw new PoisonMessageError(`no stored Razorpay event ${eventId}`);
  // A replay is safe: settlement is guarded by its own once-only record.
  if ((row.status === 'processed' || row.status === 'ignored') && !opts.force) return;
  // The receiver refuses bodies the inbox cannot keep, and Razorpay has no event to fetch again.
  if (row.payload === null) throw new PoisonMessageError(`Razorpay event ${eventId} was stored without its body`);
  await ports.inbox.markAttempt('razorpay', eventId);
  try {
    const parsed = RazorpayWebhookEvent.safeParse(JSON.parse(row.payload));
    const handled = parsed.success && (parsed.data.event === 'payment.captured' || parsed.data.event === 'order.paid') && parsed.data.payload.payment;
    let ref: { projectId: string; workspaceId: string } | undefined;
    if (handled) {
      const r = await applyRazorpayPayment(ports, toRazorpayPayment(parsed.data.payload.payment!.entity));
      const order = r.outcome === 'settled' ? r.settlement : r.outcome === 'attention' ? r.attention : undefined;
      if (order?.projectId && order.workspaceId) ref = { projectId: order.projectId, workspaceId: order.workspaceId };
    }
    await ports.inbox.markDone('razorpay', eventId, {
      status: handled ? 'processed' : 'ignored',
      projectId: ref?.projectId ?? null,
      workspaceId: ref?.workspaceId ?? null,
      at: ports.clock().toISOString(),
    });
  } catch (e) {
    await ports.inbox.markFailed('razorpay', eventId, (e as Error).message).catch(() => undefined);
    throw e;
  }
}
