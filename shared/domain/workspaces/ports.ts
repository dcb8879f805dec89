import type { Workspace } from '#shared/domain/tenancy/types';

export interface WorkspaceProfile {
  name: string;
  email: string;
  country: string;
  currency: string;
}

export interface WorkspaceLookup {
  get(projectId: string, workspaceId: string, opts?: { consistent?: boolean }): Promise<Workspace | undefined>;
}

export interface WorkspaceStore extends WorkspaceLookup {
  /** Create-or-update in one write; `created_at` survives updates. */
  upsert(
    projectId: string,
    workspaceId: string,
    profile: WorkspaceProfile,
    now: string,
  ): Promise<{ workspace: Workspace; created: boolean }>;
  /** Create-or-update and adopt a Stripe customer, all or nothing; a customer billing another workspace is a 409. */
  upsertWithCustomer(
    projectId: string,
    workspaceId: string,
    profile: WorkspaceProfile,
    now: string,
    customerId: string,
  ): Promise<{ workspace: Workspace; created: boolean }>;
  setEmail(projectId: string, workspaceId: string, email: string, now: string): Promise<void>;
  setStripeCustomer(projectId: string, workspaceId: string, customerId: string): Promise<void>;
}

export interface WorkspacePorts {
  workspaces: Pick<WorkspaceStore, 'get' | 'upsert' | 'upsertWithCustomer'>;
  clock: () => Date;
}
