/** Money is integer minor units (paise, cents) with a lower-case ISO 4217 currency. */

/** Where a payment came from: Razorpay (webhook or drift), or a manual record (bank, cheque, another gateway). */
export type PaymentSource = 'razorpay' | 'manual';

export const MANUAL_METHODS = ['neft', 'rtgs', 'imps', 'upi', 'cheque', 'other'] as const;
export type ManualMethod = (typeof MANUAL_METHODS)[number];

/**
 * The "paid once" guard of one Stripe invoice. Written before Stripe is called; `attempt` makes
 * the Stripe idempotency key, so a crash between this write and Stripe's answer replays the same
 * call instead of paying twice.
 */
export interface Settlement {
  invoiceId: string;
  status: 'pending' | 'settled' | 'failed';
  source: PaymentSource;
  /** What paid it: a Razorpay payment id or a manual payment reference. */
  reference: string;
  amount: number;
  currency: string;
  projectId: string;
  workspaceId: string;
  attempt: number;
  createdAt: string;
  settledAt: string | null;
  lastError: string | null;
}

/** A Razorpay order Tollgate created for an invoice; webhooks are routed by the order id. */
export interface RazorpayOrderRecord {
  orderId: string;
  invoiceId: string;
  projectId: string;
  workspaceId: string;
  amount: number;
  currency: string;
  status: 'open' | 'paid' | 'attention' | 'superseded';
  paymentId: string | null;
  createdAt: string;
  closedAt: string | null;
}

/**
 * A Razorpay Payment Link Tollgate created for an invoice (one per invoice, amount due and
 * generation); webhooks find their invoice by the link id. The link's notes carry the project.
 */
export interface RazorpayLinkRecord {
  linkId: string;
  invoiceId: string;
  projectId: string;
  workspaceId: string;
  amount: number;
  currency: string;
  /** The link's unique `reference_id` at Razorpay: what makes its creation idempotent. */
  referenceId: string;
  /** Counts the links an invoice has had: a new amount, or an expired or superseded link, takes the next. */
  generation: number;
  shortUrl: string;
  expiresAt: string;
  status: 'open' | 'paid' | 'attention' | 'superseded' | 'expired';
  paymentId: string | null;
  createdAt: string;
  closedAt: string | null;
}

/** One recorded manual payment (possibly a partial one). */
export interface ManualPaymentRecord {
  paymentId: string;
  invoiceId: string;
  projectId: string;
  workspaceId: string;
  gateway: string;
  reference: string;
  method: ManualMethod;
  amount: number;
  currency: string;
  paidAt: string;
  note: string | null;
  allowPartial: boolean;
  recordedAt: string;
  /** How it reached Tollgate: the API, the payment-events queue, a direct invoke, the CLI. */
  origin: PaymentOrigin;
  /** The answer given the first time; a repeat of the same reference gets it again. */
  result: ManualPaymentResult | null;
}

export type PaymentOrigin = 'api' | 'queue' | 'invoke' | 'cli';

/** What the payments on one invoice add up to, against what was due when the first was recorded. */
export interface PaymentLedger {
  invoiceId: string;
  currency: string;
  /** Stripe's amount_remaining when the first payment was recorded. */
  target: number;
  recorded: number;
  payments: number;
}

export type AttentionReason =
  | 'amount_mismatch'
  | 'currency_mismatch'
  | 'invoice_already_paid'
  | 'invoice_voided'
  | 'invoice_not_open'
  | 'invoice_not_found'
  | 'workspace_mismatch'
  | 'unknown_order'
  | 'unknown_payment_link'
  | 'payment_not_captured'
  | 'overpayment'
  | 'reference_reused'
  | 'paid_at_in_future'
  | 'settlement_failed'
  | 'paid_out_of_band_unrecorded'
  | 'settled_but_not_paid'
  | 'customer_unlinked'
  | 'subscription_unlinked';

/** Something finance must look at: money that arrived but could not be applied, or a ledger disagreement. */
export interface AttentionItem {
  id: string;
  reason: AttentionReason;
  message: string;
  projectId: string | null;
  workspaceId: string | null;
  invoiceId: string | null;
  source: string;
  reference: string | null;
  amount: number | null;
  currency: string | null;
  details: Record<string, unknown>;
  status: 'open' | 'resolved';
  occurrences: number;
  createdAt: string;
  lastSeenAt: string;
}

export type ManualPaymentStatus = 'settled' | 'partial' | 'needs_attention';

export interface ManualPaymentResult {
  payment_id: string;
  invoice_id: string;
  gateway: string;
  reference: string;
  method: ManualMethod;
  amount: number;
  currency: string;
  status: ManualPaymentStatus;
  /** All recorded payments on the invoice, this one included. */
  recorded_total: number;
  /** What is still to be paid after this payment (0 once settled). */
  outstanding: number;
  invoice_status: string | null;
  attention_id: string | null;
  recorded_at: string;
}
