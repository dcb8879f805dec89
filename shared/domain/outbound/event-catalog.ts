import * as z from 'zod';
import { BillingEventSchema } from './messages';

/**
 * The billing events Tollgate publishes, with the fields of each one's `data`. One envelope for
 * every channel: the workspace history, the EventBridge bus (as the event's `detail`, so a field
 * is `detail.data.<field>`), webhook deliveries (the request body) and the live stream (each SSE
 * `data:`). docs/billing-event.schema.json is generated from this list; a test validates
 * published events against that file.
 */
const subscription = { subscription_id: z.string(), plan: z.string().nullable(), status: z.string() };
const invoice = {
  invoice_id: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  currency: z.string(),
  status: z.string().nullable(),
};
const nullableStr = z.string().nullable();
/** A credit ledger entry (shared/domain/credits/ledger.ts): `seq` is its place in the workspace's ledger. */
const creditEntry = {
  seq: z.number().int(),
  amount: z.number().int(),
  bucket: z.string(),
  balance_after: z.number().int(),
  reference: z.string(),
  reason: nullableStr,
};

export const EVENT_DATA = {
  'subscription.activated': z.object(subscription),
  'subscription.plan_changed': z.object({ ...subscription, from_plan: nullableStr, to_plan: z.string() }),
  'subscription.canceled': z.object(subscription),
  'subscription.cancellation_scheduled': z.object({ ...subscription, cancel_at: nullableStr }),
  'subscription.cancellation_revoked': z.object(subscription),
  'subscription.paused': z.object(subscription),
  'subscription.resumed': z.object(subscription),
  'subscription.past_due': z.object(subscription),
  'subscription.renewed': z.object({ ...subscription, current_period_end: z.string() }),
  'subscription.plan_change_scheduled': z.object({ ...subscription, to_plan: z.string(), at: z.string() }),
  'subscription.access_lost': z.object(subscription),
  'subscription.trial_will_end': z.object({ subscription_id: z.string(), trial_end: nullableStr }),
  'invoice.finalized': z.object(invoice),
  'invoice.paid': z.object(invoice),
  'invoice.payment_failed': z.object(invoice),
  'invoice.uncollectible': z.object(invoice),
  'invoice.voided': z.object(invoice),
  'invoice.paid_out_of_band': z.object({
    invoice_id: z.string(),
    source: z.string(),
    reference: z.string(),
    amount: z.number().int(),
    currency: z.string(),
  }),
  'invoice.send_requested': z
    .object({
      invoice_id: z.string(),
      channel: z.string(),
      number: nullableStr,
      status: nullableStr,
      currency: z.string(),
      amount_remaining: z.number().int(),
    })
    .loose(),
  'charge.refunded': z.object({ charge_id: z.string(), amount_refunded: z.number().int(), currency: z.string() }),
  'customer.deleted': z.object({ customer_id: z.string() }),
  'payment.recorded': z.object({
    payment_id: z.string(),
    invoice_id: z.string(),
    gateway: z.string(),
    method: z.string(),
    reference: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    status: z.string(),
  }),
  'payment.needs_attention': z.object({
    attention_id: z.string(),
    reason: z.string(),
    message: z.string(),
    invoice_id: nullableStr,
    reference: nullableStr,
    amount: z.number().int().nullable(),
    currency: nullableStr,
  }),
  'usage.threshold_reached': z.object({
    meter: z.string(),
    threshold_percent: z.number().int(),
    limit: z.string(),
    used: z.string(),
    mode: z.string(),
    window: z.string(),
    window_start: z.string(),
    resets_at: z.string(),
  }),
  'usage.aggregated': z.object({
    meter: z.string(),
    granularity: z.literal('day'),
    day_start: z.string(),
    day_end: z.string(),
    total: z.string(),
  }),
  'credits.allocated': z.object(creditEntry),
  'credits.purchased': z.object(creditEntry),
  'credits.expired': z.object(creditEntry),
  'credits.refunded': z.object(creditEntry),
  'credits.adjusted': z.object(creditEntry),
  'credits.low_balance': z.object({ balance: z.number().int(), threshold: z.number().int() }),
} as const satisfies Record<string, z.ZodType>;

export type EventType = keyof typeof EVENT_DATA;

/**
 * The JSON Schema (2020-12) of a published event: the envelope, and for each known type the
 * fields its `data` always has (more may be added over time, so consumers should ignore extras).
 */
export function billingEventJsonSchema(): Record<string, unknown> {
  const envelope = z.toJSONSchema(BillingEventSchema, { io: 'output' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Tollgate billing event',
    description:
      'One billing event: the body of a webhook delivery, an SSE data line of the live stream, a workspace history entry, and the `detail` of an EventBridge event (source `tollgate`, detail-type = `type`). `id` is stable: dedupe by it.',
    ...Object.fromEntries(Object.entries(envelope).filter(([k]) => k !== '$schema')),
    allOf: Object.entries(EVENT_DATA).map(([type, data]) => ({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: {
        properties: {
          data: Object.fromEntries(
            Object.entries(z.toJSONSchema(data, { io: 'output' })).filter(
              ([k]) => k !== '$schema' && k !== 'additionalProperties',
            ),
          ),
        },
      },
    })),
  };
}
