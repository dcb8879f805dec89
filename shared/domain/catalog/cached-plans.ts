import { catalog } from './catalog';
import { type StripeNames, stripeNames } from './namespace';
import type { Plan } from './plans';
import type { Catalog } from './schema';

/**
 * The plans as a catalog document defines them, in the shape read back from Stripe (the built-in
 * catalog when none is given). Only a fallback for a workspace without an entitlement snapshot
 * when the plan cache is empty too (a fresh table): features and limits match what the apply
 * wrote to Stripe.
 */
export function catalogPlans(doc: Catalog = catalog, names: StripeNames = stripeNames('demo')): Plan[] {
  return doc.plans.map((p) => ({
    plan: p.key,
    name: p.name,
    description: p.description,
    default: p.default,
    product_id: names.planProductId(p.key),
    features: p.features,
    limits: p.limits,
    credits_per_period: p.credits_per_period,
    prices: [],
    usage_prices: [],
  }));
}

/**
 * Plans for the read paths, which never call Stripe: the project's plan cache in the table, else
 * its catalog document. Kept per container and project for the cache's own lifetime.
 */
export function cachedPlanLoader(
  readCache: (projectId: string) => Promise<Plan[] | undefined>,
  clock: () => Date = () => new Date(),
  ttlMs = 10 * 60_000,
  fallback: (projectId: string) => Promise<Plan[]> = async () => catalogPlans(),
) {
  const held = new Map<string, { plans: Plan[]; at: number }>();
  return async (projectId: string): Promise<Plan[]> => {
    const now = clock().getTime();
    const h = held.get(projectId);
    if (h && now - h.at < ttlMs) return h.plans;
    const plans = (await readCache(projectId)) ?? (await fallback(projectId));
    held.set(projectId, { plans, at: now });
    return plans;
  };
}
