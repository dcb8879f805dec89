import { createHash } from 'node:crypto';
import { catalog } from '#shared/domain/catalog/catalog';
import type { MeterDef } from '#shared/domain/catalog/schema';

/** The built-in catalog's meters: those of every project that has pushed no catalog of its own. */
export const METERS: readonly MeterDef[] = catalog.meters;

/**
 * A project's meters: those of the catalog it pushed, else the built-in catalog's. Kept per
 * container for a while; `fresh` reads the stored catalog again.
 */
export type MeterSource = (projectId: string, opts?: { fresh?: boolean }) => Promise<readonly MeterDef[]>;

/** Every project on the built-in catalog's meters (tools and tests without stored catalogs). */
export const builtInMeters: MeterSource = async () => METERS;

/** The meters of each project of a batch, as read for it. */
export type MetersOf = (projectId: string) => readonly MeterDef[];

/** A meter by its key or any of its event type aliases, among a project's meters. */
export function resolveMeter(eventType: string, meters: readonly MeterDef[]): MeterDef | undefined {
  return meters.find((m) => m.key === eventType || m.event_types.includes(eventType));
}

/**
 * A project's meters for resolving `names` (meter keys or event types): a name the kept copy
 * lacks is looked up in the stored catalog again, so a meter pushed a moment ago is known at once.
 */
export async function projectMeters(
  source: MeterSource,
  projectId: string,
  names: readonly string[] = [],
): Promise<readonly MeterDef[]> {
  const meters = await source(projectId);
  return names.every((n) => resolveMeter(n, meters)) ? meters : source(projectId, { fresh: true });
}

/** A stable digest of an identity, for ids derived from what makes a thing unique. */
export const identityDigest = (parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * The Stripe meter event identifier of one usage event. It is derived from what makes the event
 * unique, so every delivery of it (a duplicate, a retry after a crash) carries the same
 * identifier and Stripe keeps one.
 */
export function meterEventIdentifier(
  projectId: string,
  workspaceId: string,
  meter: string,
  idempotencyKey: string,
): string {
  return `tg_${identityDigest(['usage', projectId, workspaceId, meter, idempotencyKey]).slice(0, 40)}`;
}

/** The meters of every project `events` name, each read once, for a batch validated synchronously. */
export async function metersOfProjects(
  source: MeterSource,
  events: readonly { project_id: string; event_type: string }[],
): Promise<MetersOf> {
  const names = new Map<string, string[]>();
  for (const e of events) names.set(e.project_id, [...(names.get(e.project_id) ?? []), e.event_type]);
  const read = await Promise.all([...names].map(async ([p, n]) => [p, await projectMeters(source, p, n)] as const));
  const byProject = new Map(read);
  return (projectId) => byProject.get(projectId) ?? [];
}
