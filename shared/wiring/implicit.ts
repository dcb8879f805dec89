import { tableFromConfig } from '../adapters/dynamodb/client';
import { projectSettingsRepository } from '../adapters/dynamodb/repositories/project-settings';
import { workspaceRepository } from '../adapters/dynamodb/repositories/workspaces';
import type { ImplicitWorkspacePorts } from '../domain/workspaces/implicit';
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
export const settingsPorts = lazy(() => ({ settings: projectSettingsRepository(tableFromConfig()), clock: () => new Date() }));
