import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { Plan } from '#shared/domain/catalog/plans';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { usageFields } from '#shared/domain/subscriptions/preview';
import { emit, type WorkspaceRef, workspaceForCustomer } from '#shared/domain/subscriptions/sync';
import { stripeIdempotencyKey } from '#shared/domain/tenancy/stripe-idempotency';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { NotFoundError } from '#shared/errors';
import { bankTransferOf } from './bank-transfer';
import type { ManualPaymentStore } from './ports';

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

const iso = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);
const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));

export function invoiceSubscriptionId(inv: Stripe.Invoice): string | null {
  return idOf(inv.parent?.subscription_details?.subscription as string | { id: string } | null | undefined);
}

export function invoiceCustomerId(inv: Stripe.Invoice): string | null {
  return idOf(inv.customer as string | { id: string } | null);
}

export function toInvoiceDto(inv: Stripe.Invoice, workspaceId: string | null, plans: Plan[] = []) {
  return {
    id: inv.id,
    workspace_id: workspaceId,
    number: inv.number,
    status: inv.status,
    collection_method: inv.collection_method,
    currency: inv.currency,
    amount_due: inv.amount_due,
    amount_paid: inv.amount_paid,
    amount_remaining: inv.amount_remaining,
    total: inv.total,
    due_date: iso(inv.due_date),
    hosted_invoice_url: inv.hosted_invoice_url ?? null,
    subscription_id: invoiceSubscriptionId(inv),
    created: iso(inv.created)!,
    paid_at: iso(inv.status_transitions?.paid_at),
    lines: (inv.lines?.data ?? []).map((l) => ({
      id: l.id,
      description: l.description,
      amount: l.amount,
      currency: l.currency,
      quantity: l.quantity ?? null,
      ...usageFields(plans, l),
      period_start: iso(l.period?.start),
      period_end: iso(l.period?.end),
    })),
    bank_transfer: bankTransferOf(inv),
  };
}

export type InvoiceDto = ReturnType<typeof toInvoiceDto>;

/**
 * Reads an invoice and the workspace it bills. With a project, an invoice of another project's
 * customer is "not found", exactly like one that does not exist.
 */
export async function ownedInvoice(
  ports: SyncPorts,
  invoiceId: string,
  projectId?: string,
): Promise<{ invoice: Stripe.Invoice; ref: WorkspaceRef | undefined }> {
  const stripe = await ports.stripe();
  let invoice: Stripe.Invoice;
  try {
    invoice = await stripe.invoices.retrieve(invoiceId);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError('Invoice', invoiceId);
    throw e;
  }
  const customer = invoiceCustomerId(invoice);
  const ref = customer ? await workspaceForCustomer(ports, customer) : undefined;
  if (projectId !== undefined && ref?.projectId !== projectId) throw new NotFoundError('Invoice', invoiceId);
  return { invoice, ref };
}

export async function listInvoices(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  query: { status?: InvoiceStatus; limit: number; cursor?: string },
): Promise<{ invoices: InvoiceDto[]; next_cursor: string | null }> {
  const ws = await requireWorkspace(ports, projectId, workspaceId);
  if (!ws.stripeCustomerId) return { invoices: [], next_cursor: null };
  const stripe = await ports.stripe();
  const page = await stripe.invoices.list({
    customer: ws.stripeCustomerId,
    limit: query.limit,
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { starting_after: query.cursor } : {}),
  });
  const plans = await ports.plans(projectId);
  const invoices = page.data.map((i) => toInvoiceDto(i, workspaceId, plans));
  return { invoices, next_cursor: page.has_more && invoices.length ? invoices[invoices.length - 1].id : null };
}

export async function getInvoice(
  ports: SyncPorts & { manualPayments: Pick<ManualPaymentStore, 'listInvoicePayments'> },
  projectId: string,
  invoiceId: string,
) {
  const { invoice, ref } = await ownedInvoice(ports, invoiceId, projectId);
  const recorded = (await ports.manualPayments.listInvoicePayments(invoice.id)).sort((a, b) =>
    a.recordedAt.localeCompare(b.recordedAt),
  );
  const amountRecorded = recorded.filter((p) => p.currency === invoice.currency).reduce((s, p) => s + p.amount, 0);
  return {
    ...toInvoiceDto(invoice, ref?.workspaceId ?? null, await ports.plans(projectId)),
    recorded_payments: recorded.map((p) => ({
      payment_id: p.paymentId,
      gateway: p.gateway,
      method: p.method,
      reference: p.reference,
      amount: p.amount,
      currency: p.currency,
      paid_at: p.paidAt,
      recorded_at: p.recordedAt,
    })),
    amount_recorded: amountRecorded,
    amount_outstanding: invoice.status === 'open' ? Math.max(0, invoice.amount_remaining - amountRecorded) : 0,
  };
}

/**
 * Email goes through Stripe (which sends its own invoice email with the hosted link). WhatsApp is
 * not Stripe's: an `invoice.send_requested` event lets a notifier deliver it. The event id comes
 * from the request's idempotency key, so a retried request asks for one delivery, not two.
 */
export async function sendInvoice(
  ports: SyncPorts,
  projectId: string,
  invoiceId: string,
  channel: 'email' | 'whatsapp',
  requestKey?: string,
) {
  const { invoice, ref } = await ownedInvoice(ports, invoiceId, projectId);
  const key = requestKey ?? randomUUID();
  if (channel === 'email') {
    const stripe = await ports.stripe();
    const sent = await stripe.invoices.sendInvoice(
      invoice.id,
      {},
      { idempotencyKey: stripeIdempotencyKey(projectId, `invoice-send:${invoice.id}`, key) },
    );
    return {
      channel,
      delivery: 'stripe_email' as const,
      invoice: toInvoiceDto(sent, ref!.workspaceId, await ports.plans(projectId)),
    };
  }
  const ws = await requireWorkspace(ports, projectId, ref!.workspaceId);
  await emit(ports, ref!, `api:invoice-send:${invoice.id}:${key}`, ports.clock().toISOString(), [
    {
      type: 'invoice.send_requested',
      data: {
        invoice_id: invoice.id,
        channel,
        number: invoice.number,
        status: invoice.status,
        currency: invoice.currency,
        amount_remaining: invoice.amount_remaining,
        due_date: iso(invoice.due_date),
        hosted_invoice_url: invoice.hosted_invoice_url ?? null,
        customer_email: invoice.customer_email ?? ws.email,
        customer_phone: invoice.customer_phone ?? ws.phone ?? null,
        workspace_name: ws.name,
      },
    },
  ]);
  return {
    channel,
    delivery: 'event_published' as const,
    invoice: toInvoiceDto(invoice, ref!.workspaceId, await ports.plans(projectId)),
  };
}
