import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { closeOpenRecord, listOpenRecords } from '#shared/adapters/dynamodb/open-records';
import type { InvoiceLinkPointer, RazorpayLinkStore } from '#shared/domain/payments/ports';
import type { RazorpayLinkRecord } from '#shared/domain/payments/types';

/** A Payment Link Tollgate made for an invoice, by link id (webhooks are routed by it); open ones are indexed for the drift job. */
export const razorpayLinkItem = defineEntity<RazorpayLinkRecord>({
  entity: 'razorpay_link',
  version: 1,
  keys: (l) => ({
    ...keys.razorpayLink(l.linkId),
    ...(l.status === 'open' ? keys.razorpayOpenLinkIndex(l.createdAt, l.linkId) : {}),
  }),
  encode: (l) => ({
    link_id: l.linkId,
    invoice_id: l.invoiceId,
    project_id: l.projectId,
    workspace_id: l.workspaceId,
    amount: l.amount,
    currency: l.currency,
    reference_id: l.referenceId,
    generation: l.generation,
    short_url: l.shortUrl,
    expires_at: l.expiresAt,
    status: l.status,
    payment_id: l.paymentId,
    created_at: l.createdAt,
    closed_at: l.closedAt,
  }),
  decode: (i) => {
    const a = attributes('razorpay_link', i);
    return {
      linkId: a.str('link_id'),
      invoiceId: a.str('invoice_id'),
      projectId: a.str('project_id'),
      workspaceId: a.str('workspace_id'),
      amount: a.num('amount'),
      currency: a.str('currency'),
      referenceId: a.str('reference_id'),
      generation: a.num('generation'),
      shortUrl: a.str('short_url'),
      expiresAt: a.str('expires_at'),
      status: a.str('status') as RazorpayLinkRecord['status'],
      paymentId: a.optStr('payment_id') ?? null,
      createdAt: a.str('created_at'),
      closedAt: a.optStr('closed_at') ?? null,
    };
  },
});

/** The invoice's current Payment Link, in the invoice's partition. */
export const invoiceLinkItem = defineEntity<InvoiceLinkPointer & { invoiceId: string }>({
  entity: 'invoice_razorpay_link',
  version: 1,
  keys: (p) => keys.invoiceRazorpayLink(p.invoiceId),
  encode: (p) => ({
    invoice_id: p.invoiceId,
    link_id: p.linkId,
    amount: p.amount,
    currency: p.currency,
    generation: p.generation,
  }),
  decode: (i) => {
    const a = attributes('invoice_razorpay_link', i);
    return {
      invoiceId: a.str('invoice_id'),
      linkId: a.str('link_id'),
      amount: a.num('amount'),
      currency: a.str('currency'),
      generation: a.num('generation'),
    };
  },
});

/** Payment Links and the link each invoice points at. */
export function razorpayLinkRepository(ctx: TableContext) {
  const { doc, tableName } = ctx;
  const get = async (key: Record<string, unknown>) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const getInvoiceLink = async (invoiceId: string): Promise<InvoiceLinkPointer | undefined> => {
    const i = await get(keys.invoiceRazorpayLink(invoiceId));
    if (!i) return undefined;
    const { linkId, amount, currency, generation } = invoiceLinkItem.fromItem(i);
    return { linkId, amount, currency, generation };
  };

  return {
    async putLink(l: RazorpayLinkRecord) {
      await doc.send(new PutCommand({ TableName: tableName, Item: razorpayLinkItem.toItem(l) }));
    },

    async getLink(linkId: string) {
      const i = await get(keys.razorpayLink(linkId));
      return i ? razorpayLinkItem.fromItem(i) : undefined;
    },

    getInvoiceLink,

    async pointInvoiceAtLink(invoiceId: string, link: InvoiceLinkPointer) {
      try {
        // Forward only: a request that read an older pointer never moves the invoice back.
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: invoiceLinkItem.toItem({ invoiceId, ...link }),
            ConditionExpression: 'attribute_not_exists(PK) OR generation < :g OR link_id = :l',
            ExpressionAttributeValues: { ':g': link.generation, ':l': link.linkId },
          }),
        );
        return link;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        return (await getInvoiceLink(invoiceId)) ?? link;
      }
    },

    async closeLink(
      linkId: string,
      status: Exclude<RazorpayLinkRecord['status'], 'open'>,
      paymentId: string | null,
      at: string,
    ) {
      return closeOpenRecord(ctx, keys.razorpayLink(linkId), { status, paymentId, at });
    },

    async listOpenLinks(page: { limit: number; cursor?: string }) {
      return listOpenRecords(ctx, keys.razorpayOpenLinksPk(), page, razorpayLinkItem.fromItem);
    },
  } satisfies RazorpayLinkStore;
}
