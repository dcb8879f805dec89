import type { ProjectSettings, ProjectSettingsStore } from './ports';

/** A project that never set anything: workspaces are registered explicitly, no bank details. */
export const DEFAULT_SETTINGS: ProjectSettings = {
  implicit_workspaces: false,
  implicit_country: 'US',
  implicit_currency: 'usd',
  bank_details: null,
  updated_at: null,
};

export async function readSettings(
  ports: { settings: Pick<ProjectSettingsStore, 'get'> },
  projectId: string,
): Promise<ProjectSettings> {
  return (await ports.settings.get(projectId)) ?? DEFAULT_SETTINGS;
}

/** Changes only the fields given; the rest keep their stored (or default) values. */
export async function updateSettings(
  ports: { settings: ProjectSettingsStore; clock: () => Date },
  projectId: string,
  patch: Partial<Omit<ProjectSettings, 'updated_at'>>,
): Promise<ProjectSettings> {
  const next: ProjectSettings = {
    ...(await readSettings(ports, projectId)),
    ...patch,
    updated_at: ports.clock().toISOString(),
  };
  await ports.settings.put(projectId, next);
  return next;
}
