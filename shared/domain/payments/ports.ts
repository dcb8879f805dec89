import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import type {
  AttentionItem,
  ManualPaymentRecord,
  ManualPaymentResult,
  PaymentLedger,
  RazorpayLinkRecord,
  RazorpayOrderRecord,
  Settlement,
} from './types';

/** One page of a stored list; `cursor` continues it (null at the end). */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export type ClaimResult = { claimed: true; settlement: Settlement } | { claimed: false; existing: Settlement };

/** The "paid once" guard of each invoice. */
export interface SettlementStore {
  getSettlement(invoiceId: string): Promise<Settlement | undefined>;
  /**
   * Claims the right to pay an invoice. A new claim, a retry of the same reference's claim
   * (same attempt, so the same Stripe idempotency key), or a re-claim after a failed attempt
   * (next attempt) succeed; anything else returns the settlement that holds the invoice.
   */
  claimSettlement(s: Omit<Settlement, 'status' | 'attempt' | 'settledAt' | 'lastError'>): Promise<ClaimResult>;
  markSettled(invoiceId: string, attempt: number, at: string): Promise<void>;
  /** Releases a claim whose Stripe call was refused, so a later, valid payment can settle. */
  markSettlementFailed(invoiceId: string, attempt: number, error: string): Promise<void>;
  listSettlements(status: 'pending' | 'failed', page: { limit: number; cursor?: string }): Promise<Page<Settlement>>;
}

export interface InvoiceOrderPointer {
  orderId: string;
  amount: number;
  currency: string;
}

/** Razorpay orders Tollgate made, and which one each invoice currently points at. */
export interface RazorpayOrderStore {
  putOrder(o: RazorpayOrderRecord): Promise<void>;
  getOrder(orderId: string): Promise<RazorpayOrderRecord | undefined>;
  getInvoiceOrder(invoiceId: string): Promise<InvoiceOrderPointer | undefined>;
  /** Points the invoice at an order unless another order for the same amount got there first; returns the order it points at afterwards. */
  pointInvoiceAtOrder(invoiceId: string, order: InvoiceOrderPointer): Promise<InvoiceOrderPointer>;
  /** Closes an open order; false if it was already closed (by a concurrent delivery). */
  closeOrder(
    orderId: string,
    status: 'paid' | 'attention' | 'superseded',
    paymentId: string | null,
    at: string,
  ): Promise<boolean>;
  listOpenOrders(page: { limit: number; cursor?: string }): Promise<Page<RazorpayOrderRecord>>;
}

export interface InvoiceLinkPointer {
  linkId: string;
  amount: number;
  currency: string;
  generation: number;
}

/** Razorpay Payment Links Tollgate made, and which one each invoice currently points at. */
export interface RazorpayLinkStore {
  putLink(l: RazorpayLinkRecord): Promise<void>;
  getLink(linkId: string): Promise<RazorpayLinkRecord | undefined>;
  getInvoiceLink(invoiceId: string): Promise<InvoiceLinkPointer | undefined>;
  /** Points the invoice at a link of a later generation (or the same link again); returns the link it points at afterwards. */
  pointInvoiceAtLink(invoiceId: string, link: InvoiceLinkPointer): Promise<InvoiceLinkPointer>;
  /** Closes an open link; false if it was already closed (by a concurrent delivery). */
  closeLink(
    linkId: string,
    status: Exclude<RazorpayLinkRecord['status'], 'open'>,
    paymentId: string | null,
    at: string,
  ): Promise<boolean>;
  listOpenLinks(page: { limit: number; cursor?: string }): Promise<Page<RazorpayLinkRecord>>;
}

export type RecordPaymentResult =
  | { recorded: true; ledger: PaymentLedger }
  | { recorded: false; reason: 'reference_exists' | 'overpayment' };

/** Manual payments, their references (claimed once per project and gateway) and each invoice's ledger. */
export interface ManualPaymentStore {
  findPaymentByReference(
    projectId: string,
    gateway: string,
    reference: string,
  ): Promise<ManualPaymentRecord | undefined>;
  getLedger(invoiceId: string): Promise<PaymentLedger | undefined>;
  /** Claims the reference, stores the payment and raises the ledger within `target`, all or nothing. */
  recordPayment(p: ManualPaymentRecord, target: number): Promise<RecordPaymentResult>;
  setPaymentResult(invoiceId: string, paymentId: string, result: ManualPaymentResult): Promise<void>;
  listInvoicePayments(invoiceId: string): Promise<ManualPaymentRecord[]>;
}

/** Items finance must look at; the same id seen again counts an occurrence. */
export interface AttentionStore {
  raiseAttention(a: Omit<AttentionItem, 'status' | 'occurrences' | 'lastSeenAt'>): Promise<AttentionItem>;
  getAttention(id: string): Promise<AttentionItem | undefined>;
  /** Open items of a project (or of no known project, with `null`), oldest first. */
  listAttention(projectId: string | null, page: { limit: number; cursor?: string }): Promise<Page<AttentionItem>>;
  /** Takes an item off the open list, keeping it for the record; undefined if there is none. */
  resolveAttention(id: string, at: string, note: string | null): Promise<AttentionItem | undefined>;
}

/** A Razorpay order as Tollgate uses it; amounts are integer paise (minor units). */
export interface RazorpayOrder {
  id: string;
  amountPaise: number;
  amountPaidPaise: number;
  amountDuePaise: number;
  currency: string;
  receipt: string | null;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string>;
  createdAt: string;
}

/** A Razorpay payment as Tollgate uses it; amounts are integer paise (minor units). */
export interface RazorpayPayment {
  id: string;
  orderId: string | null;
  amountPaise: number;
  amountRefundedPaise: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  captured: boolean;
  method: string;
  notes: Record<string, string>;
  email: string | null;
  contact: string | null;
  errorCode: string | null;
  errorDescription: string | null;
  /** A Payment Link's payment is described `#<link id without plink_>`. */
  description: string | null;
  createdAt: string;
}

export interface CreateRazorpayOrderInput {
  /** Integer paise; Razorpay's minimum is 100 (₹1.00). */
  amountPaise: number;
  currency: string;
  /** Up to 40 characters; Tollgate puts the invoice id here so the Razorpay dashboard shows it. */
  receipt?: string;
  /** Up to 15 keys (one is used by the idempotency key when given), values up to 256 characters. */
  notes?: Record<string, string>;
}

/** A Razorpay Payment Link as Tollgate uses it; amounts are integer paise. */
export interface RazorpayPaymentLink {
  id: string;
  amountPaise: number;
  amountPaidPaise: number;
  currency: string;
  status: 'created' | 'partially_paid' | 'paid' | 'cancelled' | 'expired';
  referenceId: string;
  shortUrl: string;
  /** ISO, or null when the link has no expiry of its own. */
  expiresAt: string | null;
  /** The order its payments were made on (from the first payment). */
  orderId: string | null;
  notes: Record<string, string>;
  payments: { paymentId: string; amountPaise: number; status: string }[];
}

export interface CreatePaymentLinkInput {
  /** Integer paise; at least 100 (₹1.00). */
  amountPaise: number;
  currency: string;
  /** Unique per Razorpay account, at most 40 characters: Razorpay refuses a second link with it. */
  referenceId: string;
  description: string;
  /** Unix seconds, 15 minutes to six months ahead. */
  expireBy: number;
  notes: Record<string, string>;
  customer?: { name?: string; email?: string };
}

/**
 * What Tollgate needs from Razorpay. Failures are AppErrors: Razorpay refused (do not retry) or
 * Razorpay unavailable (retry later).
 */
export interface RazorpayPort {
  /**
   * Creates an order. With an idempotency key, an order already created under the same key is
   * returned instead of a second one (Razorpay has no idempotency header for orders).
   */
  createOrder(input: CreateRazorpayOrderInput, idempotencyKey?: string): Promise<RazorpayOrder>;
  fetchOrder(orderId: string): Promise<RazorpayOrder>;
  /** Every payment attempt on the order, failed ones included. */
  fetchOrderPayments(orderId: string): Promise<RazorpayPayment[]>;
  fetchPayment(paymentId: string): Promise<RazorpayPayment>;
  /**
   * Creates a Payment Link. Razorpay refuses a second link with the same `reference_id`; the link
   * that holds it is then returned (a retry after a lost answer gets the link it made), or a
   * conflict when that link is for another amount or currency.
   */
  createPaymentLink(input: CreatePaymentLinkInput): Promise<RazorpayPaymentLink>;
  fetchPaymentLink(linkId: string): Promise<RazorpayPaymentLink>;
  cancelPaymentLink(linkId: string): Promise<RazorpayPaymentLink>;
}

/** Everything the payment flows need: the subscription sync's ports plus the payment records and Razorpay. */
export interface PaymentPorts extends SyncPorts {
  settlements: SettlementStore;
  razorpayOrders: RazorpayOrderStore;
  razorpayLinks: RazorpayLinkStore;
  manualPayments: ManualPaymentStore;
  attention: AttentionStore;
  razorpay: () => Promise<RazorpayPort>;
  /** The public key id Razorpay Checkout is opened with. */
  razorpayKeyId: () => string;
}
