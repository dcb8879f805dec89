import type { MeterLimit } from '#shared/domain/catalog/schema';
import { levelsToEmit, STALE_CLAIM_MS, thresholdFlag } from '#shared/domain/metering/limits';
import { identityDigest } from '#shared/domain/metering/meters';
import type { Bounds } from '#shared/domain/metering/windows';
import type { UsagePorts, WorkspaceRef } from './ports';

export const THRESHOLD_EVENT = 'usage.threshold_reached';

/** One id per threshold and window, so a consumer of the bus can drop a re-published copy. */
export function thresholdEventId(
  projectId: string,
  workspaceId: string,
  meter: string,
  bounds: Bounds,
  level: number,
  limit: string,
): string {
  return `thr_${identityDigest(['threshold', projectId, workspaceId, meter, bounds.start, bounds.end, String(level), limit]).slice(0, 32)}`;
}

/**
 * Emits `usage.threshold_reached` for each level the usage has reached in this window and that
 * was never sent. Once per window: a conditional flag on the window's threshold item is claimed
 * first, the event published second, the flag marked sent third. A publisher that dies between
 * claim and send leaves a claim that goes stale and is taken over by the next writer, which
 * publishes the same event id again (subscribers dedupe by id). Returns the levels published.
 */
export async function emitThresholds(
  ports: Pick<UsagePorts, 'store' | 'bus'>,
  ref: WorkspaceRef,
  meter: string,
  limit: MeterLimit,
  view: Bounds,
  used: string,
  flags: Record<string, string>,
  now: Date,
): Promise<number[]> {
  if (limit.limit === null) return [];
  const published: number[] = [];
  for (const level of levelsToEmit(limit.limit, used, flags, now)) {
    const flag = thresholdFlag(level, limit.limit);
    if (!(await ports.store.claimThreshold(ref, meter, view, flag, now, new Date(now.getTime() - STALE_CLAIM_MS))))
      continue;
    await ports.bus.publish([
      {
        type: THRESHOLD_EVENT,
        project_id: ref.projectId,
        workspace_id: ref.workspaceId,
        id: thresholdEventId(ref.projectId, ref.workspaceId, meter, view, level, limit.limit),
        occurred_at: now.toISOString(),
        detail: {
          meter,
          threshold_percent: level,
          limit: limit.limit,
          used,
          mode: limit.mode,
          window: limit.window,
          window_start: view.start,
          resets_at: view.end,
        },
      },
    ]);
    await ports.store.confirmThreshold(ref, meter, view, flag, now);
    published.push(level);
  }
  return published;
}
