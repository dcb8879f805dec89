import type { Plan } from './plans';
import type { Catalog } from './schema';

/** The plans as last read from Stripe, kept in the table. */
export interface PlanCache {
  get(): Promise<{ plans: Plan[]; fetchedAt: number } | undefined>;
  put(plans: Plan[], fetchedAt: number): Promise<void>;
}

export interface CatalogPorts {
  planCache: PlanCache;
  /** Reads the plans from Stripe, the source of truth. */
  fetchPlans: () => Promise<Plan[]>;
  clock: () => Date;
}

/**
 * Each project's catalog document (meters, plans, limits, credit events, packs): what the domain
 * consults for the rules the catalog declares. Plans as served (with their Stripe prices) come
 * from `CatalogPorts`; this is the document they were applied from.
 */
export interface CatalogSource {
  forProject(projectId: string): Promise<Catalog>;
}
