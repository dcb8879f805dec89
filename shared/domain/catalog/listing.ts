import { NotFoundError } from '#shared/errors';
import type { Plan } from './plans';
import type { CatalogPorts } from './ports';

export const PLAN_CACHE_TTL_MS = 10 * 60 * 1000;

/** A project's plans from the table cache when younger than 10 minutes, otherwise from Stripe (and cached). */
export async function listPlans(ports: CatalogPorts, projectId: string): Promise<Plan[]> {
  const cached = await ports.planCache.get(projectId);
  if (cached && ports.clock().getTime() - cached.fetchedAt < PLAN_CACHE_TTL_MS) return cached.plans;
  return refreshPlans(ports, projectId);
}

/** Called when product/price webhooks arrive or a catalog is pushed, so a change shows without waiting. */
export async function refreshPlans(ports: CatalogPorts, projectId: string): Promise<Plan[]> {
  const plans = await ports.fetchPlans(projectId);
  await ports.planCache.put(projectId, plans, ports.clock().getTime());
  return plans;
}

export async function requirePlan(ports: CatalogPorts, projectId: string, key: string): Promise<Plan> {
  const plan = (await listPlans(ports, projectId)).find((p) => p.plan === key);
  if (!plan) throw new NotFoundError('Plan', key);
  return plan;
}
