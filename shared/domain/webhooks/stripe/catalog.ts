import type Stripe from 'stripe';
import type { HandledEvent } from '#shared/domain/webhooks/inbox';

/** Product and price events: the catalog changed at Stripe, so the cached plans are read again. */
export const isCatalogEvent = (event: Stripe.Event) =>
  event.type.startsWith('product.') || event.type.startsWith('price.');

export async function onCatalogEvent(ports: { refreshPlans: () => Promise<unknown> }): Promise<HandledEvent> {
  await ports.refreshPlans();
  return { status: 'processed' };
}
