import { createHash } from 'node:crypto';
import { catalog } from '#shared/domain/catalog/catalog';
import type { MeterDef } from '#shared/domain/catalog/schema';

/** The meters usage is counted on, from the catalog in code. */
export const METERS: readonly MeterDef[] = catalog.meters;

/** A meter by its key or any of its event type aliases. */
export function resolveMeter(eventType: string, meters: readonly MeterDef[] = METERS): MeterDef | undefined {
  return meters.find((m) => m.key === eventType || m.event_types.includes(eventType));
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
