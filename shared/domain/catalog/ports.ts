import type { Plan } from './plans';

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
