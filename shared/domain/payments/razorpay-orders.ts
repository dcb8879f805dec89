import { createHash } from 'node:crypto';
import { ConflictError, UnprocessableError } from '#shared/errors';
import { ownedInvoice } from './invoices';
import type { PaymentPorts } from './ports';
import type { RazorpayOrderRecord } from './types';

/** Razorpay's smallest order: ₹1.00. */
const MIN_ORDER_PAISE = 100;
const RECEIPT_MAX = 40;

/** The invoice id is the receipt, so the Razorpay dashboard shows which invoice an order pays. */
const receiptFor = (invoiceId: string) =>
  invoiceId.length <= RECEIPT_MAX
    ? invoiceId
    : `inv_${createHash('sha256')
        .update(invoiceId)
        .digest('hex')
        .slice(0, RECEIPT_MAX - 4)}`;

export interface CheckoutOrder {
  order_id: string;
  amount: number;
  currency: 'INR';
  key_id: string;
  invoice_id: string;
  workspace_id: string;
  receipt: string;
  created: boolean;
}

/**
 * What is left to pay on an open INR invoice of the project: its amount remaining less the
 * part-payments recorded against it (bank transfers, cheques are not on the Stripe invoice until
 * it settles). Refused: another project's invoice (404), one not open (409), one not in INR or
 * under Razorpay's ₹1.00 minimum (422), one that recorded payments already cover (409).
 */
export async function payableInr(ports: PaymentPorts, projectId: string, invoiceId: string) {
  const { invoice, ref } = await ownedInvoice(ports, invoiceId, projectId);
  if (invoice.status !== 'open')
    throw new ConflictError(
      `Invoice ${invoice.id} is ${invoice.status}; only an open invoice can be paid`,
      'invoice_not_open',
      { status: invoice.status },
    );
  if (invoice.currency !== 'inr') {
    throw new UnprocessableError(
      `Razorpay collects INR only; invoice ${invoice.id} is in ${invoice.currency.toUpperCase()}`,
      'currency_not_supported',
      { currency: invoice.currency },
    );
  }
  const ledger = await ports.manualPayments.getLedger(invoice.id);
  const amount = invoice.amount_remaining - (ledger && ledger.currency === invoice.currency ? ledger.recorded : 0);
  if (amount <= 0)
    throw new ConflictError(
      `Recorded payments already cover invoice ${invoice.id}; it is being settled`,
      'payment_in_progress',
      { recorded: ledger?.recorded ?? 0 },
    );
  if (amount < MIN_ORDER_PAISE)
    throw new UnprocessableError(
      `Razorpay's minimum order is ₹1.00; ${amount} paise remain on invoice ${invoice.id}`,
      'amount_too_small',
      { amount_remaining: amount },
    );
  return { invoice, workspaceId: ref!.workspaceId, amount };
}

/**
 * A Razorpay order for what is left to pay on an open INR invoice (see `payableInr`). The same
 * invoice with the same amount gets the same order back (a customer who reopens the payment page
 * pays the order already shown); a changed amount gets a new order. The order → invoice mapping
 * is written before the order is handed out, so every webhook for it finds its invoice.
 */
export async function createRazorpayOrder(
  ports: PaymentPorts,
  projectId: string,
  invoiceId: string,
): Promise<CheckoutOrder> {
  const { invoice, workspaceId, amount } = await payableInr(ports, projectId, invoiceId);
  const answer = (orderId: string, created: boolean): CheckoutOrder => ({
    order_id: orderId,
    amount,
    currency: 'INR',
    key_id: ports.razorpayKeyId(),
    invoice_id: invoice.id,
    workspace_id: workspaceId,
    receipt: receiptFor(invoice.id),
    created,
  });

  const current = await ports.razorpayOrders.getInvoiceOrder(invoice.id);
  if (current && current.amount === amount && current.currency === 'inr') {
    const order = await ports.razorpayOrders.getOrder(current.orderId);
    if (order?.status === 'open') return answer(order.orderId, false);
    if (order?.status === 'paid')
      throw new ConflictError(
        `Order ${order.orderId} for invoice ${invoice.id} is already paid; the invoice is being settled`,
        'payment_in_progress',
      );
  }

  const razorpay = await ports.razorpay();
  // Keyed by invoice and amount: a retry after a lost answer finds the order it already made.
  const order = await razorpay.createOrder(
    {
      amountPaise: amount,
      currency: 'INR',
      receipt: receiptFor(invoice.id),
      notes: { invoice_id: invoice.id, project_id: projectId, workspace_id: workspaceId },
    },
    `invoice-order:${invoice.id}:${amount}`,
  );
  const now = ports.clock().toISOString();
  const record: RazorpayOrderRecord = {
    orderId: order.id,
    invoiceId: invoice.id,
    projectId,
    workspaceId: workspaceId,
    amount,
    currency: 'inr',
    status: 'open',
    paymentId: null,
    createdAt: now,
    closedAt: null,
  };
  await ports.razorpayOrders.putOrder(record);
  const winner = await ports.razorpayOrders.pointInvoiceAtOrder(invoice.id, {
    orderId: order.id,
    amount,
    currency: 'inr',
  });
  if (winner.orderId !== order.id) {
    // A concurrent request for the same invoice and amount won; its order is the one to pay.
    await ports.razorpayOrders.closeOrder(order.id, 'superseded', null, now);
    return answer(winner.orderId, false);
  }
  return answer(order.id, true);
}
