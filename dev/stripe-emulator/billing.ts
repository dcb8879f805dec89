import Big from 'big.js';
import type Stripe from 'stripe';
import type { LineSpec } from './invoice-model';
import { aggregate } from './meters';
import { DAY, decStr, idOf, type State } from './state';

type Interval = Stripe.Price.Recurring.Interval;

/**
 * The `k`-th period boundary after `anchor`. Months keep the anchor's day of month, clamped to the
 * month's last day (Jan 31 → Feb 28 → Mar 31), as Stripe's billing cycle anchor does.
 */
export function boundary(anchor: number, interval: Interval, count: number, k: number): number {
  if (interval === 'day') return anchor + k * count * DAY;
  if (interval === 'week') return anchor + k * count * 7 * DAY;
  const d = new Date(anchor * 1000);
  const months = (interval === 'year' ? 12 : 1) * count * k;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Math.floor(Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}

/** The first period boundary strictly after `after`, counting from `anchor`. */
export function nextBoundary(anchor: number, interval: Interval, count: number, after: number): number {
  for (let k = 1; k < 100_000; k++) {
    const b = boundary(anchor, interval, count, k);
    if (b > after) return b;
  }
  throw new Error('period calculation did not converge');
}

export function recurringOf(price: Stripe.Price): Stripe.Price.Recurring {
  if (!price.recurring) throw new Error(`price ${price.id} is not recurring`);
  return price.recurring;
}

export const isMetered = (price: Stripe.Price): boolean => price.recurring?.usage_type === 'metered';

/** `unit_amount_decimal × quantity`, rounded half-up to the minor unit. */
export function amountFor(
  price: Pick<Stripe.Price, 'unit_amount' | 'unit_amount_decimal'>,
  quantity: Big.BigSource,
): number {
  const unit = decStr(price.unit_amount_decimal) ?? String(price.unit_amount ?? 0);
  return Number(new Big(unit).times(quantity).round(0, Big.roundHalfUp).toString());
}

function productName(state: State, price: Stripe.Price): string {
  return state.products.get(idOf(price.product as string)!)?.name ?? 'Product';
}

function formatDate(ts: number): string {
  return new Date(ts * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function base(
  state: State,
  sub: Pick<Stripe.Subscription, 'id'>,
  item: Stripe.SubscriptionItem,
  price: Stripe.Price,
): Omit<LineSpec, 'amount' | 'description' | 'quantity' | 'period' | 'proration'> {
  return {
    currency: price.currency,
    price,
    subscription: sub.id,
    subscriptionItem: item.id,
    invoiceItem: null,
    unitAmountDecimal: decStr(price.unit_amount_decimal),
  };
}

/** A licensed item billed in advance for [start, end). */
export function licensedLine(
  state: State,
  sub: Pick<Stripe.Subscription, 'id'>,
  item: Stripe.SubscriptionItem,
  start: number,
  end: number,
  trial = false,
): LineSpec {
  const price = state.prices.get(item.price.id)!;
  const qty = item.quantity ?? 1;
  return {
    ...base(state, sub, item, price),
    amount: trial ? 0 : amountFor(price, qty),
    description: trial ? `Trial period for ${productName(state, price)}` : `${qty} × ${productName(state, price)}`,
    quantity: qty,
    period: { start, end },
    proration: false,
  };
}

/** A metered item billed in arrears: the meter's aggregated usage over [start, end) × unit price. */
export function usageLine(
  state: State,
  sub: Stripe.Subscription,
  item: Stripe.SubscriptionItem,
  start: number,
  end: number,
): LineSpec {
  const price = state.prices.get(item.price.id)!;
  const meter = price.recurring?.meter ? state.meters.get(price.recurring.meter) : undefined;
  const usage = meter ? aggregate(state, meter, idOf(sub.customer as string)!, start, end) : new Big(0);
  const usageStr = usage.toString();
  return {
    ...base(state, sub, item, price),
    amount: amountFor(price, usage),
    description: `${usageStr} × ${productName(state, price)} (usage)`,
    quantity: usage.round(0, Big.roundDown).eq(usage) ? Number(usageStr) : null,
    quantityDecimal: usageStr,
    period: { start, end },
    proration: false,
  };
}

export interface ItemChange {
  item: Stripe.SubscriptionItem;
  oldPrice: Stripe.Price | null;
  oldQuantity: number;
  newPrice: Stripe.Price | null;
  newQuantity: number;
}

/**
 * Proration lines for changing items at `at` inside [start, end): a credit for the unused part of
 * the old price and a charge for the remaining part of the new one, each rounded to the minor unit.
 * Metered prices are billed on usage and never prorated.
 */
export function prorationLines(state: State, sub: Stripe.Subscription, changes: ItemChange[], at: number): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const c of changes) {
    const start = c.item.current_period_start;
    const end = c.item.current_period_end;
    if (at >= end || end <= start) continue;
    const fraction = new Big(end - Math.max(at, start)).div(end - start);
    const when = formatDate(at);
    if (c.oldPrice && !isMetered(c.oldPrice)) {
      const full = amountFor(c.oldPrice, c.oldQuantity);
      lines.push({
        ...base(state, sub, c.item, c.oldPrice),
        amount: -Number(new Big(full).times(fraction).round(0, Big.roundHalfUp).toString()),
        description: `Unused time on ${c.oldQuantity} × ${productName(state, c.oldPrice)} after ${when}`,
        quantity: c.oldQuantity,
        period: { start: at, end },
        proration: true,
      });
    }
    if (c.newPrice && !isMetered(c.newPrice)) {
      const full = amountFor(c.newPrice, c.newQuantity);
      lines.push({
        ...base(state, sub, c.item, c.newPrice),
        amount: Number(new Big(full).times(fraction).round(0, Big.roundHalfUp).toString()),
        description: `Remaining time on ${c.newQuantity} × ${productName(state, c.newPrice)} after ${when}`,
        quantity: c.newQuantity,
        period: { start: at, end },
        proration: true,
      });
    }
  }
  return lines;
}

/** Lines for the invoice that opens [start, end): licensed items in advance, metered usage for the period that just ended. */
export function cycleLines(
  state: State,
  sub: Stripe.Subscription,
  prevStart: number,
  start: number,
  end: number,
  prevWasTrial: boolean,
): LineSpec[] {
  const lines: LineSpec[] = [];
  for (const item of sub.items.data) {
    const price = state.prices.get(item.price.id)!;
    if (isMetered(price)) {
      if (!prevWasTrial && prevStart < start) lines.push(usageLine(state, sub, item, prevStart, start));
    } else lines.push(licensedLine(state, sub, item, start, end));
  }
  return lines;
}
