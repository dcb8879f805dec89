import { ulid } from 'ulid';
import { money } from '#shared/domain/money';
import { emit } from '#shared/domain/subscriptions/sync';
import { AppError, ConflictError, UnprocessableError, ValidationError } from '#shared/errors';
import { flagAttention } from './attention';
import { ownedInvoice } from './invoices';
import type { PaymentPorts } from './ports';
import { settleInvoice } from './settlement';
import type {
  AttentionReason,
  ManualMethod,
  ManualPaymentRecord,
  ManualPaymentResult,
  PaymentLedger,
  PaymentOrigin,
} from './types';

/** Clocks disagree a little; a payment dated further ahead than this is refused. */
export const PAID_AT_SKEW_MS = 5 * 60_000;

/** A payment collected outside Stripe and Razorpay checkout: a bank transfer, a cheque, another gateway. */
export interface ManualPaymentInput {
  invoice_id: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** The bank's UTR, the cheque number, the gateway's payment id: one payment, one reference. */
  reference: string;
  method: ManualMethod;
  paid_at: string;
  note?: string;
  allow_partial?: boolean;
  /** `manual` for bank transfers and cheques; the gateway's name (`zoho`, …) otherwise. */
  gateway?: string;
}

/**
 * Records a manual payment against a Stripe invoice and settles the invoice once the recorded
 * payments add up to what was due.
 *
 * Idempotent per reference (per project and gateway): the same reference again answers the
 * first result and writes nothing; the same reference with another invoice, amount or currency
 * is a 409. Another project's reference is no concern of this one: references are claimed per
 * project. The amount must equal what is outstanding unless `allow_partial`; more than
 * outstanding is refused before anything is written. Partials are recorded in one transaction
 * with a ledger whose condition keeps their sum within the amount due, even under concurrent
 * posts. A payment dated in the future is refused before anything is read.
 *
 * With `projectId` (the API), an invoice of another project is "not found". Without (a queue
 * message, the CLI), the project is the invoice's.
 */
export async function recordManualPayment(
  ports: PaymentPorts,
  input: ManualPaymentInput,
  ctx: { origin: PaymentOrigin; projectId?: string },
): Promise<{ result: ManualPaymentResult; replayed: boolean }> {
  const gateway = input.gateway ?? 'manual';
  const currency = input.currency.toLowerCase();
  if (Date.parse(input.paid_at) > ports.clock().getTime() + PAID_AT_SKEW_MS) {
    throw new ValidationError(
      'body.paid_at: must not be in the future',
      [{ field: 'body.paid_at', message: 'must not be in the future' }],
      'paid_at_in_future',
    );
  }
  let owned = ctx.projectId === undefined ? await ownedInvoice(ports, input.invoice_id) : undefined;
  const projectId = ctx.projectId ?? owned?.ref?.projectId;
  if (owned && !owned.ref)
    throw new UnprocessableError(
      `Invoice ${owned.invoice.id} bills a customer that is not linked to a workspace`,
      'workspace_unlinked',
    );
  const prior = await ports.manualPayments.findPaymentByReference(projectId!, gateway, input.reference);
  if (prior) return { result: await replay(ports, prior, { ...input, currency }), replayed: true };

  owned ??= await ownedInvoice(ports, input.invoice_id, projectId);
  const { invoice, ref } = owned;
  if (!ref)
    throw new UnprocessableError(
      `Invoice ${invoice.id} bills a customer that is not linked to a workspace`,
      'workspace_unlinked',
    );
  if (invoice.status === 'paid')
    throw new ConflictError(`Invoice ${invoice.id} is already paid`, 'invoice_already_paid');
  if (invoice.status === 'void') throw new ConflictError(`Invoice ${invoice.id} was voided`, 'invoice_voided');
  if (invoice.status !== 'open')
    throw new ConflictError(
      `Invoice ${invoice.id} is ${invoice.status}; only an open invoice can be paid`,
      'invoice_not_open',
    );
  if (currency !== invoice.currency) {
    throw new UnprocessableError(
      `Payment in ${currency.toUpperCase()} for an invoice in ${invoice.currency.toUpperCase()}`,
      'currency_mismatch',
      { invoice_currency: invoice.currency },
    );
  }
  const ledger = await ports.manualPayments.getLedger(invoice.id);
  const target = ledger?.target ?? invoice.amount_remaining;
  const outstanding = target - (ledger?.recorded ?? 0);
  if (input.amount > outstanding) {
    throw new UnprocessableError(
      `Over-payment: ${money(input.amount, currency)} exceeds the ${money(outstanding, currency)} outstanding on invoice ${invoice.id}`,
      'overpayment',
      { outstanding },
    );
  }
  if (input.amount < outstanding && !input.allow_partial) {
    throw new UnprocessableError(
      `Amount ${money(input.amount, currency)} is not the ${money(outstanding, currency)} outstanding on invoice ${invoice.id}; set allow_partial to record a part payment`,
      'amount_mismatch',
      { outstanding },
    );
  }

  const record: ManualPaymentRecord = {
    paymentId: `mpay_${ulid()}`,
    invoiceId: invoice.id,
    projectId: ref.projectId,
    workspaceId: ref.workspaceId,
    gateway,
    reference: input.reference,
    method: input.method,
    amount: input.amount,
    currency,
    paidAt: new Date(input.paid_at).toISOString(),
    note: input.note ?? null,
    allowPartial: Boolean(input.allow_partial),
    recordedAt: ports.clock().toISOString(),
    origin: ctx.origin,
    result: null,
  };
  const written = await ports.manualPayments.recordPayment(record, target);
  if (!written.recorded) {
    if (written.reason === 'reference_exists') {
      const winner = await ports.manualPayments.findPaymentByReference(ref.projectId, gateway, input.reference);
      if (winner) return { result: await replay(ports, winner, { ...input, currency }), replayed: true };
      throw new ConflictError(
        `Reference ${input.reference} is being recorded by a concurrent request; retry`,
        'reference_in_progress',
      );
    }
    throw new UnprocessableError(
      `Over-payment: another payment on invoice ${invoice.id} was recorded meanwhile; ${money(input.amount, currency)} would exceed what is due`,
      'overpayment',
    );
  }
  return { result: await finish(ports, record, written.ledger, invoice.status), replayed: false };
}

/** The same reference again: the first answer, or (if the first attempt died half-way) its completion. */
async function replay(
  ports: PaymentPorts,
  prior: ManualPaymentRecord,
  input: ManualPaymentInput,
): Promise<ManualPaymentResult> {
  const same =
    prior.invoiceId === input.invoice_id && prior.amount === input.amount && prior.currency === input.currency;
  if (!same) {
    throw new ConflictError(
      `Reference ${input.reference} was already recorded for another payment`,
      'reference_reused',
    );
  }
  if (prior.result) return prior.result;
  const ledger = await ports.manualPayments.getLedger(prior.invoiceId);
  return finish(ports, prior, ledger!, null);
}

async function finish(
  ports: PaymentPorts,
  record: ManualPaymentRecord,
  ledger: PaymentLedger,
  invoiceStatus: string | null,
): Promise<ManualPaymentResult> {
  let status: ManualPaymentResult['status'] = 'partial';
  let attentionId: string | null = null;
  if (ledger.recorded >= ledger.target) {
    const s = await settleInvoice(ports, {
      invoiceId: record.invoiceId,
      source: 'manual',
      reference: `${record.gateway}:${record.reference}`,
      amount: ledger.recorded,
      currency: ledger.currency,
      expected: { projectId: record.projectId, workspaceId: record.workspaceId },
      details: { method: record.method, payments: ledger.payments },
      raisedBy: `manual:${record.gateway}`,
    });
    if (s.outcome === 'settled') status = 'settled';
    else {
      status = 'needs_attention';
      attentionId = s.attention.id;
    }
    invoiceStatus = s.invoice?.status ?? invoiceStatus;
  }
  const result: ManualPaymentResult = {
    payment_id: record.paymentId,
    invoice_id: record.invoiceId,
    gateway: record.gateway,
    reference: record.reference,
    method: record.method,
    amount: record.amount,
    currency: record.currency,
    status,
    recorded_total: ledger.recorded,
    outstanding: Math.max(0, ledger.target - ledger.recorded),
    invoice_status: invoiceStatus,
    attention_id: attentionId,
    recorded_at: record.recordedAt,
  };
  await ports.manualPayments.setPaymentResult(record.invoiceId, record.paymentId, result);
  await emit(
    ports,
    { projectId: record.projectId, workspaceId: record.workspaceId },
    record.paymentId,
    record.recordedAt,
    [
      {
        type: 'payment.recorded',
        data: {
          payment_id: record.paymentId,
          invoice_id: record.invoiceId,
          gateway: record.gateway,
          method: record.method,
          reference: record.reference,
          amount: record.amount,
          currency: record.currency,
          status,
        },
      },
    ],
  );
  return result;
}

/** Refusals that mean "this payment cannot be applied as sent" (versus a transient failure worth a retry). */
const REFUSALS: Record<string, AttentionReason> = {
  overpayment: 'overpayment',
  amount_mismatch: 'amount_mismatch',
  currency_mismatch: 'currency_mismatch',
  invoice_already_paid: 'invoice_already_paid',
  invoice_voided: 'invoice_voided',
  invoice_not_open: 'invoice_not_open',
  not_found: 'invoice_not_found',
  reference_reused: 'reference_reused',
  workspace_unlinked: 'customer_unlinked',
  paid_at_in_future: 'paid_at_in_future',
};

/**
 * For senders nobody can answer (a queue message, a scheduled import): a refused payment becomes
 * an attention item instead of an error, so it is neither retried until the DLQ nor lost.
 * Transient failures still throw, for the queue to retry.
 */
export async function recordManualPaymentOrFlag(
  ports: PaymentPorts,
  input: ManualPaymentInput,
  ctx: { origin: PaymentOrigin },
) {
  try {
    return await recordManualPayment(ports, input, ctx);
  } catch (e) {
    const reason = e instanceof AppError && e.statusCode < 500 && e.statusCode !== 429 ? REFUSALS[e.code] : undefined;
    if (!reason) throw e;
    const gateway = input.gateway ?? 'manual';
    const owner = await ownedInvoice(ports, input.invoice_id).then(
      (o) => o.ref,
      () => undefined,
    );
    const attention = await flagAttention(ports, {
      projectId: owner?.projectId ?? null,
      workspaceId: owner?.workspaceId ?? null,
      reason,
      message: `${gateway} payment ${input.reference} of ${money(input.amount, input.currency)} for invoice ${input.invoice_id} was refused: ${(e as AppError).message}`,
      source: `manual:${gateway}`,
      reference: input.reference,
      invoiceId: input.invoice_id,
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      details: { method: input.method, paid_at: input.paid_at, code: (e as AppError).code },
    });
    return { refused: { code: (e as AppError).code, message: (e as AppError).message }, attention_id: attention.id };
  }
}
