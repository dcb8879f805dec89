import type Stripe from 'stripe';
import { stripeCall } from './errors';

/** Walks every page of a Stripe list (`starting_after` the last id) and returns all items. */
export async function listAll<T extends { id: string }>(page: (startingAfter?: string) => Promise<Stripe.ApiList<T>>): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const r = await stripeCall(() => page(after));
    out.push(...r.data);
    if (!r.has_more || !r.data.length) return out;
    after = r.data[r.data.length - 1].id;
  }
}
