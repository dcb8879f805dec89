import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import type { WorkspacePorts } from '#shared/domain/workspaces/ports';
import { lazy } from './lazy';

export const workspacePorts = lazy(
  (): WorkspacePorts => ({ workspaces: workspaceRepository(tableFromConfig()), clock: () => new Date() }),
);

/** A workspace's billing history (the events it was sent), behind the workspace check. */
export const workspaceHistoryPorts = lazy(() => ({
  workspaces: workspaceRepository(tableFromConfig()),
  history: historyRepository(tableFromConfig()),
}));
