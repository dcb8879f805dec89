import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import type { GrantPorts } from '#shared/domain/entitlements/ports';
import { lazy } from './lazy';

/**
 * Listing a workspace's grants: the table only, no Stripe SDK (writing a grant recomputes the
 * snapshot, which may read the plans from Stripe: see grantPorts in entitlements.ts). Kept out of
 * read.ts so the entitlement checks do not bundle the grant and workspace writes.
 */
export const grantReadPorts = lazy(
  (): Pick<GrantPorts, 'billing' | 'workspaces' | 'clock'> => ({
    billing: grantRepository(tableFromConfig()),
    workspaces: workspaceRepository(tableFromConfig()),
    clock: () => new Date(),
  }),
);
