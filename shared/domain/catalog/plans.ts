import * as z from 'zod';
import { MeterLimit } from './schema';

/** A plan as Tollgate serves it: read back from Stripe's products, prices and features. */
export const PlanPrice = z.object({
  id: z.string(),
  lookup_key: z.string().nullable(),
  interval: z.enum(['month', 'year']),
  currency: z.string(),
  unit_amount: z.number().int(),
});
/** A plan's metered price for one meter: `included` units a period free, then `unit_amount_decimal` minor units each. */
export const PlanUsagePrice = z.object({
  id: z.string(),
  meter: z.string(),
  interval: z.enum(['month', 'year']),
  currency: z.string(),
  included: z.string(),
  unit_amount_decimal: z.string(),
});
export const Plan = z.object({
  plan: z.string(),
  name: z.string(),
  description: z.string(),
  default: z.boolean(),
  product_id: z.string(),
  features: z.array(z.string()),
  limits: z.record(z.string(), MeterLimit),
  credits_per_period: z.number().int(),
  prices: z.array(PlanPrice),
  usage_prices: z.array(PlanUsagePrice).default([]),
});
export type Plan = z.infer<typeof Plan>;
export type PlanPrice = z.infer<typeof PlanPrice>;
export type PlanUsagePrice = z.infer<typeof PlanUsagePrice>;

/** The plan's metered prices for a subscription in this interval and currency: one per billed meter. */
export function usagePricesFor(plan: Plan, interval: 'month' | 'year', currency: string): PlanUsagePrice[] {
  return plan.usage_prices.filter((p) => p.interval === interval && p.currency === currency.toLowerCase());
}

/** The meter a metered price bills, across every plan. */
export function meterOfPrice(plans: Plan[], priceId: string): PlanUsagePrice | undefined {
  for (const p of plans) {
    const hit = p.usage_prices.find((u) => u.id === priceId);
    if (hit) return hit;
  }
  return undefined;
}

export function defaultPlan(plans: Plan[]): Plan | undefined {
  return plans.find((p) => p.default) ?? plans[0];
}

export function findPrice(plan: Plan, interval: 'month' | 'year', currency: string): PlanPrice | undefined {
  return plan.prices.find((p) => p.interval === interval && p.currency === currency.toLowerCase());
}

export function planForPrice(plans: Plan[], priceId: string): Plan | undefined {
  return plans.find((p) => p.prices.some((x) => x.id === priceId));
}
