import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '#shared/errors';
import { logger } from '#shared/observability/index';
import type { PaymentPorts, RazorpayPaymentLink } from './ports';
import { payableInr } from './razorpay-orders';
import type { RazorpayLinkRecord } from './types';

/** How long a new link stays payable; an expired one is replaced by the next request for it. */
export const LINK_LIFETIME_DAYS = 30;
/** A link with less than this left is replaced rather than handed to a customer who may not finish in time. */
const MIN_REMAINING_MS = 60 * 60_000;
const REFERENCE_MAX = 40;

export interface InvoicePaymentLink {
  payment_link_id: string;
  url: string;
  amount: number;
  currency: 'INR';
  invoice_id: string;
  workspace_id: string;
  reference_id: string;
  expires_at: string;
  created: boolean;
}

/**
 * Razorpay keeps one link per `reference_id`: naming the link by its invoice, amount and generation
 * makes its creation idempotent at Razorpay itself (a retry after a lost answer, or a concurrent
 * request, gets the same link back). Readable in Razorpay's dashboard when it fits 40 characters.
 */
export function linkReference(invoiceId: string, amount: number, generation: number): string {
  const plain = `${invoiceId}-${amount}-${generation}`;
  if (plain.length <= REFERENCE_MAX) return plain;
  return `tg-${createHash('sha256')
    .update(plain)
    .digest('hex')
    .slice(0, REFERENCE_MAX - 3)}`;
}

const answer = (r: RazorpayLinkRecord, created: boolean): InvoicePaymentLink => ({
  payment_link_id: r.linkId,
  url: r.shortUrl,
  amount: r.amount,
  currency: 'INR',
  invoice_id: r.invoiceId,
  workspace_id: r.workspaceId,
  reference_id: r.referenceId,
  expires_at: r.expiresAt,
  created,
});

/**
 * A Razorpay Payment Link for what is left to pay on an open INR invoice (`payableInr`): one per
 * invoice and amount due. The same invoice and amount get the same link back while it has time
 * left; a new amount (a part-payment recorded meanwhile), or a link that expired or is about to,
 * gets a new one and the old one is cancelled at Razorpay. The link's notes name the project,
 * the workspace and the invoice, and Tollgate's record of it (written before the link is handed
 * out) lets `payment_link.paid` settle that invoice. With `workspaceId`, an invoice of another
 * workspace of the project is "not found" (the billing page grants one workspace).
 */
export async function createInvoicePaymentLink(
  ports: PaymentPorts,
  projectId: string,
  invoiceId: string,
  opts: { workspaceId?: string } = {},
): Promise<InvoicePaymentLink> {
  const { invoice, workspaceId, amount } = await payableInr(ports, projectId, invoiceId);
  if (opts.workspaceId !== undefined && opts.workspaceId !== workspaceId) throw new NotFoundError('Invoice', invoiceId);
  const now = ports.clock();
  const pointer = await ports.razorpayLinks.getInvoiceLink(invoice.id);
  const current = pointer ? await ports.razorpayLinks.getLink(pointer.linkId) : undefined;
  if (current && current.amount === amount && current.currency === 'inr') {
    if (current.status === 'paid')
      throw new ConflictError(
        `Payment Link ${current.linkId} for invoice ${invoice.id} is paid; the invoice is being settled`,
        'payment_in_progress',
      );
    if (current.status === 'open' && Date.parse(current.expiresAt) - now.getTime() > MIN_REMAINING_MS)
      return answer(current, false);
  }

  const generation = (pointer?.generation ?? 0) + 1;
  const referenceId = linkReference(invoice.id, amount, generation);
  const razorpay = await ports.razorpay();
  const expireBy = Math.floor(now.getTime() / 1000) + LINK_LIFETIME_DAYS * 86_400;
  const link: RazorpayPaymentLink = await razorpay.createPaymentLink({
    amountPaise: amount,
    currency: 'INR',
    referenceId,
    description: `Invoice ${invoice.number ?? invoice.id}`,
    expireBy,
    notes: { project_id: projectId, workspace_id: workspaceId, invoice_id: invoice.id },
    customer: {
      ...(invoice.customer_name ? { name: invoice.customer_name } : {}),
      ...(invoice.customer_email ? { email: invoice.customer_email } : {}),
    },
  });
  const record: RazorpayLinkRecord = {
    linkId: link.id,
    invoiceId: invoice.id,
    projectId,
    workspaceId,
    amount,
    currency: 'inr',
    referenceId,
    generation,
    shortUrl: link.shortUrl,
    expiresAt: link.expiresAt ?? new Date(expireBy * 1000).toISOString(),
    status: 'open',
    paymentId: null,
    createdAt: now.toISOString(),
    closedAt: null,
  };
  // The same link again (a retry that Razorpay answered with the link it already made) keeps its record.
  const known = await ports.razorpayLinks.getLink(link.id);
  if (!known) await ports.razorpayLinks.putLink(record);
  const winner = await ports.razorpayLinks.pointInvoiceAtLink(invoice.id, {
    linkId: link.id,
    amount,
    currency: 'inr',
    generation,
  });
  if (winner.linkId !== link.id) {
    // A concurrent request pointed the invoice at its own link first: that one is the link to pay.
    await retire(ports, link.id);
    const theirs = await ports.razorpayLinks.getLink(winner.linkId);
    if (theirs) return answer(theirs, false);
  }
  if (current && current.linkId !== link.id && current.status === 'open') await retire(ports, current.linkId);
  return answer(known ?? record, !known);
}

/** Closes a link Tollgate no longer hands out and cancels it at Razorpay, so nobody pays a stale amount. */
async function retire(ports: PaymentPorts, linkId: string): Promise<void> {
  const closed = await ports.razorpayLinks.closeLink(linkId, 'superseded', null, ports.clock().toISOString());
  if (!closed) return;
  try {
    await (await ports.razorpay()).cancelPaymentLink(linkId);
  } catch (e) {
    // Paid meanwhile, or already expired: a payment still arrives by webhook and is flagged, never lost.
    logger.warn('could not cancel a superseded Payment Link', { payment_link_id: linkId, error: e as Error });
  }
}
