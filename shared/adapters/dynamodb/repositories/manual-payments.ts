import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isTransactionCanceled } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { ManualPaymentStore, RecordPaymentResult } from '#shared/domain/payments/ports';
import type { ManualPaymentRecord, ManualPaymentResult, PaymentLedger } from '#shared/domain/payments/types';

/** One recorded payment, in its invoice's partition. */
export const manualPaymentItem = defineEntity<ManualPaymentRecord>({
  entity: 'manual_payment',
  version: 1,
  keys: (p) => keys.invoicePayment(p.invoiceId, p.paymentId),
  encode: (p) => ({
    payment_id: p.paymentId,
    invoice_id: p.invoiceId,
    project_id: p.projectId,
    workspace_id: p.workspaceId,
    gateway: p.gateway,
    reference: p.reference,
    method: p.method,
    amount: p.amount,
    currency: p.currency,
    paid_at: p.paidAt,
    note: p.note,
    allow_partial: p.allowPartial,
    recorded_at: p.recordedAt,
    origin: p.origin,
    result: p.result,
  }),
  decode: (i) => {
    const a = attributes('manual_payment', i);
    return {
      paymentId: a.str('payment_id'),
      invoiceId: a.str('invoice_id'),
      projectId: a.str('project_id'),
      workspaceId: a.str('workspace_id'),
      gateway: a.str('gateway'),
      reference: a.str('reference'),
      method: a.str('method') as ManualPaymentRecord['method'],
      amount: a.num('amount'),
      currency: a.str('currency'),
      paidAt: a.str('paid_at'),
      note: a.optStr('note') ?? null,
      allowPartial: Boolean(i.allow_partial),
      recordedAt: a.str('recorded_at'),
      origin: a.str('origin') as ManualPaymentRecord['origin'],
      result: i.result ? a.doc<ManualPaymentResult>('result') : null,
    };
  },
});

type Reference = {
  projectId: string;
  gateway: string;
  reference: string;
  invoiceId: string;
  paymentId: string;
  recordedAt: string;
};

/** A payment reference (bank UTR, gateway payment id), claimed once per project and gateway. */
export const paymentReferenceItem = defineEntity<Reference>({
  entity: 'payment_reference',
  version: 1,
  keys: (r) => keys.paymentReference(r.projectId, r.gateway, r.reference),
  encode: (r) => ({
    project_id: r.projectId,
    invoice_id: r.invoiceId,
    payment_id: r.paymentId,
    recorded_at: r.recordedAt,
  }),
  decode: (i) => {
    const a = attributes('payment_reference', i);
    // The gateway and the reference are the key's (`PAYREF#<project>#<gateway>#<reference>`); a reference may hold `#`.
    const [, gateway = '', reference = ''] = /^PAYREF#[^#]+#([^#]+)#(.*)$/.exec(a.str('PK')) ?? [];
    return {
      projectId: a.str('project_id'),
      gateway,
      reference,
      invoiceId: a.str('invoice_id'),
      paymentId: a.str('payment_id'),
      recordedAt: a.str('recorded_at'),
    };
  },
});

/** What the payments on one invoice add up to; raised only by the recording transaction. */
export const paymentLedgerItem = defineEntity<PaymentLedger>({
  entity: 'payment_ledger',
  version: 1,
  keys: (l) => keys.paymentLedger(l.invoiceId),
  encode: (l) => ({
    invoice_id: l.invoiceId,
    currency: l.currency,
    target: l.target,
    recorded: l.recorded,
    payments: l.payments,
  }),
  decode: (i) => {
    const a = attributes('payment_ledger', i);
    return {
      invoiceId: a.str('invoice_id'),
      currency: a.str('currency'),
      target: a.num('target'),
      recorded: a.num('recorded'),
      payments: a.num('payments'),
    };
  },
});

/**
 * Manual payments with their references and each invoice's ledger. A payment is recorded in one
 * transaction: the reference is claimed, the payment stored, and the ledger raised only if the
 * total stays within what was due.
 */
export function manualPaymentRepository({ doc, tableName }: TableContext) {
  const get = async (key: Record<string, unknown>) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const getLedger = async (invoiceId: string): Promise<PaymentLedger | undefined> => {
    const i = await get(keys.paymentLedger(invoiceId));
    return i ? paymentLedgerItem.fromItem(i) : undefined;
  };

  /** The condition is `recorded <= target - amount`, since conditions cannot add. Either all of it is written or none. */
  const tryRecordPayment = async (
    p: ManualPaymentRecord,
    target: number,
  ): Promise<RecordPaymentResult | 'conflict'> => {
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: paymentReferenceItem.toItem({
                  projectId: p.projectId,
                  gateway: p.gateway,
                  reference: p.reference,
                  invoiceId: p.invoiceId,
                  paymentId: p.paymentId,
                  recordedAt: p.recordedAt,
                }),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: manualPaymentItem.toItem(p),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: keys.paymentLedger(p.invoiceId),
                UpdateExpression:
                  'SET entity = :e, v = :v, invoice_id = :inv, currency = if_not_exists(currency, :c), target = if_not_exists(target, :t), ' +
                  'recorded = if_not_exists(recorded, :zero) + :amt, payments = if_not_exists(payments, :zero) + :one',
                ConditionExpression: 'attribute_not_exists(PK) OR (recorded <= :max AND currency = :c)',
                ExpressionAttributeValues: {
                  ':e': paymentLedgerItem.entity,
                  ':v': paymentLedgerItem.version,
                  ':inv': p.invoiceId,
                  ':c': p.currency,
                  ':t': target,
                  ':zero': 0,
                  ':one': 1,
                  ':amt': p.amount,
                  ':max': target - p.amount,
                },
              },
            },
          ],
        }),
      );
    } catch (e) {
      if (!isTransactionCanceled(e)) throw e;
      const reasons = e.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed' || reasons[1]?.Code === 'ConditionalCheckFailed')
        return { recorded: false, reason: 'reference_exists' };
      if (reasons[2]?.Code === 'ConditionalCheckFailed') return { recorded: false, reason: 'overpayment' };
      if (reasons.some((r) => r.Code === 'TransactionConflict')) return 'conflict';
      throw e;
    }
    return { recorded: true, ledger: (await getLedger(p.invoiceId))! };
  };

  return {
    async findPaymentByReference(projectId: string, gateway: string, reference: string) {
      const ref = await get(keys.paymentReference(projectId, gateway, reference));
      if (!ref) return undefined;
      const { invoiceId, paymentId } = paymentReferenceItem.fromItem(ref);
      const p = await get(keys.invoicePayment(invoiceId, paymentId));
      return p ? manualPaymentItem.fromItem(p) : undefined;
    },

    getLedger,

    async recordPayment(p: ManualPaymentRecord, target: number) {
      for (let tries = 1; ; tries++) {
        const r = await tryRecordPayment(p, target);
        // Concurrent transactions on the same ledger conflict rather than wait; the loser retries.
        if (r !== 'conflict') return r;
        if (tries >= 5)
          throw new Error(`recording a payment on ${p.invoiceId} kept conflicting with concurrent payments`);
        await new Promise((res) => setTimeout(res, 20 * tries + Math.random() * 30));
      }
    },

    async setPaymentResult(invoiceId: string, paymentId: string, result: ManualPaymentResult) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.invoicePayment(invoiceId, paymentId),
          UpdateExpression: 'SET #r = :r',
          ExpressionAttributeNames: { '#r': 'result' },
          ExpressionAttributeValues: { ':r': result },
        }),
      );
    },

    async listInvoicePayments(invoiceId: string) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': keys.invoicePk(invoiceId), ':sk': 'PAY#' },
        }),
      );
      return (r.Items ?? []).map(manualPaymentItem.fromItem);
    },
  } satisfies ManualPaymentStore;
}
