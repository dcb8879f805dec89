import type Stripe from 'stripe';

/**
 * The Stripe events Tollgate acts on: what its webhook endpoint subscribes to
 * (`npm run stripe-webhook -- create`) and what the processor handles. Others are stored and ignored.
 */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.pending_update_applied',
  'customer.subscription.trial_will_end',
  'invoice.created',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.marked_uncollectible',
  'invoice.voided',
  'charge.refunded',
  'charge.refund.updated',
  'refund.updated',
  'refund.failed',
  'customer.updated',
  'customer.deleted',
  'entitlements.active_entitlement_summary.updated',
  'product.created',
  'product.updated',
  'product.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
] as const;

/** The start of the inbox error of an event refused for its API version (the drift check looks for it). */
export const API_VERSION_REFUSED = 'refused: API version';

/**
 * The API version the pinned SDK speaks and its types describe (`Stripe.API_VERSION`; the type
 * keeps the two equal). Events must be rendered in it: the endpoint pins it and the processor
 * refuses others.
 */
export const STRIPE_API_VERSION: typeof Stripe.API_VERSION = '2026-10-28.endive';

/** A Stripe event of the given type(s). */
export type StripeEventOf<T extends Stripe.Event['type']> = Extract<Stripe.Event, { type: T }>;

/** The id of an expandable field, whether Stripe sent the id or the object. */
export const idOf = (x: string | { id: string } | null | undefined): string | null =>
  typeof x === 'string' ? x : (x?.id ?? null);
