import type { RazorpayOrder, RazorpayPayment } from './schemas';

export type { RazorpayOrder, RazorpayPayment } from './schemas';

export interface CreateRazorpayOrderInput {
  /** Integer paise; Razorpay's minimum is 100 (₹1.00). */
  amountPaise: number;
  currency: string;
  /** Up to 40 characters; Tollgate puts the invoice id here so the Razorpay dashboard shows it. */
  receipt?: string;
  /** Up to 15 keys (one is used by the idempotency key when given), values up to 256 characters. */
  notes?: Record<string, string>;
}

/**
 * What Tollgate needs from Razorpay. Failures are `RazorpayRequestError` (Razorpay refused; do not
 * retry) or `RazorpayUnavailableError` (retry later), both AppErrors.
 */
export interface RazorpayPort {
  /**
   * Creates an order. With an idempotency key, an order already created under the same key is
   * returned instead of a second one (Razorpay has no idempotency header for orders; see adapter).
   */
  createOrder(input: CreateRazorpayOrderInput, idempotencyKey?: string): Promise<RazorpayOrder>;
  fetchOrder(orderId: string): Promise<RazorpayOrder>;
  /** Every payment attempt on the order, failed ones included. */
  fetchOrderPayments(orderId: string): Promise<RazorpayPayment[]>;
  fetchPayment(paymentId: string): Promise<RazorpayPayment>;
}
