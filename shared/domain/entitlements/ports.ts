import type { Plan } from '../catalog/plans';
import type { SubscriptionSnapshot } from '../subscriptions/snapshot';
import type { EntitlementSnapshot, Grant } from './snapshot';

/** Plans without Stripe: the table's plan cache, else the catalog in code. */
export type PlanLoader = () => Promise<Plan[]>;

/** What a recompute reads and writes. */
export interface EntitlementStore {
  getSubscription(projectId: string, workspaceId: string): Promise<SubscriptionSnapshot | undefined>;
  listGrants(projectId: string, workspaceId: string): Promise<Grant[]>;
  putEntitlements(projectId: string, workspaceId: string, snapshot: EntitlementSnapshot): Promise<void>;
}

export interface RecomputePorts {
  billing: EntitlementStore;
  plans: PlanLoader;
  clock: () => Date;
  graceDays: number;
}

export interface GrantStore {
  /** Refuses a grant id that exists already. */
  putGrant(projectId: string, grant: Grant): Promise<void>;
  listGrants(projectId: string, workspaceId: string): Promise<Grant[]>;
  /** Within the project only: another project's grant is not found. */
  findGrant(projectId: string, grantId: string): Promise<Grant | undefined>;
  deleteGrant(projectId: string, grant: Grant): Promise<void>;
}
