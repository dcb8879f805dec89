import { NotFoundError } from '#shared/errors';
import type { Plan } from './plans';
import type { CatalogPorts } from './ports';

export const PLAN_CACHE_TTL_MS = 10 * 60 * 1000;

/** Plans from the table cache when younger than 10 minutes, otherwise from Stripe (and cached). */
export async function listPlans(ports: CatalogPorts): Promise<Plan[]> {
  const cached = await ports.planCache.get();
  if (cached && ports.clock().getTime() - cached.fetchedAt < PLAN_CACHE_TTL_MS) return cached.plans;
  return refreshPlans(ports);
}

/** Called when product/price webhooks arrive, so a catalog change shows without waiting. */
export async function refreshPlans(ports: CatalogPorts): Promise<Plan[]> {
  const plans = await ports.fetchPlans();
  await ports.planCache.put(plans, ports.clock().getTime());
  return plans;
}

export async function requirePlan(ports: CatalogPorts, key: string): Promise<Plan> {
  const plan = (await listPlans(ports)).find((p) => p.plan === key);
  if (!plan) throw new NotFoundError('Plan', key);
  return plan;
}
