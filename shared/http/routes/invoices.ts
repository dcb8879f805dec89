import * as z from 'zod';
import { InvoiceId } from '#shared/domain/payments/contracts';
import { defineRoute } from '#shared/http/route';
import { CursorQuery, WorkspaceParams } from '#shared/http/schemas';

export const InvoiceStatus = z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']);

export const BankTransferDto = z.object({
  account_name: z.string(),
  account_number: z.string(),
  ifsc: z.string(),
  reference: z.string().nullable().meta({
    description:
      'What the payer quotes with the transfer: the invoice number, unique per invoice (null while the invoice is a draft). It is a valid reference for POST /api/v1/checkout/reconcile.',
  }),
});

export const InvoiceDto = z.object({
  id: z.string(),
  workspace_id: z.string().nullable(),
  number: z.string().nullable(),
  status: z.string().nullable(),
  // Stripe documents that it may add values; Tollgate passes on what Stripe says.
  collection_method: z.string().meta({ description: 'charge_automatically or send_invoice (Stripe may add values)' }),
  currency: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  amount_remaining: z.number().int(),
  total: z.number().int(),
  due_date: z.string().nullable(),
  hosted_invoice_url: z.string().nullable(),
  subscription_id: z.string().nullable(),
  created: z.string(),
  paid_at: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      description: z.string().nullable(),
      amount: z.number().int(),
      currency: z.string(),
      quantity: z.number().nullable(),
      meter: z.string().nullable().meta({ description: 'The meter a usage line bills; null for other lines.' }),
      quantity_decimal: z
        .string()
        .nullable()
        .meta({ description: "The exact quantity (a usage line's usage for its period)." }),
      period_start: z.string().nullable(),
      period_end: z.string().nullable(),
    }),
  ),
  bank_transfer: BankTransferDto.nullable().meta({
    description:
      'Where to pay by bank transfer (NEFT, RTGS or IMPS), as printed on the invoice: for an INR invoice sent for payment (send_invoice) of a subscription created while the project had bank details (PATCH /api/v1/admin/settings); null otherwise.',
  }),
});

/** One invoice with the part-payments recorded against it (bank transfers, cheques), which Stripe learns of only when they add up and the invoice is settled. */
export const InvoiceDetailDto = InvoiceDto.extend({
  recorded_payments: z.array(
    z.object({
      payment_id: z.string(),
      gateway: z.string(),
      method: z.string(),
      reference: z.string(),
      amount: z.number().int(),
      currency: z.string(),
      paid_at: z.string(),
      recorded_at: z.string(),
    }),
  ),
  amount_recorded: z.number().int().meta({ description: 'Sum of recorded_payments' }),
  amount_outstanding: z
    .number()
    .int()
    .meta({ description: 'What is still to be paid: amount_remaining less amount_recorded (0 once paid)' }),
});

export const InvoiceParams = z.strictObject({ invoice_id: InvoiceId });

const common = {
  tag: 'Invoices',
  auth: 'api-key' as const,
  scopes: ['subscriptions:manage' as const],
  errors: [404, 502],
};

export const listInvoicesRoute = defineRoute({
  ...common,
  id: 'listInvoices',
  method: 'GET',
  path: '/api/v1/checkout/invoices/{workspace_id}',
  summary: "The workspace's Stripe invoices, newest first (pass the previous page's next_cursor as cursor)",
  params: WorkspaceParams,
  query: z.strictObject({ status: InvoiceStatus.optional(), ...CursorQuery }),
  response: z.object({ invoices: z.array(InvoiceDto), next_cursor: z.string().nullable() }),
  handler: 'functions/http/invoices/list.ts',
  access: { table: 'read', stripe: true, cursorSecret: true },
});

export const getInvoiceRoute = defineRoute({
  ...common,
  id: 'getInvoice',
  method: 'GET',
  path: '/api/v1/checkout/invoices/detail/{invoice_id}',
  summary: "One invoice of a workspace of the key's project, with the part-payments recorded against it",
  params: InvoiceParams,
  response: InvoiceDetailDto,
  handler: 'functions/http/invoices/detail.ts',
  // Resolving the invoice's workspace may repair a missing customer link.
  access: { table: 'write', stripe: true },
});

export const sendInvoiceRoute = defineRoute({
  ...common,
  id: 'sendInvoice',
  method: 'POST',
  path: '/api/v1/checkout/invoices/{invoice_id}/send',
  summary: 'Send an invoice: email through Stripe, WhatsApp as an invoice.send_requested event for a notifier',
  params: InvoiceParams,
  body: z.strictObject({ channel: z.enum(['email', 'whatsapp']) }),
  response: z.object({
    channel: z.enum(['email', 'whatsapp']),
    delivery: z.enum(['stripe_email', 'event_published']),
    invoice: InvoiceDto,
  }),
  handler: 'functions/http/invoices/send.ts',
  access: { table: 'write', stripe: true, bus: true },
  errors: [404, 409, 422, 502],
});
