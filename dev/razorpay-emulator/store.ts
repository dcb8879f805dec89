import { randomBytes } from 'node:crypto';
import type { Orders } from 'razorpay/dist/types/orders';
import type { Payments } from 'razorpay/dist/types/payments';
import {
  badRequest,
  CURRENCIES,
  checkNotes,
  integerAmount,
  MAX_AMOUNT,
  METHODS,
  MIN_AMOUNT,
  type Notes,
  notExist,
  ORDER_FIELDS,
  RECEIPT_MAX,
  razorpayId,
} from './validate';

export { badRequest, type Notes, RazorpayApiError, razorpayId } from './validate';

/**
 * The emulator's state: orders and payments as Razorpay's REST API v1 returns them. Field names
 * are picked from the SDK's own types so a rename in the pinned `razorpay` package shows up as a
 * compile error here.
 */

export interface EmulatorOrder
  extends Pick<Orders.RazorpayOrder, 'id' | 'amount_paid' | 'amount_due' | 'status' | 'attempts' | 'created_at'> {
  entity: 'order';
  amount: number;
  currency: string;
  receipt: string | null;
  offer_id: string | null;
  notes: Notes;
}

export interface EmulatorPayment
  extends Pick<
    Payments.RazorpayPayment,
    | 'id'
    | 'entity'
    | 'status'
    | 'invoice_id'
    | 'international'
    | 'captured'
    | 'card_id'
    | 'wallet'
    | 'vpa'
    | 'fee'
    | 'tax'
    | 'error_code'
    | 'error_description'
    | 'error_source'
    | 'error_step'
    | 'error_reason'
    | 'acquirer_data'
    | 'created_at'
    | 'method'
    | 'email'
  > {
  amount: number;
  currency: string;
  order_id: string;
  amount_refunded: number;
  refund_status: null;
  description: string | null;
  bank: string | null;
  contact: string;
  notes: Notes;
}

export interface PayOptions {
  method?: string;
  /** Paise; defaults to what is still due. Any positive amount is accepted so tests can pay the wrong sum. */
  amount?: number;
  email?: string;
  contact?: string;
  /** Checkout notes; Razorpay does not copy the order's notes onto its payments. */
  notes?: Record<string, string | number>;
  /** What Razorpay shows on the payment; a Payment Link's payment carries `#<link id without plink_>`. */
  description?: string;
}

export interface ListOrdersQuery {
  count?: number;
  skip?: number;
  from?: number;
  to?: number;
  receipt?: string;
  authorized?: boolean;
}

const clone = <T>(v: T): T => structuredClone(v);

const STORE_SNAPSHOT_VERSION = 1;

/** Orders and payments in creation order, each with its insertion sequence, and the next sequence. */
export interface StoreSnapshot {
  version: typeof STORE_SNAPSHOT_VERSION;
  orders: { order: EmulatorOrder; seq: number }[];
  payments: { payment: EmulatorPayment; seq: number }[];
  counter: number;
}

export class RazorpayStore {
  private readonly orders = new Map<string, EmulatorOrder>();
  private readonly payments = new Map<string, EmulatorPayment>();
  // Insertion sequence breaks ties between objects created within the same second.
  private readonly seq = new Map<string, number>();
  private counter = 0;

  /** `onChange` runs after every change (order created, payment made, reset). */
  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** A JSON-safe copy of the store; `restore` on a fresh store brings it back. */
  snapshot(): StoreSnapshot {
    return {
      version: STORE_SNAPSHOT_VERSION,
      orders: [...this.orders.values()].map((o) => ({ order: clone(o), seq: this.seq.get(o.id)! })),
      payments: [...this.payments.values()].map((p) => ({ payment: clone(p), seq: this.seq.get(p.id)! })),
      counter: this.counter,
    };
  }

  /** Replaces the store's contents with a snapshot; new objects continue its sequence. */
  restore(snap: StoreSnapshot): void {
    if (!snap || snap.version !== STORE_SNAPSHOT_VERSION)
      throw new Error(
        `Unsupported Razorpay emulator snapshot version ${String(snap?.version)} (expected ${STORE_SNAPSHOT_VERSION})`,
      );
    this.orders.clear();
    this.payments.clear();
    this.seq.clear();
    for (const { order, seq } of snap.orders) {
      this.orders.set(order.id, clone(order));
      this.seq.set(order.id, seq);
    }
    for (const { payment, seq } of snap.payments) {
      this.payments.set(payment.id, clone(payment));
      this.seq.set(payment.id, seq);
    }
    let next = snap.counter;
    for (const n of this.seq.values()) next = Math.max(next, n + 1);
    this.counter = next;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  createOrder(body: unknown): EmulatorOrder {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badRequest('The request body must be a JSON object.');
    const b = body as Record<string, unknown>;
    for (const key of Object.keys(b)) {
      if (!ORDER_FIELDS.has(key)) throw badRequest(`${key} is/are not required and should not be sent`, key);
    }
    const amount = integerAmount(b.amount, 'amount');
    if (b.currency === undefined || b.currency === '') throw badRequest('The currency field is required.', 'currency');
    if (typeof b.currency !== 'string' || !CURRENCIES.has(b.currency))
      throw badRequest('The selected currency is invalid.', 'currency');
    if (amount < MIN_AMOUNT) throw badRequest('Order amount less than minimum amount allowed', 'amount');
    if (amount > MAX_AMOUNT) throw badRequest('Order amount exceeds maximum amount allowed.', 'amount');
    let receipt: string | null = null;
    if (b.receipt !== undefined && b.receipt !== null) {
      if (typeof b.receipt !== 'string') throw badRequest('The receipt must be a string.', 'receipt');
      if (b.receipt.length > RECEIPT_MAX)
        throw badRequest(`The receipt may not be greater than ${RECEIPT_MAX} characters.`, 'receipt');
      receipt = b.receipt;
    }
    const notes = checkNotes(b.notes);
    const order: EmulatorOrder = {
      id: razorpayId('order'),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency: b.currency,
      receipt,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes,
      created_at: this.seconds(),
    };
    this.orders.set(order.id, order);
    this.seq.set(order.id, this.counter++);
    this.onChange();
    return clone(order);
  }

  getOrder(id: string): EmulatorOrder {
    const o = this.orders.get(id);
    if (!o) throw notExist();
    return clone(o);
  }

  getPayment(id: string): EmulatorPayment {
    const p = this.payments.get(id);
    if (!p) throw notExist();
    return clone(p);
  }

  /** Newest first, as Razorpay lists. */
  listOrders(q: ListOrdersQuery = {}): EmulatorOrder[] {
    const count = q.count ?? 10;
    const skip = q.skip ?? 0;
    return [...this.orders.values()]
      .filter((o) => (q.from === undefined || o.created_at >= q.from) && (q.to === undefined || o.created_at <= q.to))
      .filter((o) => q.receipt === undefined || o.receipt === q.receipt)
      .filter((o) => q.authorized === undefined || this.hasAuthorized(o.id) === q.authorized)
      .sort((a, b) => b.created_at - a.created_at || this.seq.get(b.id)! - this.seq.get(a.id)!)
      .slice(skip, skip + count)
      .map(clone);
  }

  private hasAuthorized(orderId: string): boolean {
    return [...this.payments.values()].some(
      (p) => p.order_id === orderId && (p.status === 'authorized' || p.status === 'captured'),
    );
  }

  orderPayments(orderId: string): EmulatorPayment[] {
    if (!this.orders.has(orderId)) throw notExist();
    return [...this.payments.values()]
      .filter((p) => p.order_id === orderId)
      .sort((a, b) => b.created_at - a.created_at || this.seq.get(b.id)! - this.seq.get(a.id)!)
      .map(clone);
  }

  allOrders(): EmulatorOrder[] {
    return [...this.orders.values()].map(clone);
  }

  allPayments(): EmulatorPayment[] {
    return [...this.payments.values()].map(clone);
  }

  counts() {
    return { orders: this.orders.size, payments: this.payments.size };
  }

  /** A customer pays through Checkout and the payment is auto-captured. */
  pay(orderId: string, opts: PayOptions = {}): { payment: EmulatorPayment; order: EmulatorOrder } {
    const order = this.orders.get(orderId);
    if (!order) throw notExist();
    if (order.status === 'paid') throw badRequest('Order has already been paid', 'order_id');
    const method = opts.method ?? 'upi';
    if (!METHODS.has(method)) throw badRequest('Invalid payment method given', 'method');
    const amount = opts.amount === undefined ? order.amount_due : integerAmount(opts.amount, 'amount');
    if (amount < 1) throw badRequest('The amount must be at least 1.', 'amount');
    const notes = checkNotes(opts.notes);
    // Razorpay's standard plan: 2% fee plus 18% GST on the fee, both deducted at settlement.
    const tax = Math.round(amount * 0.02 * 0.18);
    const fee = Math.round(amount * 0.02) + tax;
    const digits = (n: number) => [...randomBytes(n)].map((b) => String(b % 10)).join('');
    const payment: EmulatorPayment = {
      id: razorpayId('pay'),
      entity: 'payment',
      amount,
      currency: order.currency,
      status: 'captured',
      order_id: order.id,
      invoice_id: null,
      international: false,
      method,
      amount_refunded: 0,
      refund_status: null,
      captured: true,
      description: opts.description ?? null,
      card_id: method === 'card' || method === 'emi' ? razorpayId('card') : null,
      bank: method === 'netbanking' ? 'HDFC' : null,
      wallet: method === 'wallet' ? 'paytm' : null,
      vpa: method === 'upi' ? 'gaurav.kumar@exampleupi' : null,
      email: opts.email ?? 'gaurav.kumar@example.com',
      contact: opts.contact ?? '+919000090000',
      notes,
      fee,
      tax,
      error_code: null,
      error_description: null,
      error_source: null,
      error_step: null,
      error_reason: null,
      acquirer_data:
        method === 'upi'
          ? { rrn: digits(12), upi_transaction_id: digits(12) }
          : method === 'netbanking'
            ? { bank_transaction_id: digits(7) }
            : { auth_code: digits(6) },
      created_at: this.seconds(),
    };
    this.payments.set(payment.id, payment);
    this.seq.set(payment.id, this.counter++);
    order.attempts += 1;
    order.amount_paid += amount;
    order.amount_due = Math.max(0, order.amount - order.amount_paid);
    order.status = order.amount_paid >= order.amount ? 'paid' : 'attempted';
    this.onChange();
    return { payment: clone(payment), order: clone(order) };
  }

  reset(): void {
    this.orders.clear();
    this.payments.clear();
    this.seq.clear();
    this.onChange();
  }
}
