import type Stripe from 'stripe';
import { meterOfPrice, type Plan, usagePricesFor } from '#shared/domain/catalog/plans';

/*
 * A subscription carries the plan's licensed item (the seats) and one metered item per meter the
 * plan bills, each on the plan's metered price for the subscription's interval and currency.
 * Usage reaches those items through the Stripe meters, so metered items never carry a quantity.
 */

type ItemLike = { id: string; price: Pick<Stripe.Price, 'id' | 'recurring' | 'metadata'>; quantity?: number };

export const isMeteredItem = (it: { price: Pick<Stripe.Price, 'recurring'> }): boolean =>
  it.price.recurring?.usage_type === 'metered';

/** The licensed (seats) item: the plan's price. Metered items sit beside it. */
export function licensedItem<T extends ItemLike>(sub: { items: { data: T[] } }): T {
  return sub.items.data.find((it) => !isMeteredItem(it)) ?? sub.items.data[0];
}

/** Items for a new subscription on `plan`: the licensed price with its seats, then each metered price. */
export function subscriptionItems(
  plan: Plan,
  priceId: string,
  seats: number,
  interval: 'month' | 'year',
  currency: string,
) {
  return [
    { price: priceId, quantity: seats },
    ...usagePricesFor(plan, interval, currency).map((u) => ({ price: u.id })),
  ];
}

/**
 * The item updates that move a subscription onto `plan`: the licensed item changes price (keeping
 * or setting its seats), a metered item of a meter the new plan also bills changes price in place,
 * a meter the new plan does not bill loses its item, and a newly billed meter gains one.
 */
export function itemUpdatesForPlan(
  sub: { items: { data: ItemLike[] } },
  plan: Plan,
  priceId: string,
  interval: 'month' | 'year',
  currency: string,
  seats?: number,
): Stripe.SubscriptionUpdateParams.Item[] {
  const licensed = licensedItem(sub);
  const updates: Stripe.SubscriptionUpdateParams.Item[] = [
    { id: licensed.id, price: priceId, ...(seats !== undefined ? { quantity: seats } : {}) },
  ];
  const metered = sub.items.data.filter(isMeteredItem);
  const kept = new Set<string>();
  for (const u of usagePricesFor(plan, interval, currency)) {
    const same = metered.find((it) => !kept.has(it.id) && it.price.metadata?.tollgate_meter === u.meter);
    if (same) {
      kept.add(same.id);
      if (same.price.id !== u.id) updates.push({ id: same.id, price: u.id });
    } else updates.push({ price: u.id });
  }
  for (const it of metered) if (!kept.has(it.id)) updates.push({ id: it.id, deleted: true });
  return updates;
}

/** Phase items for `plan` (a schedule's next phase): the licensed price with seats, then each metered price. */
export function phaseItemsForPlan(
  plan: Plan,
  priceId: string,
  seats: number,
  interval: 'month' | 'year',
  currency: string,
) {
  return subscriptionItems(plan, priceId, seats, interval, currency);
}

/** The plan meter a metered price bills, or null for any other price. */
export function meterForPrice(plans: Plan[], priceId: string | null | undefined): string | null {
  return priceId ? (meterOfPrice(plans, priceId)?.meter ?? null) : null;
}

/** Whether the subscription's metered items are exactly the plan's metered prices. */
export function usageItemsMatch(
  sub: { items: { data: ItemLike[] } },
  plan: Plan,
  interval: 'month' | 'year',
  currency: string,
): boolean {
  const want = usagePricesFor(plan, interval, currency)
    .map((u) => u.id)
    .sort();
  const have = sub.items.data
    .filter(isMeteredItem)
    .map((it) => it.price.id)
    .sort();
  return want.length === have.length && want.every((id, i) => id === have[i]);
}
