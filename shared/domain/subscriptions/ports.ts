import type Stripe from 'stripe';
import type { StripeNames } from '#shared/domain/catalog/namespace';
import type { Plan } from '#shared/domain/catalog/plans';
import type { RecomputePorts } from '#shared/domain/entitlements/ports';
import type { MetricsPorts } from '#shared/domain/metrics/ports';
import type { ProjectSettingsStore } from '#shared/domain/settings/ports';
import type { Workspace } from '#shared/domain/tenancy/types';
import type { ImplicitWorkspacePorts } from '#shared/domain/workspaces/implicit';
import type { SubscriptionSnapshot } from './snapshot';

/** The Stripe SDK client. The one wired in fails with Tollgate's AppErrors (its errors are translated at the boundary). */
export type StripeClient = () => Promise<Stripe>;

export interface SubscriptionStore {
  getSubscription(projectId: string, workspaceId: string): Promise<SubscriptionSnapshot | undefined>;
  /**
   * Writes the snapshot only if it is newer than the stored one (by `version`), or if it is the
   * same subscription re-read. Returns false when a newer state was already there.
   */
  putSubscriptionIfNewer(projectId: string, workspaceId: string, s: SubscriptionSnapshot): Promise<boolean>;
}

/** The Stripe customer → workspace link that webhooks are routed by. */
export interface CustomerLink {
  customerId: string;
  projectId: string;
  workspaceId: string;
}

export interface CustomerLinkStore {
  /** A customer bills exactly one workspace: linking it to another one is a 409 (ConflictError). */
  linkCustomer(link: CustomerLink): Promise<void>;
  findCustomer(customerId: string): Promise<CustomerLink | undefined>;
}

/** A normalised billing event as apps see it on the bus and in a workspace's history. */
export interface BillingEvent {
  id: string;
  type: string;
  project_id: string;
  workspace_id: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

export interface HistoryStore {
  /** True when the event was new; a replayed source event lands on its own entry and is false. */
  recordOnce(e: BillingEvent): Promise<boolean>;
  /** Newest first. */
  list(
    projectId: string,
    workspaceId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ events: BillingEvent[]; cursor: string | null }>;
}

/** The billing events bus (EventBridge in AWS). */
export interface BillingEventBus {
  publish(events: BillingEvent[]): Promise<void>;
}

/** What billing reads and writes of a workspace's profile. */
export interface BillingWorkspaces {
  get(projectId: string, workspaceId: string, opts?: { consistent?: boolean }): Promise<Workspace | undefined>;
  setStripeCustomer(projectId: string, workspaceId: string, customerId: string): Promise<void>;
  setEmail(projectId: string, workspaceId: string, email: string, now: string): Promise<void>;
}

/** Everything the Stripe sync and the subscription API need. */
export interface SyncPorts {
  stripe: StripeClient;
  subscriptions: SubscriptionStore;
  customers: CustomerLinkStore;
  workspaces: BillingWorkspaces;
  history: Pick<HistoryStore, 'recordOnce'>;
  bus: BillingEventBus;
  /** A project's plans. */
  plans: (projectId: string) => Promise<Plan[]>;
  /** How a project's catalog is named in Stripe (absent: the built-in catalog's names). */
  stripeNames?: (projectId: string) => Promise<StripeNames>;
  recompute: RecomputePorts;
  clock: () => Date;
  graceDays: number;
  /** The project metrics a synced subscription keeps current (absent: none are kept). */
  metrics?: MetricsPorts;
  /** Registers an unknown workspace of a project with implicit workspaces on its first subscription call; absent: never. */
  implicit?: ImplicitWorkspacePorts;
  /** Project settings (the bank details bank-transfer invoices print); absent: no invoice prints any. */
  settings?: Pick<ProjectSettingsStore, 'get'>;
}
