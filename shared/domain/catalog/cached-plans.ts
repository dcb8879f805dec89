import { catalog, planProductId } from './catalog';
import type { Plan } from './plans';

/**
 * The plans as the catalog in code defines them, in the shape read back from Stripe. Only a
 * fallback for a workspace without an entitlement snapshot when the plan cache is empty too
 * (a fresh table): features and limits match what `npm run catalog -- apply` wrote to Stripe.
 */
export function catalogPlans(): Plan[] {
  return catalog.plans.map((p) => ({
    plan: p.key,
    name: p.name,
    description: p.description,
    default: p.default,
    product_id: planProductId(p.key),
    features: p.features,
    limits: p.limits,
    credits_per_period: p.credits_per_period,
    prices: [],
  }));
}

/**
 * Plans for the read paths, which never call Stripe: the table's plan cache, else the catalog
 * in code. Kept per container for the cache's own lifetime.
 */
export function cachedPlanLoader(
  readCache: () => Promise<Plan[] | undefined>,
  clock: () => Date = () => new Date(),
  ttlMs = 10 * 60_000,
) {
  let held: { plans: Plan[]; at: number } | undefined;
  return async (): Promise<Plan[]> => {
    const now = clock().getTime();
    if (held && now - held.at < ttlMs) return held.plans;
    const plans = (await readCache()) ?? catalogPlans();
    held = { plans, at: now };
    return plans;
  };
}
