import type { Workspace } from '#shared/domain/tenancy/types';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { WorkspaceLookup, WorkspacePorts, WorkspaceProfile } from './ports';

export async function upsertWorkspace(
  ports: WorkspacePorts,
  projectId: string,
  workspaceId: string,
  input: WorkspaceProfile & { stripe_customer_id?: string },
): Promise<{ workspace: Workspace; created: boolean }> {
  const { stripe_customer_id: customerId, ...profile } = input;
  if (!customerId) return ports.workspaces.upsert(projectId, workspaceId, profile, ports.clock().toISOString());
  // Checked first for a clear answer; the transaction's conditions decide under races.
  const existing = await ports.workspaces.get(projectId, workspaceId);
  if (existing?.stripeCustomerId && existing.stripeCustomerId !== customerId) {
    throw new ConflictError('The workspace already has a Stripe customer', 'customer_already_set', {
      stripe_customer_id: existing.stripeCustomerId,
    });
  }
  return ports.workspaces.upsertWithCustomer(projectId, workspaceId, profile, ports.clock().toISOString(), customerId);
}

/** A workspace of another project lives under another key, so it is "not found", never "forbidden". */
export async function requireWorkspace(
  ports: { workspaces: WorkspaceLookup },
  projectId: string,
  workspaceId: string,
): Promise<Workspace> {
  const ws = await ports.workspaces.get(projectId, workspaceId);
  if (!ws) throw new NotFoundError('Workspace', workspaceId);
  return ws;
}

export function toWorkspaceDto(w: Workspace) {
  return {
    workspace_id: w.workspaceId,
    name: w.name,
    email: w.email,
    country: w.country,
    currency: w.currency,
    stripe_customer_id: w.stripeCustomerId ?? null,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}
