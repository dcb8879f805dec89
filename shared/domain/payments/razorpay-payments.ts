import { money } from '#shared/domain/money';
import { flagAttention } from './attention';
import type { PaymentPorts, RazorpayPayment, RazorpayPaymentLink } from './ports';
import { type SettleOutcome, settleInvoice } from './settlement';
import type { RazorpayLinkRecord, RazorpayOrderRecord } from './types';

export type RazorpayOutcome = SettleOutcome | { outcome: 'duplicate' };

/** What a Razorpay payment pays: an order or a Payment Link that Tollgate made for one invoice. */
interface PaymentTarget {
  kind: 'order' | 'payment link';
  id: string;
  invoiceId: string;
  projectId: string;
  workspaceId: string;
  amount: number;
  currency: string;
  status: string;
  paymentId: string | null;
  close(status: 'paid' | 'attention', paymentId: string, at: string): Promise<boolean>;
}

const orderTarget = (ports: PaymentPorts, o: RazorpayOrderRecord): PaymentTarget => ({
  kind: 'order',
  id: o.orderId,
  ...o,
  close: (status, paymentId, at) => ports.razorpayOrders.closeOrder(o.orderId, status, paymentId, at),
});

const linkTarget = (ports: PaymentPorts, l: RazorpayLinkRecord): PaymentTarget => ({
  kind: 'payment link',
  id: l.linkId,
  ...l,
  close: (status, paymentId, at) => ports.razorpayLinks.closeLink(l.linkId, status, paymentId, at),
});

/** Razorpay describes a Payment Link's payment as `#<link id without plink_>`. */
export function paymentLinkIdOf(payment: RazorpayPayment): string | null {
  const m = /^#([A-Za-z0-9]{1,40})$/.exec(payment.description ?? '');
  return m ? `plink_${m[1]}` : null;
}

/**
 * Applies one captured Razorpay payment to the invoice its order or Payment Link was made for.
 * `payment.captured`, `order.paid` and `payment_link.paid` all carry the payment and all come
 * here, in any order and any number of times: the order's or link's mapping names the invoice,
 * and settlement is once per invoice, so the first to arrive pays and the rest are duplicates.
 * Anything that does not match is flagged, not paid.
 */
export async function applyRazorpayPayment(
  ports: PaymentPorts,
  payment: RazorpayPayment,
  raisedBy = 'razorpay',
): Promise<RazorpayOutcome> {
  const order = payment.orderId ? await ports.razorpayOrders.getOrder(payment.orderId) : undefined;
  if (order) return applyToTarget(ports, payment, orderTarget(ports, order), raisedBy);
  // A link's payment is made on an order Razorpay opened for the link, not one of Tollgate's.
  const linkId = paymentLinkIdOf(payment);
  const link = linkId ? await ports.razorpayLinks.getLink(linkId) : undefined;
  if (link) return applyToTarget(ports, payment, linkTarget(ports, link), raisedBy);
  const what = linkId
    ? `Payment Link ${linkId}, which Tollgate did not create`
    : payment.orderId
      ? `order ${payment.orderId}, which Tollgate did not create`
      : 'no order';
  const attention = await flagAttention(ports, {
    source: raisedBy,
    reference: payment.id,
    amount: payment.amountPaise,
    currency: payment.currency.toLowerCase(),
    reason: linkId ? 'unknown_payment_link' : 'unknown_order',
    message: `Razorpay payment ${payment.id} of ${money(payment.amountPaise, payment.currency.toLowerCase())} is for ${what}; not applied`,
    details: { order_id: payment.orderId, payment_link_id: linkId, method: payment.method, email: payment.email },
  });
  return { outcome: 'attention', attention };
}

/**
 * `payment_link.paid`: the link names the invoice through Tollgate's record of it. The link's
 * notes carry the project it was made for; a link whose notes name another project than the
 * record is flagged, never paid.
 */
export async function applyRazorpayLinkPayment(
  ports: PaymentPorts,
  link: Pick<RazorpayPaymentLink, 'id' | 'notes'>,
  payment: RazorpayPayment,
  raisedBy = 'razorpay',
): Promise<RazorpayOutcome> {
  const record = await ports.razorpayLinks.getLink(link.id);
  const base = {
    source: raisedBy,
    reference: payment.id,
    amount: payment.amountPaise,
    currency: payment.currency.toLowerCase(),
  };
  if (!record) {
    const attention = await flagAttention(ports, {
      ...base,
      reason: 'unknown_payment_link',
      message: `Razorpay payment ${payment.id} of ${money(payment.amountPaise, base.currency)} is for Payment Link ${link.id}, which Tollgate did not create; not applied`,
      details: { payment_link_id: link.id, project_id: link.notes.project_id ?? null, method: payment.method },
    });
    return { outcome: 'attention', attention };
  }
  if (link.notes.project_id !== undefined && link.notes.project_id !== record.projectId) {
    const attention = await flagAttention(ports, {
      ...base,
      invoiceId: record.invoiceId,
      projectId: record.projectId,
      workspaceId: record.workspaceId,
      reason: 'workspace_mismatch',
      message: `Payment Link ${link.id} names project ${link.notes.project_id}, but Tollgate made it for another; not applied`,
      details: { payment_link_id: link.id, notes_project_id: link.notes.project_id },
    });
    return { outcome: 'attention', attention };
  }
  return applyToTarget(ports, payment, linkTarget(ports, record), raisedBy);
}

async function applyToTarget(
  ports: PaymentPorts,
  payment: RazorpayPayment,
  t: PaymentTarget,
  raisedBy: string,
): Promise<RazorpayOutcome> {
  const currency = payment.currency.toLowerCase();
  const base = { source: raisedBy, reference: payment.id, amount: payment.amountPaise, currency };
  const idField = t.kind === 'order' ? 'order_id' : 'payment_link_id';
  if (t.status === 'paid' && t.paymentId === payment.id) return { outcome: 'duplicate' };
  const at = { invoiceId: t.invoiceId, projectId: t.projectId, workspaceId: t.workspaceId };
  const close = async (r: SettleOutcome) => {
    await t.close(r.outcome === 'settled' ? 'paid' : 'attention', payment.id, ports.clock().toISOString());
    return r;
  };

  if (payment.status !== 'captured') {
    const attention = await flagAttention(ports, {
      ...base,
      ...at,
      reason: 'payment_not_captured',
      message: `Razorpay payment ${payment.id} is ${payment.status}, not captured; not applied`,
      details: { [idField]: t.id, status: payment.status },
    });
    return { outcome: 'attention', attention };
  }
  if (currency !== t.currency) {
    const attention = await flagAttention(ports, {
      ...base,
      ...at,
      reason: 'currency_mismatch',
      message: `Razorpay payment ${payment.id} is in ${currency.toUpperCase()}; ${t.kind} ${t.id} was for ${t.currency.toUpperCase()}; not applied`,
      details: { [idField]: t.id, [`${t.kind === 'order' ? 'order' : 'link'}_currency`]: t.currency },
    });
    return close({ outcome: 'attention', attention });
  }
  if (payment.amountPaise !== t.amount) {
    const attention = await flagAttention(ports, {
      ...base,
      ...at,
      reason: 'amount_mismatch',
      message: `Razorpay payment ${payment.id} of ${money(payment.amountPaise, currency)} does not match ${t.kind} ${t.id} of ${money(t.amount, t.currency)}; not applied`,
      details: { [idField]: t.id, [`${t.kind === 'order' ? 'order' : 'link'}_amount`]: t.amount },
    });
    return close({ outcome: 'attention', attention });
  }
  // Part-payments recorded since (or before) the order or link was made count towards the invoice too.
  const ledger = await ports.manualPayments.getLedger(t.invoiceId);
  const recordedBefore = ledger && ledger.currency === currency ? ledger.recorded : 0;
  const r = await settleInvoice(ports, {
    invoiceId: t.invoiceId,
    source: 'razorpay',
    reference: payment.id,
    amount: payment.amountPaise,
    currency,
    expected: { projectId: t.projectId, workspaceId: t.workspaceId },
    details: {
      [idField]: t.id,
      method: payment.method,
      ...(recordedBefore ? { recorded_before: recordedBefore } : {}),
    },
    raisedBy,
    recordedBefore,
  });
  return close(r);
}
