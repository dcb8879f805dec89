import { createHash } from 'node:crypto';
import type { Bounds } from './counters';

const digest = (parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * The Stripe meter event identifier of one usage event. It is derived from what makes the event
 * unique, so every delivery of it (a duplicate, a retry after a crash) carries the same
 * identifier and Stripe keeps one.
 */
export function meterEventIdentifier(projectId: string, workspaceId: string, meter: string, idempotencyKey: string): string {
  return `tg_${digest(['usage', projectId, workspaceId, meter, idempotencyKey]).slice(0, 40)}`;
}

/** One id per threshold and window, so a consumer of the bus can drop a re-published copy. */
export function thresholdEventId(projectId: string, workspaceId: string, meter: string, bounds: Bounds, level: number, limit: string): string {
  return `thr_${digest(['threshold', projectId, workspaceId, meter, bounds.start, bounds.end, String(level), limit]).slice(0, 32)}`;
}
