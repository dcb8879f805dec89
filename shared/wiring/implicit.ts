import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { projectSettingsRepository } from '#shared/adapters/dynamodb/repositories/project-settings';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import type { ImplicitWorkspacePorts } from '#shared/domain/workspaces/implicit';
import { lazy } from './lazy';

/** Registering implicit workspaces: the project's settings and the workspace profile (table only). */
export const implicitPorts = lazy(
  (): ImplicitWorkspacePorts => ({
    settings: projectSettingsRepository(tableFromConfig()),
    workspaces: workspaceRepository(tableFromConfig()),
    clock: () => new Date(),
  }),
);

/** Project settings as the settings routes read and write them. */
export const settingsPorts = lazy(() => ({
  settings: projectSettingsRepository(tableFromConfig()),
  clock: () => new Date(),
}));
