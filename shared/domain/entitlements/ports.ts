import type { Plan } from '#shared/domain/catalog/plans';
import type { CounterItem } from '#shared/domain/metering/counters';
import type { ThresholdItem } from '#shared/domain/metering/limits';
import type { MeterSource } from '#shared/domain/metering/meters';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { Workspace } from '#shared/domain/tenancy/types';
import type { WorkspaceLookup } from '#shared/domain/workspaces/ports';
import type { EntitlementSnapshot, Grant } from './snapshot';

/** The items of a workspace collection that the entitlement read and the usage API use. */
export interface WorkspaceCollection {
  profile?: Workspace;
  subscription?: SubscriptionSnapshot;
  entitlements?: EntitlementSnapshot;
  grants: Grant[];
  counters: CounterItem[];
  thresholds: ThresholdItem[];
}

export interface WorkspaceCollectionReader {
  /** ONE read of the workspace's collection: counters whose window ends at or after `cutOff`, plus its snapshots and grants. */
  readWorkspace(
    projectId: string,
    workspaceId: string,
    opts: { cutOff: string; consistent?: boolean },
  ): Promise<WorkspaceCollection>;
  /** Counter items whose window ends in [fromEnd, toEnd] (absent: the collection's read is all there is). */
  countersEndingBetween?(
    ref: { projectId: string; workspaceId: string },
    fromEnd: string,
    toEnd: string,
  ): Promise<CounterItem[]>;
}

/** A project's plans (its own catalog's, or the built-in catalog's when it has pushed none). */
export type PlanLoader = (projectId: string) => Promise<Plan[]>;

export interface EntitlementReadPorts {
  reads: WorkspaceCollectionReader;
  plans: PlanLoader;
  /** A project's meters (its catalog's, else the built-in catalog's): those the view lists and checks resolve. */
  catalogMeters: MeterSource;
  clock: () => Date;
  graceDays: number;
  /** Whether a project treats unknown workspaces as implicit (asked only for an unknown one); absent: never. */
  implicitWorkspaces?: (projectId: string) => Promise<boolean>;
}

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

export interface GrantPorts {
  billing: GrantStore;
  /** A project's meters, which a meter grant must name. */
  catalogMeters: MeterSource;
  workspaces: WorkspaceLookup;
  recompute: RecomputePorts;
  clock: () => Date;
  newId?: () => string;
}
