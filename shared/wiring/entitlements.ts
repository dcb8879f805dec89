import { billingRepository } from '../adapters/dynamodb/billing-repository';
import { tableFromConfig } from '../adapters/dynamodb/client';
import { workspaceRepository } from '../adapters/dynamodb/repositories/workspaces';
import { config } from '../config';
import { listPlans } from '../domain/catalog/listing';
import type { GrantPorts, RecomputePorts } from '../domain/entitlements/ports';
import { catalogPorts } from './catalog';
import { lazy } from './lazy';

/** Rebuilding a snapshot: the subscription, grants and the plans (from Stripe when the cache is stale). */
export const recomputePorts = lazy(
  (): RecomputePorts => ({
    billing: billingRepository(tableFromConfig()),
    plans: () => listPlans(catalogPorts()),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  }),
);

/** Admin grants: each write recomputes the workspace's snapshot. */
export const grantPorts = lazy(
  (): GrantPorts => ({
    billing: billingRepository(tableFromConfig()),
    workspaces: workspaceRepository(tableFromConfig()),
    recompute: recomputePorts(),
    clock: () => new Date(),
  }),
);
