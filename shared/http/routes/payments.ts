import * as z from 'zod';
import { InvoiceId, ManualPaymentBody } from '#shared/domain/payments/contracts';
import { defineRoute } from '#shared/http/route';

export const razorpayOrderRoute = defineRoute({
  id: 'createRazorpayOrder',
  method: 'POST',
  path: '/api/v1/checkout/razorpay',
  summary:
    'A Razorpay order for what remains on an open INR invoice: what Razorpay Checkout needs (201 new, 200 the same order again)',
  tag: 'Payments',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  status: 201,
  body: z.strictObject({ invoice_id: InvoiceId }),
  response: z.object({
    order_id: z.string(),
    amount: z.number().int(),
    currency: z.literal('INR'),
    key_id: z.string(),
    invoice_id: z.string(),
    workspace_id: z.string(),
    receipt: z.string(),
    created: z.boolean(),
  }),
  handler: 'functions/http/payments/razorpay-order.ts',
  access: { table: 'write', stripe: true, razorpay: true },
  errors: [404, 409, 422, 502, 503],
});

export const razorpayPaymentLinkRoute = defineRoute({
  id: 'createRazorpayPaymentLink',
  method: 'POST',
  path: '/api/v1/checkout/razorpay/payment-link',
  summary:
    "A Razorpay Payment Link (Razorpay's hosted page, no script on yours) for what remains on an open INR invoice: one per invoice and amount due (201 new, 200 the same link again); paying it settles the Stripe invoice out of band",
  tag: 'Payments',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  status: 201,
  body: z.strictObject({ invoice_id: InvoiceId }),
  response: z.object({
    payment_link_id: z.string(),
    url: z.string().meta({ description: "The link's short_url: send the customer there" }),
    amount: z.number().int(),
    currency: z.literal('INR'),
    invoice_id: z.string(),
    workspace_id: z.string(),
    reference_id: z.string(),
    expires_at: z.string(),
    created: z.boolean(),
  }),
  handler: 'functions/http/payments/razorpay-link.ts',
  access: { table: 'write', stripe: true, razorpay: true },
  errors: [404, 409, 422, 502, 503],
});

export const ManualPaymentResultDto = z.object({
  payment_id: z.string(),
  invoice_id: z.string(),
  gateway: z.string(),
  reference: z.string(),
  method: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['settled', 'partial', 'needs_attention']),
  recorded_total: z.number().int(),
  outstanding: z.number().int(),
  invoice_status: z.string().nullable(),
  attention_id: z.string().nullable(),
  recorded_at: z.string(),
});

export const reconcilePaymentRoute = defineRoute({
  id: 'reconcilePayment',
  method: 'POST',
  path: '/api/v1/checkout/reconcile',
  summary:
    'Record a bank transfer, cheque or other-gateway payment against a Stripe invoice; settles it paid out of band once payments add up. Idempotent per reference (201 first time, 200 with the first answer after)',
  tag: 'Payments',
  auth: 'api-key',
  scopes: ['finance'],
  status: 201,
  body: ManualPaymentBody,
  response: ManualPaymentResultDto,
  handler: 'functions/http/payments/reconcile.ts',
  access: { table: 'write', stripe: true, bus: true },
  errors: [404, 409, 422, 502],
});
