import { money } from '#shared/domain/money';
import { flagAttention } from './attention';
import type { PaymentPorts, RazorpayPayment } from './ports';
import { type SettleOutcome, settleInvoice } from './settlement';

/**
 * Applies one captured Razorpay payment to the invoice its order was made for. `payment.captured`
 * and `order.paid` both carry the payment and both come here, in any order and any number of
 * times: the order's mapping names the invoice, and settlement is once per invoice, so the first
 * to arrive pays and the rest are duplicates. Anything that does not match is flagged, not paid.
 */
export async function applyRazorpayPayment(
  ports: PaymentPorts,
  payment: RazorpayPayment,
  raisedBy = 'razorpay',
): Promise<SettleOutcome | { outcome: 'duplicate' }> {
  const currency = payment.currency.toLowerCase();
  const base = { source: raisedBy, reference: payment.id, amount: payment.amountPaise, currency };
  const order = payment.orderId ? await ports.razorpayOrders.getOrder(payment.orderId) : undefined;
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
    await ports.razorpayOrders.closeOrder(
      order.orderId,
      r.outcome === 'settled' ? 'paid' : 'attention',
      payment.id,
      ports.clock().toISOString(),
    );
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
  const ledger = await ports.manualPayments.getLedger(order.invoiceId);
  const recordedBefore = ledger && ledger.currency === currency ? ledger.recorded : 0;
  const r = await settleInvoice(ports, {
    invoiceId: order.invoiceId,
    source: 'razorpay',
    reference: payment.id,
    amount: payment.amountPaise,
    currency,
    expected: { projectId: order.projectId, workspaceId: order.workspaceId },
    details: {
      order_id: order.orderId,
      method: payment.method,
      ...(recordedBefore ? { recorded_before: recordedBefore } : {}),
    },
    raisedBy,
    recordedBefore,
  });
  return close(r);
}
