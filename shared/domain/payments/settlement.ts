import type Stripe from 'stripe';
import { money } from '#shared/domain/money';
import { emit, syncSubscription, type WorkspaceRef, workspaceForCustomer } from '#shared/domain/subscriptions/sync';
import { AppError, NotFoundError } from '#shared/errors';
import { logger } from '#shared/observability/index';
import { type AttentionInput, flagAttention } from './attention';
import { invoiceCustomerId, invoiceSubscriptionId } from './invoices';
import type { PaymentPorts } from './ports';
import type { AttentionItem, PaymentSource, Settlement } from './types';

export interface SettleRequest {
  invoiceId: string;
  source: PaymentSource;
  /** What paid: a Razorpay payment id, or `<gateway>:<reference>` of a manual payment. */
  reference: string;
  /** What arrived for the invoice, in minor units; must equal the invoice's amount remaining. */
  amount: number;
  currency: string;
  /** Where the money was expected to go (the Razorpay order's mapping), when known. */
  expected?: WorkspaceRef;
  /** Shown on an attention item if one is raised. */
  details?: Record<string, unknown>;
  /**
   * Part-payments recorded for the invoice before this payment (bank transfers, cheques): this
   * payment must bring them up to the amount remaining, no more (more is an overpayment, flagged).
   */
  recordedBefore?: number;
  /** The source in attention items: `razorpay`, `manual:<gateway>`, `drift`. */
  raisedBy?: string;
}

export type SettleOutcome =
  | { outcome: 'settled'; duplicate: boolean; invoice: Stripe.Invoice; settlement: Settlement }
  | { outcome: 'attention'; attention: AttentionItem; invoice?: Stripe.Invoice };

/** Each claim attempt has its own key, so a crash replays the same Stripe call and a re-claim after a refusal does not. */
export const settlementIdempotencyKey = (projectId: string, invoiceId: string, attempt: number) =>
  `settle:${projectId || '-'}:${invoiceId}:${attempt}`;

/** `amount_paid_off_stripe` is expand-only: Stripe omits it from an invoice unless asked for. */
const PAID_OFF_STRIPE = { expand: ['amount_paid_off_stripe'] };

/** Stripe refused the call for good (not a transient failure the queue should retry). */
const isRefusal = (e: unknown) =>
  e instanceof AppError && e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 429;

/**
 * Marks a Stripe invoice paid out of band, at most once, and only when the money matches.
 *
 * 1. A settlement already recorded for this same payment: answered as a duplicate.
 * 2. The invoice is re-read at Stripe: paid, voided, not open, another currency or another amount
 *    is flagged for a human, never paid.
 * 3. The settlement record is claimed by a conditional write keyed by the invoice id, BEFORE
 *    Stripe is called. A second payment for the same invoice loses the claim and is flagged.
 * 4. Stripe's pay carries an idempotency key derived from the invoice id and the claim's attempt:
 *    if the process dies after Stripe paid but before step 5, the retry (SQS, the API client, or
 *    the drift job, which lists unfinished claims) finds its own pending claim and replays the
 *    same call, which Stripe answers from its idempotency cache instead of paying again.
 * 5. The claim is marked settled and the workspace told.
 */
export async function settleInvoice(ports: PaymentPorts, req: SettleRequest): Promise<SettleOutcome> {
  const raisedBy = req.raisedBy ?? req.source;
  const flag = (
    a: Omit<AttentionInput, 'source' | 'reference' | 'invoiceId' | 'amount' | 'currency'>,
    invoice?: Stripe.Invoice,
  ): Promise<SettleOutcome> =>
    flagAttention(ports, {
      ...a,
      source: raisedBy,
      reference: req.reference,
      invoiceId: req.invoiceId,
      amount: req.amount,
      currency: req.currency,
      projectId: a.projectId ?? req.expected?.projectId ?? null,
      workspaceId: a.workspaceId ?? req.expected?.workspaceId ?? null,
      details: { ...req.details, ...a.details },
    }).then((attention) => ({ outcome: 'attention' as const, attention, invoice }));

  const stripe = await ports.stripe();
  const existing = await ports.settlements.getSettlement(req.invoiceId);
  const own = existing?.source === req.source && existing.reference === req.reference;
  if (existing?.status === 'settled' && own) {
    const invoice = await stripe.invoices.retrieve(req.invoiceId);
    return { outcome: 'settled', duplicate: true, invoice, settlement: existing };
  }

  let invoice: Stripe.Invoice;
  try {
    invoice = await stripe.invoices.retrieve(req.invoiceId, PAID_OFF_STRIPE);
  } catch (e) {
    if (e instanceof NotFoundError)
      return flag({
        reason: 'invoice_not_found',
        message: `Stripe has no invoice ${req.invoiceId}; ${money(req.amount, req.currency)} was not applied`,
      });
    throw e;
  }
  const customer = invoiceCustomerId(invoice);
  const ref = (customer ? await workspaceForCustomer(ports, customer) : undefined) ?? req.expected;
  const at = { projectId: ref?.projectId ?? null, workspaceId: ref?.workspaceId ?? null };
  const resuming = existing?.status === 'pending' && own;

  if (existing?.status === 'settled' && !own) {
    return flag(
      {
        ...at,
        reason: 'invoice_already_paid',
        message: `Invoice ${invoice.id} was already settled by ${existing.source} ${existing.reference}; this payment of ${money(req.amount, req.currency)} needs a refund or another invoice`,
        details: { settled_by: existing.reference, invoice_status: invoice.status },
      },
      invoice,
    );
  }
  if (invoice.status === 'paid' && !resuming) {
    return flag(
      {
        ...at,
        reason: 'invoice_already_paid',
        message: `Invoice ${invoice.id} is already paid at Stripe; this payment of ${money(req.amount, req.currency)} was not applied`,
        details: { invoice_status: invoice.status },
      },
      invoice,
    );
  }
  if (invoice.status === 'void') {
    return flag(
      {
        ...at,
        reason: 'invoice_voided',
        message: `Invoice ${invoice.id} was voided; this payment of ${money(req.amount, req.currency)} was not applied`,
        details: { invoice_status: invoice.status },
      },
      invoice,
    );
  }
  if (invoice.status !== 'open' && !(invoice.status === 'paid' && resuming)) {
    return flag(
      {
        ...at,
        reason: 'invoice_not_open',
        message: `Invoice ${invoice.id} is ${invoice.status}, not open; this payment was not applied`,
        details: { invoice_status: invoice.status },
      },
      invoice,
    );
  }
  if (!resuming) {
    if (invoice.currency !== req.currency.toLowerCase()) {
      return flag(
        {
          ...at,
          reason: 'currency_mismatch',
          message: `Payment in ${req.currency.toUpperCase()} for invoice ${invoice.id} in ${invoice.currency.toUpperCase()}; not applied`,
          details: { invoice_currency: invoice.currency },
        },
        invoice,
      );
    }
    const applied = req.amount + (req.recordedBefore ?? 0);
    if (applied > invoice.amount_remaining && req.recordedBefore) {
      return flag(
        {
          ...at,
          reason: 'overpayment',
          message: `Payment of ${money(req.amount, req.currency)} on top of ${money(req.recordedBefore, req.currency)} already recorded exceeds the ${money(invoice.amount_remaining, invoice.currency)} remaining on invoice ${invoice.id} by ${money(applied - invoice.amount_remaining, invoice.currency)}; not applied`,
          details: { amount_remaining: invoice.amount_remaining, recorded_before: req.recordedBefore },
        },
        invoice,
      );
    }
    if (invoice.amount_remaining !== applied) {
      return flag(
        {
          ...at,
          reason: 'amount_mismatch',
          message: `Payment of ${money(req.amount, req.currency)} does not match the ${money(invoice.amount_remaining, invoice.currency)} remaining on invoice ${invoice.id}; not applied`,
          details: { amount_remaining: invoice.amount_remaining },
        },
        invoice,
      );
    }
  }
  if (
    req.expected &&
    ref &&
    (ref.projectId !== req.expected.projectId || ref.workspaceId !== req.expected.workspaceId)
  ) {
    return flag(
      {
        ...at,
        reason: 'workspace_mismatch',
        message: `Invoice ${invoice.id} now bills another workspace than the payment was taken for; not applied`,
        details: { expected: req.expected },
      },
      invoice,
    );
  }

  const claim = await ports.settlements.claimSettlement({
    invoiceId: invoice.id,
    source: req.source,
    reference: req.reference,
    amount: req.amount,
    currency: invoice.currency,
    projectId: at.projectId ?? '',
    workspaceId: at.workspaceId ?? '',
    createdAt: ports.clock().toISOString(),
  });
  if (!claim.claimed) {
    return flag(
      {
        ...at,
        reason: 'invoice_already_paid',
        message: `Invoice ${invoice.id} is being settled by ${claim.existing.source} ${claim.existing.reference}; this payment of ${money(req.amount, req.currency)} was not applied`,
        details: { settled_by: claim.existing.reference },
      },
      invoice,
    );
  }
  const { attempt } = claim.settlement;

  const paidUnrecorded = invoice.status === 'paid' && (invoice.amount_paid_off_stripe ?? 0) > 0;
  let paid: Stripe.Invoice = invoice;
  // Our own pending claim and an invoice already paid out of band: the earlier attempt paid and
  // died before recording it. Nothing to call; only the record is missing.
  if (!paidUnrecorded) {
    try {
      paid = await stripe.invoices.pay(
        invoice.id,
        { paid_out_of_band: true },
        { idempotencyKey: settlementIdempotencyKey(claim.settlement.projectId, invoice.id, attempt) },
      );
    } catch (e) {
      if (!isRefusal(e)) throw e; // transient: the claim stays pending, a retry replays the same key
      // A concurrent delivery of this same payment holds the same claim and may have paid first.
      const now = await stripe.invoices.retrieve(invoice.id, PAID_OFF_STRIPE);
      if (now.status === 'paid' && (now.amount_paid_off_stripe ?? 0) > 0) paid = now;
      else {
        await ports.settlements.markSettlementFailed(invoice.id, attempt, (e as Error).message);
        return flag(
          {
            ...at,
            reason: 'settlement_failed',
            message: `Stripe refused to mark invoice ${invoice.id} paid: ${(e as Error).message}`,
            details: { code: (e as AppError).code },
          },
          invoice,
        );
      }
    }
  }
  if (paid.status !== 'paid') {
    await ports.settlements.markSettlementFailed(invoice.id, attempt, `invoice is ${paid.status} after pay`);
    return flag(
      {
        ...at,
        reason: 'settlement_failed',
        message: `Invoice ${invoice.id} is ${paid.status} after Stripe's pay`,
        details: { invoice_status: paid.status },
      },
      paid,
    );
  }
  const settledAt = ports.clock().toISOString();
  await ports.settlements.markSettled(invoice.id, attempt, settledAt);
  const settlement: Settlement = { ...claim.settlement, status: 'settled', settledAt };

  if (ref) {
    await emit(ports, ref, `settlement:${invoice.id}:${attempt}`, settledAt, [
      {
        type: 'invoice.paid_out_of_band',
        data: {
          invoice_id: invoice.id,
          source: req.source,
          reference: req.reference,
          amount: req.amount,
          currency: invoice.currency,
        },
      },
    ]);
    // Stripe's invoice.paid webhook brings the subscription up to date as well; syncing now
    // only makes access follow the payment without waiting for it.
    const sub = invoiceSubscriptionId(paid);
    if (sub)
      await syncSubscription(ports, sub, `settlement:${invoice.id}:${attempt}`).catch((e) =>
        logger.warn('subscription sync after settlement failed', { error: e as Error }),
      );
  }
  return { outcome: 'settled', duplicate: false, invoice: paid, settlement };
}
