import * as z from 'zod';
import type { RazorpayOrder, RazorpayPayment, RazorpayPaymentLink } from '#shared/domain/payments/ports';

export type { RazorpayOrder, RazorpayPayment, RazorpayPaymentLink } from '#shared/domain/payments/ports';

/**
 * Razorpay's entities as they arrive over the wire (REST responses and webhook payloads alike),
 * validated loosely: the fields Tollgate relies on are checked, everything else passes through
 * so a new Razorpay field never breaks a webhook.
 */

// Razorpay serialises empty notes as `[]` (a PHP habit) and keeps numbers as sent; Tollgate
// always sees a string map.
const Notes = z
  .union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), z.array(z.never())])
  .nullish()
  .transform((n): Record<string, string> => {
    if (!n || Array.isArray(n)) return {};
    return Object.fromEntries(Object.entries(n).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])));
  });

const Paise = z.number().int().nonnegative();
const UnixSeconds = z.number().int().nonnegative();

export const RazorpayOrderEntity = z.looseObject({
  id: z.string().startsWith('order_'),
  entity: z.literal('order'),
  amount: Paise,
  amount_paid: Paise,
  amount_due: Paise,
  currency: z.string().length(3),
  receipt: z.string().nullish(),
  status: z.enum(['created', 'attempted', 'paid']),
  attempts: z.number().int().nonnegative(),
  notes: Notes,
  created_at: UnixSeconds,
});
export type RazorpayOrderEntity = z.infer<typeof RazorpayOrderEntity>;

export const RazorpayPaymentEntity = z.looseObject({
  id: z.string().startsWith('pay_'),
  entity: z.literal('payment'),
  amount: Paise,
  currency: z.string().length(3),
  status: z.enum(['created', 'authorized', 'captured', 'refunded', 'failed']),
  order_id: z.string().nullish(),
  method: z.string(),
  captured: z.boolean(),
  amount_refunded: Paise.nullish(),
  notes: Notes,
  email: z.string().nullish(),
  contact: z.union([z.string(), z.number()]).nullish(),
  error_code: z.string().nullish(),
  error_description: z.string().nullish(),
  description: z.string().nullish(),
  created_at: UnixSeconds,
});
export type RazorpayPaymentEntity = z.infer<typeof RazorpayPaymentEntity>;

export const RazorpayPaymentLinkEntity = z.looseObject({
  id: z.string().startsWith('plink_'),
  amount: Paise,
  amount_paid: Paise,
  currency: z.string().length(3),
  status: z.enum(['created', 'partially_paid', 'paid', 'cancelled', 'expired']),
  reference_id: z.string().nullish(),
  short_url: z.string().url(),
  expire_by: UnixSeconds.nullish(),
  order_id: z.string().nullish(),
  notes: Notes,
  payments: z
    .array(z.looseObject({ payment_id: z.string(), amount: z.union([Paise, z.string()]), status: z.string() }))
    .nullish(),
});
export type RazorpayPaymentLinkEntity = z.infer<typeof RazorpayPaymentLinkEntity>;

export const RazorpayCollection = <T extends z.ZodType>(item: T) =>
  z.looseObject({ entity: z.literal('collection'), count: z.number().int().nonnegative(), items: z.array(item) });

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

export function toRazorpayOrder(o: RazorpayOrderEntity): RazorpayOrder {
  return {
    id: o.id,
    amountPaise: o.amount,
    amountPaidPaise: o.amount_paid,
    amountDuePaise: o.amount_due,
    currency: o.currency,
    receipt: o.receipt ?? null,
    status: o.status,
    attempts: o.attempts,
    notes: o.notes,
    createdAt: iso(o.created_at),
  };
}

export function toRazorpayPayment(p: RazorpayPaymentEntity): RazorpayPayment {
  return {
    id: p.id,
    orderId: p.order_id ?? null,
    amountPaise: p.amount,
    amountRefundedPaise: p.amount_refunded ?? 0,
    currency: p.currency,
    status: p.status,
    captured: p.captured,
    method: p.method,
    notes: p.notes,
    email: p.email ?? null,
    contact: p.contact == null ? null : String(p.contact),
    errorCode: p.error_code ?? null,
    errorDescription: p.error_description ?? null,
    description: p.description ?? null,
    createdAt: iso(p.created_at),
  };
}

export function toRazorpayPaymentLink(l: RazorpayPaymentLinkEntity): RazorpayPaymentLink {
  return {
    id: l.id,
    amountPaise: l.amount,
    amountPaidPaise: l.amount_paid,
    currency: l.currency,
    status: l.status,
    referenceId: l.reference_id ?? '',
    shortUrl: l.short_url,
    expiresAt: l.expire_by ? iso(l.expire_by) : null,
    orderId: l.order_id || null,
    notes: l.notes,
    payments: (l.payments ?? []).map((p) => ({
      paymentId: p.payment_id,
      amountPaise: Number(p.amount),
      status: p.status,
    })),
  };
}
