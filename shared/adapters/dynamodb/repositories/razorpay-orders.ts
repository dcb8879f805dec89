import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { closeOpenRecord, listOpenRecords } from '#shared/adapters/dynamodb/open-records';
import type { InvoiceOrderPointer, RazorpayOrderStore } from '#shared/domain/payments/ports';
import type { RazorpayOrderRecord } from '#shared/domain/payments/types';

/** An order Tollgate made for an invoice, by order id (webhooks are routed by it); open ones are indexed for the drift job. */
export const razorpayOrderItem = defineEntity<RazorpayOrderRecord>({
  entity: 'razorpay_order',
  version: 1,
  keys: (o) => ({
    ...keys.razorpayOrder(o.orderId),
    ...(o.status === 'open' ? keys.razorpayOpenOrderIndex(o.createdAt, o.orderId) : {}),
  }),
  encode: (o) => ({
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
  }),
  decode: (i) => {
    const a = attributes('razorpay_order', i);
    return {
      orderId: a.str('order_id'),
      invoiceId: a.str('invoice_id'),
      projectId: a.str('project_id'),
      workspaceId: a.str('workspace_id'),
      amount: a.num('amount'),
      currency: a.str('currency'),
      status: a.str('status') as RazorpayOrderRecord['status'],
      paymentId: a.optStr('payment_id') ?? null,
      createdAt: a.str('created_at'),
      closedAt: a.optStr('closed_at') ?? null,
    };
  },
});

/** The invoice's current order, in the invoice's partition. */
export const invoiceOrderItem = defineEntity<InvoiceOrderPointer & { invoiceId: string }>({
  entity: 'invoice_razorpay_order',
  version: 1,
  keys: (p) => keys.invoiceRazorpayOrder(p.invoiceId),
  encode: (p) => ({ invoice_id: p.invoiceId, order_id: p.orderId, amount: p.amount, currency: p.currency }),
  decode: (i) => {
    const a = attributes('invoice_razorpay_order', i);
    return {
      invoiceId: a.str('invoice_id'),
      orderId: a.str('order_id'),
      amount: a.num('amount'),
      currency: a.str('currency'),
    };
  },
});

/** Razorpay orders and the order each invoice points at. */
export function razorpayOrderRepository(ctx: TableContext) {
  const { doc, tableName } = ctx;
  const get = async (key: Record<string, unknown>) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const getInvoiceOrder = async (invoiceId: string): Promise<InvoiceOrderPointer | undefined> => {
    const i = await get(keys.invoiceRazorpayOrder(invoiceId));
    if (!i) return undefined;
    const { orderId, amount, currency } = invoiceOrderItem.fromItem(i);
    return { orderId, amount, currency };
  };

  return {
    async putOrder(o: RazorpayOrderRecord) {
      await doc.send(new PutCommand({ TableName: tableName, Item: razorpayOrderItem.toItem(o) }));
    },

    async getOrder(orderId: string) {
      const i = await get(keys.razorpayOrder(orderId));
      return i ? razorpayOrderItem.fromItem(i) : undefined;
    },

    getInvoiceOrder,

    async pointInvoiceAtOrder(invoiceId: string, order: InvoiceOrderPointer) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: invoiceOrderItem.toItem({ invoiceId, ...order }),
            ConditionExpression: 'attribute_not_exists(PK) OR amount <> :a OR currency <> :c',
            ExpressionAttributeValues: { ':a': order.amount, ':c': order.currency },
          }),
        );
        return order;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        return (await getInvoiceOrder(invoiceId)) ?? order;
      }
    },

    async closeOrder(
      orderId: string,
      status: 'paid' | 'attention' | 'superseded',
      paymentId: string | null,
      at: string,
    ) {
      return closeOpenRecord(ctx, keys.razorpayOrder(orderId), { status, paymentId, at });
    },

    async listOpenOrders(page: { limit: number; cursor?: string }) {
      return listOpenRecords(ctx, keys.razorpayOpenOrdersPk(), page, razorpayOrderItem.fromItem);
    },
  } satisfies RazorpayOrderStore;
}
