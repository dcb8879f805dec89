import { resolveMeter } from '#shared/domain/metering/meters';
import { NotFoundError } from '#shared/errors';
import { isPurchaseGrant, listWorkspaceGrants, revokeGrant } from './grants';
import type { GrantPorts } from './ports';
import type { Grant } from './snapshot';

/** Which grants to revoke: one by id, or a workspace's active grants of a feature or a meter. */
export type GrantSelection = { grant_id: string } | { workspace_id: string; feature?: string; meter?: string };

/**
 * Revokes the selected grants (each recomputes the entitlements, as a single revoke does).
 * A selection that matches no active grant is a 404; credit-pack grants follow their payment and
 * are never matched by feature or meter.
 */
export async function revokeSelected(
  ports: GrantPorts,
  projectId: string,
  sel: GrantSelection,
): Promise<{ revoked: Grant[] }> {
  if ('grant_id' in sel) return { revoked: [(await revokeGrant(ports, projectId, sel.grant_id)).grant] };
  const meter = sel.meter
    ? (resolveMeter(sel.meter, await ports.catalogMeters(projectId))?.key ?? sel.meter)
    : undefined;
  const matching = (await listWorkspaceGrants(ports, projectId, sel.workspace_id)).filter(
    (g) => g.active && !isPurchaseGrant(g.grant_id) && (sel.feature ? g.feature === sel.feature : g.meter === meter),
  );
  if (!matching.length) throw new NotFoundError('Grant', sel.feature ?? sel.meter ?? sel.workspace_id);
  const revoked: Grant[] = [];
  for (const g of matching) revoked.push((await revokeGrant(ports, projectId, g.grant_id)).grant);
  return { revoked };
}
