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
});
export type Plan = z.infer<typeof Plan>;
export type PlanPrice = z.infer<typeof PlanPrice>;

export function defaultPlan(plans: Plan[]): Plan | undefined {
  return plans.find((p) => p.default) ?? plans[0];
}

export function findPrice(plan: Plan, interval: 'month' | 'year', currency: string): PlanPrice | undefined {
  return plan.prices.find((p) => p.interval === interval && p.currency === currency.toLowerCase());
}

export function planForPrice(plans: Plan[], priceId: string): Plan | undefined {
  return plans.find((p) => p.prices.some((x) => x.id === priceId));
}
