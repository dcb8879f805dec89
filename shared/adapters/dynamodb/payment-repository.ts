import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AttentionItem,
  ManualPaymentRecord,
  ManualPaymentResult,
  PaymentLedger,
  RazorpayOrderRecord,
  Settlement,
} from '../../domain/payments/types';
import type { TableContext } from './client';
import { isConditionFailure, isTransactionCanceled } from './conditions';
import { keys } from './keys';

type Item = Record<string, unknown>;

const settlementToItem = (s: Settlement): Item => ({
  ...keys.settlement(s.invoiceId),
  ...(s.status === 'settled' ? {} : keys.settlementIndex(s.status, s.createdAt, s.invoiceId)),
  entity: 'settlement',
  invoice_id: s.invoiceId,
  status: s.status,
  source: s.source,
  reference: s.reference,
  amount: s.amount,
  currency: s.currency,
  project_id: s.projectId,
  workspace_id: s.workspaceId,
  attempt: s.attempt,
  created_at: s.createdAt,
  settled_at: s.settledAt,
  last_error: s.lastError,
});

const settlementFromItem = (i: Item): Settlement => ({
  invoiceId: i.invoice_id as string,
  status: i.status as Settlement['status'],
  source: i.source as Settlement['source'],
  reference: i.reference as string,
  amount: i.amount as number,
  currency: i.currency as string,
  projectId: i.project_id as string,
  workspaceId: i.workspace_id as string,
  attempt: i.attempt as number,
  createdAt: i.created_at as string,
  settledAt: (i.settled_at as string) ?? null,
  lastError: (i.last_error as string) ?? null,
});

const orderToItem = (o: RazorpayOrderRecord): Item => ({
  ...keys.razorpayOrder(o.orderId),
  ...(o.status === 'open' ? keys.razorpayOpenOrderIndex(o.createdAt, o.orderId) : {}),
  entity: 'razorpay_order',
  order_id: o.orderId,
  invoice_id: o.invoiceId,
  project_id: o.projectId,
  workspace_id: o.workspaceId,
  amount: o.amount,
  currency: o.currency,
  status: o.status,
  payment_id: o.paymentId,
  created_at: o.createdAt,
  closed_at: o.closedAt,
});

const orderFromItem = (i: Item): RazorpayOrderRecord => ({
  orderId: i.order_id as string,
  invoiceId: i.invoice_id as string,
  projectId: i.project_id as string,
  workspaceId: i.workspace_id as string,
  amount: i.amount as number,
  currency: i.currency as string,
  status: i.status as RazorpayOrderRecord['status'],
  paymentId: (i.payment_id as string) ?? null,
  createdAt: i.created_at as string,
  closedAt: (i.closed_at as string) ?? null,
});

const paymentToItem = (p: ManualPaymentRecord): Item => ({
  ...keys.invoicePayment(p.invoiceId, p.paymentId),
  entity: 'manual_payment',
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
});

const paymentFromItem = (i: Item): ManualPaymentRecord => ({
  paymentId: i.payment_id as string,
  invoiceId: i.invoice_id as string,
  projectId: i.project_id as string,
  workspaceId: i.workspace_id as string,
  gateway: i.gateway as string,
  reference: i.reference as string,
  method: i.method as ManualPaymentRecord['method'],
  amount: i.amount as number,
  currency: i.currency as string,
  paidAt: i.paid_at as string,
  note: (i.note as string) ?? null,
  allowPartial: Boolean(i.allow_partial),
  recordedAt: i.recorded_at as string,
  origin: i.origin as ManualPaymentRecord['origin'],
  result: (i.result as ManualPaymentResult) ?? null,
});

const ledgerFromItem = (i: Item): PaymentLedger => ({
  invoiceId: i.invoice_id as string,
  currency: i.currency as string,
  target: i.target as number,
  recorded: i.recorded as number,
  payments: i.payments as number,
});

const attentionFromItem = (i: Item): AttentionItem => ({
  id: i.attention_id as string,
  reason: i.reason as AttentionItem['reason'],
  message: i.message as string,
  projectId: (i.project_id as string) ?? null,
  workspaceId: (i.workspace_id as string) ?? null,
  invoiceId: (i.invoice_id as string) ?? null,
  source: i.source as string,
  reference: (i.reference as string) ?? null,
  amount: (i.amount as number) ?? null,
  currency: (i.currency as string) ?? null,
  details: (i.details as Record<string, unknown>) ?? {},
  status: i.status as AttentionItem['status'],
  occurrences: (i.occurrences as number) ?? 1,
  createdAt: i.created_at as string,
  lastSeenAt: i.last_seen_at as string,
});

const encodeCursor = (k: Item | undefined) => (k ? Buffer.from(JSON.stringify(k)).toString('base64url') : null);
const decodeCursor = (c: string | undefined) => (c ? (JSON.parse(Buffer.from(c, 'base64url').toString()) as Item) : undefined);

export type ClaimResult =
  | { claimed: true; settlement: Settlement }
  | { claimed: false; existing: Settlement };

export type RecordPaymentResult = { recorded: true; ledger: PaymentLedger } | { recorded: false; reason: 'reference_exists' | 'overpayment' };

/**
 * Payment state: settlement guards, Razorpay order mappings, manual payments with their ledger,
 * and the attention list. Every "at most once" rule here is a conditional write.
 */
export function paymentRepository({ doc, tableName }: TableContext) {
  const get = async (key: Item) => (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  return {
    async getSettlement(invoiceId: string): Promise<Settlement | undefined> {
      const i = await get(keys.settlement(invoiceId));
      return i ? settlementFromItem(i) : undefined;
    },

    /**
     * Claims the right to pay an invoice. A new claim, a retry of the same reference's claim
     * (same attempt, so the same Stripe idempotency key), or a re-claim after a failed attempt
     * (next attempt) succeed; anything else returns the settlement that holds the invoice.
     */
    async claimSettlement(s: Omit<Settlement, 'status' | 'attempt' | 'settledAt' | 'lastError'>): Promise<ClaimResult> {
      for (let tries = 0; tries < 5; tries++) {
        const fresh: Settlement = { ...s, status: 'pending', attempt: 1, settledAt: null, lastError: null };
        try {
          await doc.send(new PutCommand({ TableName: tableName, Item: settlementToItem(fresh), ConditionExpression: 'attribute_not_exists(PK)' }));
          return { claimed: true, settlement: fresh };
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
        const existing = await this.getSettlement(s.invoiceId);
        if (!existing) continue;
        if (existing.status === 'pending' && existing.source === s.source && existing.reference === s.reference) return { claimed: true, settlement: existing };
        if (existing.status !== 'failed') return { claimed: false, existing };
        const next: Settlement = { ...fresh, attempt: existing.attempt + 1 };
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: settlementToItem(next),
              ConditionExpression: '#s = :failed AND attempt = :attempt',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':failed': 'failed', ':attempt': existing.attempt },
            }),
          );
          return { claimed: true, settlement: next };
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
      }
      throw new Error(`settlement of ${s.invoiceId} kept changing under concurrent claims`);
    },

    async markSettled(invoiceId: string, attempt: number, at: string): Promise<void> {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.settlement(invoiceId),
          UpdateExpression: 'SET #s = :settled, settled_at = if_not_exists(settled_at, :at), last_error = :null REMOVE GSI1PK, GSI1SK',
          ConditionExpression: 'attempt = :attempt',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':settled': 'settled', ':at': at, ':null': null, ':attempt': attempt },
        }),
      );
    },

    /** Releases a claim whose Stripe call was refused, so a later, valid payment can settle. */
    async markSettlementFailed(invoiceId: string, attempt: number, error: string): Promise<void> {
      const s = await this.getSettlement(invoiceId);
      if (!s || s.attempt !== attempt || s.status !== 'pending') return;
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.settlement(invoiceId),
            UpdateExpression: 'SET #s = :failed, last_error = :e, GSI1PK = :pk',
            ConditionExpression: '#s = :pending AND attempt = :attempt',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':failed': 'failed',
              ':pending': 'pending',
              ':e': error.slice(0, 1000),
              ':attempt': attempt,
              ':pk': keys.settlementIndex('failed', s.createdAt, invoiceId).GSI1PK,
            },
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },

    async listSettlements(status: 'pending' | 'failed', page: { limit: number; cursor?: string }) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `SETTLEMENTS#${status}` },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return { items: (r.Items ?? []).map(settlementFromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
    },

    // Razorpay orders

    async putOrder(o: RazorpayOrderRecord): Promise<void> {
      await doc.send(new PutCommand({ TableName: tableName, Item: orderToItem(o) }));
    },

    async getOrder(orderId: string): Promise<RazorpayOrderRecord | undefined> {
      const i = await get(keys.razorpayOrder(orderId));
      return i ? orderFromItem(i) : undefined;
    },

    /** The invoice's current order. */
    async getInvoiceOrder(invoiceId: string): Promise<{ orderId: string; amount: number; currency: string } | undefined> {
      const i = await get(keys.invoiceRazorpayOrder(invoiceId));
      return i ? { orderId: i.order_id as string, amount: i.amount as number, currency: i.currency as string } : undefined;
    },

    /**
     * Points the invoice at an order unless another order for the same amount got there first;
     * returns the order the invoice points at afterwards.
     */
    async pointInvoiceAtOrder(invoiceId: string, order: { orderId: string; amount: number; currency: string }): Promise<{ orderId: string; amount: number; currency: string }> {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.invoiceRazorpayOrder(invoiceId), entity: 'invoice_razorpay_order', invoice_id: invoiceId, order_id: order.orderId, amount: order.amount, currency: order.currency },
            ConditionExpression: 'attribute_not_exists(PK) OR amount <> :a OR currency <> :c',
            ExpressionAttributeValues: { ':a': order.amount, ':c': order.currency },
          }),
        );
        return order;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        return (await this.getInvoiceOrder(invoiceId)) ?? order;
      }
    },

    /** Closes an open order; returns false if it was already closed (by a concurrent delivery). */
    async closeOrder(orderId: string, status: 'paid' | 'attention' | 'superseded', paymentId: string | null, at: string): Promise<boolean> {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.razorpayOrder(orderId),
            UpdateExpression: 'SET #s = :s, payment_id = :p, closed_at = :at REMOVE GSI1PK, GSI1SK',
            ConditionExpression: '#s = :open',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': status, ':p': paymentId, ':at': at, ':open': 'open' },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async listOpenOrders(page: { limit: number; cursor?: string }) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': 'RZPORDERS#open' },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return { items: (r.Items ?? []).map(orderFromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
    },

    // Manual payments

    async findPaymentByReference(projectId: string, gateway: string, reference: string): Promise<ManualPaymentRecord | undefined> {
      const ref = await get(keys.paymentReference(projectId, gateway, reference));
      if (!ref) return undefined;
      const p = await get(keys.invoicePayment(ref.invoice_id as string, ref.payment_id as string));
      return p ? paymentFromItem(p) : undefined;
    },

    async getLedger(invoiceId: string): Promise<PaymentLedger | undefined> {
      const i = await get(keys.paymentLedger(invoiceId));
      return i ? ledgerFromItem(i) : undefined;
    },

    /**
     * Records a payment in one transaction: the reference is claimed, the payment stored, and the
     * ledger raised only if the total stays within `target` (the condition is `recorded <= target -
     * amount`, since conditions cannot add). Either all of it is written or none.
     */
    async recordPayment(p: ManualPaymentRecord, target: number): Promise<RecordPaymentResult> {
      for (let tries = 1; ; tries++) {
        const r = await this.tryRecordPayment(p, target);
        // Concurrent transactions on the same ledger conflict rather than wait; the loser retries.
        if (r !== 'conflict') return r;
        if (tries >= 5) throw new Error(`recording a payment on ${p.invoiceId} kept conflicting with concurrent payments`);
        await new Promise((res) => setTimeout(res, 20 * tries + Math.random() * 30));
      }
    },

    async tryRecordPayment(p: ManualPaymentRecord, target: number): Promise<RecordPaymentResult | 'conflict'> {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.paymentReference(p.projectId, p.gateway, p.reference), entity: 'payment_reference', project_id: p.projectId, invoice_id: p.invoiceId, payment_id: p.paymentId, recorded_at: p.recordedAt },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              { Put: { TableName: tableName, Item: paymentToItem(p), ConditionExpression: 'attribute_not_exists(PK)' } },
              {
                Update: {
                  TableName: tableName,
                  Key: keys.paymentLedger(p.invoiceId),
                  UpdateExpression:
                    'SET entity = :e, invoice_id = :inv, currency = if_not_exists(currency, :c), target = if_not_exists(target, :t), ' +
                    'recorded = if_not_exists(recorded, :zero) + :amt, payments = if_not_exists(payments, :zero) + :one',
                  ConditionExpression: 'attribute_not_exists(PK) OR (recorded <= :max AND currency = :c)',
                  ExpressionAttributeValues: {
                    ':e': 'payment_ledger',
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
        if (reasons[0]?.Code === 'ConditionalCheckFailed' || reasons[1]?.Code === 'ConditionalCheckFailed') return { recorded: false, reason: 'reference_exists' };
        if (reasons[2]?.Code === 'ConditionalCheckFailed') return { recorded: false, reason: 'overpayment' };
        if (reasons.some((r) => r.Code === 'TransactionConflict')) return 'conflict';
        throw e;
      }
      return { recorded: true, ledger: (await this.getLedger(p.invoiceId))! };
    },

    async setPaymentResult(invoiceId: string, paymentId: string, result: ManualPaymentResult): Promise<void> {
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

    async listInvoicePayments(invoiceId: string): Promise<ManualPaymentRecord[]> {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': keys.invoicePk(invoiceId), ':sk': 'PAY#' },
        }),
      );
      return (r.Items ?? []).map(paymentFromItem);
    },

    // Attention

    /**
     * Stored once per id: the same problem seen again (a redelivered webhook, the next drift run)
     * counts an occurrence on the existing item instead of adding one, and a resolved item stays
     * resolved.
     */
    async raiseAttention(a: Omit<AttentionItem, 'status' | 'occurrences' | 'lastSeenAt'>): Promise<AttentionItem> {
      const item: AttentionItem = { ...a, status: 'open', occurrences: 1, lastSeenAt: a.createdAt };
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.attention(a.id),
              ...keys.attentionIndex(a.projectId, a.createdAt, a.id),
              entity: 'payment_attention',
              attention_id: a.id,
              reason: a.reason,
              message: a.message,
              project_id: a.projectId,
              workspace_id: a.workspaceId,
              invoice_id: a.invoiceId,
              source: a.source,
              reference: a.reference,
              amount: a.amount,
              currency: a.currency,
              details: a.details,
              status: 'open',
              occurrences: 1,
              created_at: a.createdAt,
              last_seen_at: a.createdAt,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return item;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      const r = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.attention(a.id),
          UpdateExpression: 'SET last_seen_at = :at ADD occurrences :one',
          ExpressionAttributeValues: { ':at': a.createdAt, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return attentionFromItem(r.Attributes!);
    },

    async getAttention(id: string): Promise<AttentionItem | undefined> {
      const i = await get(keys.attention(id));
      return i ? attentionFromItem(i) : undefined;
    },

    /** Open items of a project (or of no known project, with `null`), oldest first. */
    async listAttention(projectId: string | null, page: { limit: number; cursor?: string }) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.attentionIndex(projectId, '', '').GSI1PK },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return { items: (r.Items ?? []).map(attentionFromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
    },

    /** Takes an item off the open list, keeping it for the record. */
    async resolveAttention(id: string, at: string, note: string | null): Promise<AttentionItem | undefined> {
      try {
        const r = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.attention(id),
            UpdateExpression: 'SET #s = :resolved, resolved_at = :at, resolution_note = :n REMOVE GSI1PK, GSI1SK',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':resolved': 'resolved', ':at': at, ':n': note },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return attentionFromItem(r.Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
  };
}

export type PaymentRepository = ReturnType<typeof paymentRepository>;
