import * as z from 'zod';
import { MANUAL_METHODS } from './types';

/**
 * The payment contracts at Tollgate's edges, defined once: the HTTP reconcile body, the
 * `payment-events` queue message, the reconcile function's invoke payload, and the CLI all
 * validate a manual payment with the same fields. docs/payment-event.schema.json and
 * docs/reconcile-invoke.schema.json are generated from these (a test keeps them in step).
 */

export const InvoiceId = z.string().regex(/^in_[A-Za-z0-9_]{1,250}$/, 'must be a Stripe invoice id such as in_1Abc…');

export const manualPaymentFields = {
  invoice_id: InvoiceId.meta({ description: 'The Stripe invoice the payment is for' }),
  amount: z
    .number()
    .int('must be an integer amount in minor units (paise, cents)')
    .positive()
    .max(1_000_000_000_000)
    .meta({
      description:
        'Minor units of currency (₹1,250.00 is 125000); must equal the amount remaining unless allow_partial',
    }),
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, 'must be an ISO 4217 code such as inr')
    .meta({ description: "ISO 4217; must be the invoice's currency" }),
  reference: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9/_.:#-]{0,99}$/, 'must be 1-100 characters: letters, digits and / _ . : # -')
    .meta({
      description:
        "The payment's unique reference (bank UTR, cheque number, gateway payment id); the same reference is applied once",
    }),
  method: z.enum(MANUAL_METHODS).meta({ description: 'How the money was paid' }),
  paid_at: z.iso.datetime({ offset: true }).meta({ description: 'When the customer paid (ISO 8601)' }),
  note: z.string().max(500).optional().meta({ description: 'Free text for finance' }),
  allow_partial: z.boolean().optional().meta({
    description: 'Record less than the amount remaining; the invoice settles when the recorded payments add up',
  }),
};

export const Gateway = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,31}$/, 'must be a lower-case gateway name such as manual or zoho')
  .meta({
    description: 'Where the money came in: manual (bank transfer, cheque), zoho, …; references are unique per gateway',
  });

export const ManualPaymentBody = z.strictObject({ ...manualPaymentFields, gateway: Gateway.optional() });

/** A Razorpay webhook stored in the inbox; published by Tollgate's own receiver. */
export const RazorpayEventMessage = z.strictObject({
  provider: z.literal('razorpay'),
  event_id: z.string().min(1).max(255),
  /** Set by the operator replay: process again even if already processed. */
  replay: z.boolean().optional(),
});

/** A payment collected elsewhere (bank transfer, cheque, Zoho, …), published by any trusted producer. */
export const ManualPaymentMessage = z.strictObject({
  kind: z.literal('manual_payment'),
  gateway: Gateway,
  ...manualPaymentFields,
});

export const PaymentEventMessage = z.union([RazorpayEventMessage, ManualPaymentMessage]).meta({
  title: 'payment-events message',
  description:
    'A message on the payment-events SQS queue: either a pointer to a stored Razorpay webhook, or a manual payment to apply to a Stripe invoice. Amounts are integer minor units.',
});
export type PaymentEventMessage = z.infer<typeof PaymentEventMessage>;

export const DriftInvoke = z.strictObject({
  action: z.literal('drift'),
  /** Limit the run to one project; omitted: every project. */
  project_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  dry_run: z.boolean().optional(),
});

export const PaymentInvoke = z.strictObject({
  action: z.literal('payment'),
  gateway: Gateway.optional(),
  ...manualPaymentFields,
});

export const ReconcileInvoke = z.union([DriftInvoke, PaymentInvoke]).meta({
  title: 'reconcile function invoke payload',
  description:
    'The payload of a direct invoke of the reconcile function: a drift run, or a manual payment to apply. The hourly EventBridge schedule sends its own Scheduled Event, which runs a drift check over every project.',
});
export type ReconcileInvoke = z.infer<typeof ReconcileInvoke>;

/** What the generated JSON Schema documents are built from. */
export const contractSchemas = {
  'docs/payment-event.schema.json': PaymentEventMessage,
  'docs/reconcile-invoke.schema.json': ReconcileInvoke,
} as const;

export function jsonSchemaOf(schema: z.ZodType, id: string): Record<string, unknown> {
  return { $id: `https://tollgate.local/${id}`, ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) };
}
