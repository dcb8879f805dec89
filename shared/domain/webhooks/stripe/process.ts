import type Stripe from 'stripe';
import { type HandledEvent, processStored, type StoredEventHandler } from '#shared/domain/webhooks/inbox';
import type { StripeEventPorts } from '#shared/domain/webhooks/ports';
import { logger } from '#shared/observability/index';
import { isCatalogEvent, onCatalogEvent } from './catalog';
import { onRefundEvent } from './charge';
import { onCheckoutEvent } from './checkout';
import { onCustomerEvent } from './customer';
import { API_VERSION_REFUSED, STRIPE_API_VERSION } from './events';
import { onInvoiceEvent } from './invoice';
import { onSubscriptionEvent } from './subscription';

/** What each event type means for Tollgate, by family. Unknown types are stored and ignored. */
async function handle(ports: StripeEventPorts, event: Stripe.Event): Promise<HandledEvent> {
  // Stripe renders an event in the endpoint's API version (or the account's default): another
  // version has other shapes, so it is refused, not half-read. It cannot succeed on a retry.
  if (event.api_version && event.api_version !== STRIPE_API_VERSION) {
    logger.error('Stripe event refused for its API version', {
      event_id: event.id,
      type: event.type,
      api_version: event.api_version,
      expected: STRIPE_API_VERSION,
    });
    return {
      status: 'refused',
      reason: `${API_VERSION_REFUSED} ${event.api_version}; Tollgate reads ${STRIPE_API_VERSION}. Pin the webhook endpoint to it (npm run stripe-webhook -- create), then replay the event's changes with a drift run`,
    };
  }
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
    case 'customer.subscription.pending_update_applied':
    case 'customer.subscription.trial_will_end':
      return onSubscriptionEvent(ports, event);
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return onCheckoutEvent(ports, event);
    case 'invoice.created':
    case 'invoice.finalized':
    case 'invoice.paid':
    case 'invoice.payment_failed':
    case 'invoice.marked_uncollectible':
    case 'invoice.voided':
      return onInvoiceEvent(ports, event);
    case 'charge.refunded':
    case 'charge.refund.updated':
    case 'refund.updated':
    case 'refund.failed':
      return onRefundEvent(ports, event);
    case 'customer.updated':
    case 'customer.deleted':
    case 'entitlements.active_entitlement_summary.updated':
      return onCustomerEvent(ports, event);
    default:
      return isCatalogEvent(event) ? onCatalogEvent(ports) : { status: 'ignored' };
  }
}

/** Stripe's side of the inbox protocol. */
export function stripeEventHandler(ports: StripeEventPorts): StoredEventHandler<Stripe.Event> {
  return {
    provider: 'stripe',
    decode: (payload) => JSON.parse(payload) as Stripe.Event,
    // Stripe keeps events for 30 days, so one too large for its inbox item is read back by id
    // (the signature was checked on the body when it arrived).
    refetch: async (eventId) => (await ports.stripe()).events.retrieve(eventId),
    handle: (event) => handle(ports, event),
  };
}

/** Processes one stored Stripe event (see `processStored`). */
export function processStripeEvent(
  ports: StripeEventPorts,
  eventId: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  return processStored(ports, stripeEventHandler(ports), eventId, opts);
}
