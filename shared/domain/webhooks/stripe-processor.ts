import type Stripe from 'stripe';
import type { InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import { STRIPE_API_VERSION } from '../../adapters/stripe/client';
import { stripeCall } from '../../adapters/stripe/errors';
import { logger } from '../../observability';
import { API_VERSION_REFUSED } from './stripe-events';
import { PoisonMessageError } from '../../errors';
import { syncPurchase } from '../checkout/purchases';
import { recomputeEntitlements } from '../entitlements/recompute';
import { emit, syncSubscription, workspaceForCustomer, type SyncPorts, type WorkspaceRef } from '../subscriptions/sync';

export interface ProcessorPorts extends SyncPorts {
  inbox: Pick<InboxRepository, 'get' | 'markAttempt' | 'markDone' | 'markFailed'>;
  refreshPlans: () => Promise<unknown>;
}

const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));

function invoiceSubscriptionId(inv: Stripe.Invoice): string | null {
  return idOf(inv.parent?.subscription_details?.subscription as string | { id: string } | null | undefined);
}

/**
 * A billing email changed at Stripe (the customer portal, the dashboard): the workspace profile
 * follows the customer as Stripe has it now, so events arriving out of order cannot roll it back.
 */
async function followBillingEmail(ports: ProcessorPorts, ref: WorkspaceRef, customerId: string): Promise<void> {
  const ws = await ports.workspaces.get(ref.projectId, ref.workspaceId);
  if (!ws || ws.stripeCustomerId !== customerId) return;
  const stripe = await ports.stripe();
  const customer = await stripeCall(() => stripe.customers.retrieve(customerId));
  if ('deleted' in customer && customer.deleted) return;
  const email = (customer as Stripe.Customer).email;
  if (email && email !== ws.email) await ports.workspaces.setEmail(ref.projectId, ref.workspaceId, email, ports.clock().toISOString());
}

/** What each event type means for Tollgate. Unknown types are stored and ignored. */
async function handle(ports: ProcessorPorts, event: Stripe.Event): Promise<WorkspaceRef | undefined | 'ignored'> {
  const at = new Date(event.created * 1000).toISOString();
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed':
    case 'customer.subscription.pending_update_applied':
      return (await syncSubscription(ports, event.data.object.id, event.id))?.ref;
    case 'customer.subscription.trial_will_end': {
      const r = await syncSubscription(ports, event.data.object.id, event.id);
      if (r) await emit(ports, r.ref, event.id, at, [{ type: 'subscription.trial_will_end', data: { subscription_id: event.data.object.id, trial_end: r.snapshot.trial_end } }]);
      return r?.ref;
    }
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const s = event.data.object;
      const sub = idOf(s.subscription as string | { id: string } | null);
      if (sub) return (await syncSubscription(ports, sub, event.id))?.ref;
      const customer = idOf(s.customer as string | { id: string } | null);
      const ref = customer ? await workspaceForCustomer(ports, customer) : undefined;
      const intent = idOf(s.payment_intent as string | { id: string } | null);
      if (ref && s.mode === 'payment' && intent) await syncPurchase(ports, ref, intent);
      return ref;
    }
    case 'invoice.created':
    case 'invoice.finalized':
    case 'invoice.paid':
    case 'invoice.payment_failed':
    case 'invoice.marked_uncollectible':
    case 'invoice.voided': {
      const inv = event.data.object;
      const subId = invoiceSubscriptionId(inv);
      const ref = subId ? (await syncSubscription(ports, subId, event.id))?.ref : await workspaceForCustomer(ports, idOf(inv.customer as string)!);
      const type = { 'invoice.paid': 'invoice.paid', 'invoice.payment_failed': 'invoice.payment_failed', 'invoice.voided': 'invoice.voided', 'invoice.marked_uncollectible': 'invoice.uncollectible', 'invoice.finalized': 'invoice.finalized', 'invoice.created': null }[event.type];
      if (ref && type) {
        await emit(ports, ref, event.id, at, [
          { type, data: { invoice_id: inv.id, amount_due: inv.amount_due, amount_paid: inv.amount_paid, currency: inv.currency, status: inv.status } },
        ]);
      }
      return ref;
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const ref = charge.customer ? await workspaceForCustomer(ports, idOf(charge.customer as string)!) : undefined;
      const intent = idOf(charge.payment_intent as string | { id: string } | null);
      if (ref && intent) await syncPurchase(ports, ref, intent);
      if (ref) await emit(ports, ref, event.id, at, [{ type: 'charge.refunded', data: { charge_id: charge.id, amount_refunded: charge.amount_refunded, currency: charge.currency } }]);
      return ref;
    }
    // A refund that fails or is canceled gives the money back: a credit pack's credits return.
    case 'charge.refund.updated':
    case 'refund.updated':
    case 'refund.failed': {
      const refund = event.data.object;
      const customer = idOf(refund.customer as string | { id: string } | null);
      const intent = idOf(refund.payment_intent as string | { id: string } | null);
      const ref = customer ? await workspaceForCustomer(ports, customer) : undefined;
      if (ref && intent) await syncPurchase(ports, ref, intent);
      return ref ?? 'ignored';
    }
    case 'customer.updated':
    case 'customer.deleted':
    case 'entitlements.active_entitlement_summary.updated': {
      const customer = event.type === 'entitlements.active_entitlement_summary.updated' ? event.data.object.customer : event.data.object.id;
      const ref = await ports.billing.findCustomer(customer);
      if (!ref) return undefined;
      if (event.type === 'customer.deleted') await emit(ports, ref, event.id, at, [{ type: 'customer.deleted', data: { customer_id: customer } }]);
      if (event.type === 'customer.updated') await followBillingEmail(ports, ref, customer);
      await recomputeEntitlements(ports.recompute, ref.projectId, ref.workspaceId);
      return ref;
    }
    default:
      if (event.type.startsWith('product.') || event.type.startsWith('price.')) {
        await ports.refreshPlans();
        return undefined;
      }
      return 'ignored';
  }
}

/**
 * An event too large for its inbox item was stored without its body: Stripe keeps events for
 * 30 days, so it is read back by id (the signature was checked on the body when it arrived).
 */
async function fetchEvent(ports: ProcessorPorts, eventId: string): Promise<Stripe.Event> {
  const stripe = await ports.stripe();
  return stripeCall(() => stripe.events.retrieve(eventId));
}

/**
 * Processes one stored Stripe event. A processed event is a no-op (duplicates, replays from
 * SQS); a failure is recorded on the inbox row and rethrown so SQS retries it, ending in the DLQ.
 */
export async function processStripeEvent(ports: ProcessorPorts, eventId: string, opts: { force?: boolean } = {}): Promise<void> {
  const row = await ports.inbox.get('stripe', eventId);
  if (!row) throw new PoisonMessageError(`no stored Stripe event ${eventId}`);
  if ((row.status === 'processed' || row.status === 'ignored') && !opts.force) return;
  await ports.inbox.markAttempt('stripe', eventId);
  try {
    const event = row.payload !== null ? (JSON.parse(row.payload) as Stripe.Event) : await fetchEvent(ports, eventId);
    // Stripe renders an event in the endpoint's API version (or the account's default): another
    // version has other shapes, so it is refused, not half-read. It cannot succeed on a retry.
    if (event.api_version && event.api_version !== STRIPE_API_VERSION) {
      const why = `${API_VERSION_REFUSED} ${event.api_version}; Tollgate reads ${STRIPE_API_VERSION}. Pin the webhook endpoint to it (npm run stripe-webhook -- create), then replay the event's changes with a drift run`;
      logger.error('Stripe event refused for its API version', { event_id: eventId, type: event.type, api_version: event.api_version, expected: STRIPE_API_VERSION });
      await ports.inbox.markFailed('stripe', eventId, why);
      return;
    }
    const ref = await handle(ports, event);
    await ports.inbox.markDone('stripe', eventId, {
      status: ref === 'ignored' ? 'ignored' : 'processed',
      projectId: ref && ref !== 'ignored' ? ref.projectId : null,
      workspaceId: ref && ref !== 'ignored' ? ref.workspaceId : null,
      at: ports.clock().toISOString(),
    });
  } catch (e) {
    await ports.inbox.markFailed('stripe', eventId, (e as Error).message).catch(() => undefined);
    throw e;
  }
}

