import type { Plan } from './plans';
import type { Catalog } from './schema';

/** A project's plans as last read from Stripe, kept in the table (one item per project). */
export interface PlanCache {
  get(projectId: string): Promise<{ plans: Plan[]; fetchedAt: number } | undefined>;
  put(projectId: string, plans: Plan[], fetchedAt: number): Promise<void>;
}

export interface CatalogPorts {
  planCache: PlanCache;
  /** Reads a project's plans from Stripe, the source of truth. */
  fetchPlans: (projectId: string) => Promise<Plan[]>;
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

/** A catalog document a project pushed, as stored. */
export interface StoredCatalog {
  projectId: string;
  document: Catalog;
  /** 1 for the first push, +1 per push: a push only replaces the version it was checked against. */
  version: number;
  updatedAt: string;
}

export interface CatalogStore {
  get(projectId: string): Promise<StoredCatalog | undefined>;
  /** Refuses with a ConflictError when the stored version is not `expectedVersion` (0: none stored yet). */
  put(record: StoredCatalog, expectedVersion: number): Promise<void>;
}
