import { ulid } from 'ulid';
import { projectMeters, resolveMeter } from '#shared/domain/metering/meters';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import type { GrantPorts } from './ports';
import { recomputeEntitlements } from './recompute';
import { type EntitlementSnapshot, type Grant, isGrantActive } from './snapshot';

/** One grant per PaymentIntent, so every event about one credit-pack purchase lands on the same grant. */
export const purchaseGrantId = (paymentIntentId: string) => `grt_${paymentIntentId}`;
/** A purchase's grant follows Stripe (the payment and its refunds), not an admin. */
export const isPurchaseGrant = (grantId: string) => grantId.startsWith(purchaseGrantId('pi_'));

export interface GrantInput {
  workspace_id: string;
  feature?: string;
  meter?: string;
  quantity?: string;
  expires_at?: string;
  reason: string;
}

/** Grants change what a workspace may do at once: each write recomputes its snapshot. */
export async function createGrant(
  ports: GrantPorts,
  projectId: string,
  input: GrantInput,
): Promise<{ grant: Grant; entitlements: EntitlementSnapshot }> {
  await requireWorkspace(ports, projectId, input.workspace_id);
  const now = ports.clock();
  let meter: string | null = null;
  if (input.meter) {
    const m = resolveMeter(input.meter, await projectMeters(ports.catalogMeters, projectId, [input.meter]));
    if (!m)
      throw new ValidationError(`body.meter: unknown meter '${input.meter}'`, [
        { field: 'body.meter', message: 'unknown meter' },
      ]);
    meter = m.key;
  }
  if (input.feature) {
    // A grant of a feature no plan has would gate nothing an app checks for: a typo, refused.
    const known = new Set((await ports.recompute.plans(projectId)).flatMap((p) => p.features));
    if (!known.has(input.feature)) {
      throw new ValidationError(
        `body.feature: unknown feature '${input.feature}'`,
        [{ field: 'body.feature', message: 'not a feature of any plan in the catalog' }],
        'feature_not_found',
      );
    }
  }
  if (input.expires_at && Date.parse(input.expires_at) <= now.getTime()) {
    throw new ValidationError('body.expires_at: must be in the future', [
      { field: 'body.expires_at', message: 'must be in the future' },
    ]);
  }
  const grant: Grant = {
    grant_id: `grt_${(ports.newId ?? ulid)()}`,
    workspace_id: input.workspace_id,
    feature: input.feature ?? null,
    meter,
    quantity: input.quantity ?? null,
    expires_at: input.expires_at ? new Date(input.expires_at).toISOString() : null,
    reason: input.reason,
    created_at: now.toISOString(),
  };
  await ports.billing.putGrant(projectId, grant);
  const entitlements = await recomputeEntitlements(ports.recompute, projectId, input.workspace_id);
  return { grant, entitlements };
}

export async function listWorkspaceGrants(
  ports: Pick<GrantPorts, 'billing' | 'workspaces' | 'clock'>,
  projectId: string,
  workspaceId: string,
): Promise<(Grant & { active: boolean })[]> {
  await requireWorkspace(ports, projectId, workspaceId);
  const now = ports.clock();
  const grants = await ports.billing.listGrants(projectId, workspaceId);
  return grants
    .map((g) => ({ ...g, active: isGrantActive(g, now) }))
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}

export async function revokeGrant(
  ports: GrantPorts,
  projectId: string,
  grantId: string,
): Promise<{ deleted: true; grant: Grant }> {
  // Grant ids are looked up within the caller's project only: another project's grant is not found.
  const grant = await ports.billing.findGrant(projectId, grantId);
  if (!grant) throw new NotFoundError('Grant', grantId);
  // Its next Stripe event would write it back: a purchase follows Stripe, so refund it there.
  if (isPurchaseGrant(grant.grant_id))
    throw new ConflictError(
      'This grant follows a credit-pack payment; refund the payment in Stripe to take it back',
      'purchase_grant',
    );
  await ports.billing.deleteGrant(projectId, grant);
  await recomputeEntitlements(ports.recompute, projectId, grant.workspace_id);
  return { deleted: true, grant };
}
