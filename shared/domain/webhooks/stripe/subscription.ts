import type { CreditPorts } from '#shared/domain/credits/ports';
import { creditsForSubscription } from '#shared/domain/credits/webhooks';
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
  const r = await syncSubscription(ports, event.data.object.id, event.id);
  if (r) await creditsForSubscription(ports, r, null);
  if (r && event.type === 'customer.subscription.trial_will_end') {
    const at = new Date(event.created * 1000).toISOString();
    await emit(ports, r.ref, event.id, at, [
      {
        type: 'subscription.trial_will_end',
        data: { subscription_id: event.data.object.id, trial_end: r.snapshot.trial_end },
      },
    ]);
  }
  return { status: 'processed', ref: r?.ref };
}
