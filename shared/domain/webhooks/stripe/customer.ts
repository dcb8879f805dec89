import type Stripe from 'stripe';
import { recomputeEntitlements } from '#shared/domain/entitlements/recompute';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { emit, type WorkspaceRef } from '#shared/domain/subscriptions/sync';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';
import type { StripeEventOf } from './events';

export type CustomerEvent = StripeEventOf<
  'customer.updated' | 'customer.deleted' | 'entitlements.active_entitlement_summary.updated'
>;

/**
 * A billing email changed at Stripe (the customer portal, the dashboard): the workspace profile
 * follows the customer as Stripe has it now, so events arriving out of order cannot roll it back.
 */
async function followBillingEmail(ports: SyncPorts, ref: WorkspaceRef, customerId: string): Promise<void> {
  const ws = await ports.workspaces.get(ref.projectId, ref.workspaceId);
  if (!ws || ws.stripeCustomerId !== customerId) return;
  const stripe = await ports.stripe();
  const customer = await stripe.customers.retrieve(customerId);
  if ('deleted' in customer && customer.deleted) return;
  const email = (customer as Stripe.Customer).email;
  if (email && email !== ws.email)
    await ports.workspaces.setEmail(ref.projectId, ref.workspaceId, email, ports.clock().toISOString());
}

/** A linked customer changed (or its Stripe entitlements did): its workspace's entitlements are recomputed. */
export async function onCustomerEvent(ports: SyncPorts, event: CustomerEvent): Promise<HandledEvent> {
  const customer =
    event.type === 'entitlements.active_entitlement_summary.updated'
      ? event.data.object.customer
      : event.data.object.id;
  const ref = await ports.customers.findCustomer(customer);
  if (!ref) return { status: 'processed' };
  if (event.type === 'customer.deleted') {
    await emit(ports, ref, event.id, new Date(event.created * 1000).toISOString(), [
      { type: 'customer.deleted', data: { customer_id: customer } },
    ]);
  }
  if (event.type === 'customer.updated') await followBillingEmail(ports, ref, customer);
  await recomputeEntitlements(ports.recompute, ref.projectId, ref.workspaceId);
  return { status: 'processed', ref };
}
