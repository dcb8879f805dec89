import type { ProjectSettingsStore } from '#shared/domain/settings/ports';
import { readSettings } from '#shared/domain/settings/project-settings';
import type { Workspace } from '#shared/domain/tenancy/types';
import { NotFoundError } from '#shared/errors';
import type { WorkspaceLookup, WorkspaceStore } from './ports';

/** What registering an implicit workspace needs: the project's settings and a create-if-absent write. */
export interface ImplicitWorkspacePorts {
  settings: Pick<ProjectSettingsStore, 'get'>;
  workspaces: Pick<WorkspaceStore, 'get' | 'createIfAbsent'>;
  clock: () => Date;
}

/** Whether the project treats unknown workspace ids as implicit (checked only when one is unknown). */
export async function implicitWorkspaces(
  ports: Pick<ImplicitWorkspacePorts, 'settings'>,
  projectId: string,
): Promise<boolean> {
  return (await readSettings(ports, projectId)).implicit_workspaces;
}

/**
 * The workspace, registered on first contact when the project allows implicit workspaces (named
 * by its id, no email, the project's default country and currency; PUT /workspaces completes
 * it). Concurrent first contacts register it once; a profile written meanwhile is kept.
 */
export async function registerImplicit(
  ports: ImplicitWorkspacePorts,
  projectId: string,
  workspaceId: string,
): Promise<Workspace | undefined> {
  const settings = await readSettings(ports, projectId);
  if (!settings.implicit_workspaces) return undefined;
  const now = ports.clock().toISOString();
  return ports.workspaces.createIfAbsent({
    projectId,
    workspaceId,
    name: workspaceId,
    email: '',
    country: settings.implicit_country,
    currency: settings.implicit_currency,
    createdAt: now,
    updatedAt: now,
  });
}

/** `requireWorkspace`, except that an unknown id of a project with implicit workspaces is registered. */
export async function requireOrRegister(
  ports: { workspaces: WorkspaceLookup; implicit?: ImplicitWorkspacePorts },
  projectId: string,
  workspaceId: string,
): Promise<Workspace> {
  const ws =
    (await ports.workspaces.get(projectId, workspaceId)) ??
    (ports.implicit ? await registerImplicit(ports.implicit, projectId, workspaceId) : undefined);
  if (!ws) throw new NotFoundError('Workspace', workspaceId);
  return ws;
}
