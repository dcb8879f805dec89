import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { billingTimelineRepository } from '#shared/adapters/dynamodb/repositories/billing-timeline';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { lazy } from './lazy';

/** The billing history: the workspace's recorded billing events (table only). */
export const historyPorts = lazy(() => {
  const table = tableFromConfig();
  return { workspaces: workspaceRepository(table), timeline: billingTimelineRepository(table) };
});
