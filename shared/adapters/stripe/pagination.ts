import type Stripe from 'stripe';
import { stripeCall } from './errors';

/** Walks a Stripe list page by page (`starting_after` the last id), yielding items as they come. */
export async function* stripePages<T extends { id: string }>(
  list: (startingAfter?: string) => Promise<Stripe.ApiList<T>>,
): AsyncGenerator<T> {
  let after: string | undefined;
  for (;;) {
    const page = await stripeCall(() => list(after));
    for (const x of page.data) yield x;
    if (!page.has_more || !page.data.length) return;
    after = page.data[page.data.length - 1].id;
  }
}

/** Every item of a Stripe list, for lists small enough to hold (the catalog). */
export async function listAll<T extends { id: string }>(
  list: (startingAfter?: string) => Promise<Stripe.ApiList<T>>,
): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stripePages(list)) out.push(x);
  return out;
}
