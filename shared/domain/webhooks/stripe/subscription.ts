import type { CreditPorts } from '#shared/domain/credits/ports';
import { creditsForSubscription } from '#shared/domain/credits/webhooks';
import { alignUsageItems, planUsageItems } from '#shared/domain/subscriptions/align-usage';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { emit, syncSubscription } from '#shared/domain/subscriptions/sync';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';
import type { StripeEventOf } from './events';

export type SubscriptionEvent = StripeEventOf<
  | 'customer.subscription.created'
  | 'customer.subscription.updated'
  | 'customer.subscription.deleted'
  | 'customer.subscription.paused'
  | 'customer.subscription.resumed'
  | 'customer.subscription.pending_update_applied'
  | 'customer.subscription.trial_will_end'
>;

/** Any change to a subscription: it is read again from Stripe (the newest truth) and synced. */
export async function onSubscriptionEvent(
  ports: SyncPorts & CreditPorts,
  event: SubscriptionEvent,
): Promise<HandledEvent> {
  const at = new Date(event.created * 1000).toISOString();
  const r = await syncSubscription(ports, event.data.object.id, event.id, at);
  if (r) await creditsForSubscription(ports, r, null, at);
  // A plan changed outside Tollgate (the portal) keeps the licensed price only: the metered items
  // of the new plan follow. The update this makes comes back as an event that then matches.
  if (r && (event.type === 'customer.subscription.created' || event.type === 'customer.subscription.updated')) {
    if (planUsageItems(await ports.plans(r.ref.projectId), event.data.object).action === 'update')
      await alignUsageItems(ports, r.ref.projectId, event.data.object.id);
  }
  if (r && event.type === 'customer.subscription.trial_will_end') {
    await emit(ports, r.ref, event.id, at, [
      {
        type: 'subscription.trial_will_end',
        data: { subscription_id: event.data.object.id, trial_end: r.snapshot.trial_end },
      },
    ]);
  }
  return { status: 'processed', ref: r?.ref };
}
