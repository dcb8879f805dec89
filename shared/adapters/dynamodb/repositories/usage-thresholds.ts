import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { type AvItem, fromAvItem, keyAv, lowLevel, N, S } from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { ThresholdItem } from '#shared/domain/metering/limits';
import type { Bounds } from '#shared/domain/metering/windows';
import type { UsageStore, WorkspaceRef } from '#shared/domain/usage/ports';
import { workspaceRefOf } from './usage-counters';

/** Threshold flags outlive their window as long as dedupe records do. */
const THRESHOLD_TTL_SECONDS = 40 * 86_400;
const FLAG = /^f\d+_/;

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The threshold flags of one limit window (`f<level>_<limit>` = `claimed|<at>` or `sent|<at>`),
 * next to the counters so the entitlement read sees them. Written only by the claim and
 * confirm updates below.
 */
export const usageThresholdsItem = defineEntity<ThresholdItem & WorkspaceRef>({
  entity: 'usage_thresholds',
  version: 1,
  keys: (t) => keys.usageThresholds(t.projectId, t.workspaceId, t.meter, t.window),
  encode: (t) => ({
    meter: t.meter,
    window_start: t.window.start,
    window_end: t.window.end,
    ...t.flags,
    expires_at: epoch(t.window.end) + THRESHOLD_TTL_SECONDS,
  }),
  decode: (item) => ({ ...workspaceRefOf(item), ...thresholdsFromItem(item) }),
});

function thresholdsFromItem(item: Item): ThresholdItem {
  const a = attributes('usage_thresholds', item);
  const flags: Record<string, string> = {};
  for (const k of Object.keys(item)) if (FLAG.test(k) && typeof item[k] === 'string') flags[k] = a.str(k);
  return { meter: a.str('meter'), window: { start: a.str('window_start'), end: a.str('window_end') }, flags };
}

export const thresholdsFromAv = (item: AvItem): ThresholdItem => thresholdsFromItem(fromAvItem(item, 'string'));

export function usageThresholdRepository(ctx: TableContext) {
  const client = lowLevel(ctx);
  const table = ctx.tableName;
  return {
    /**
     * Claims a threshold flag so exactly one consumer publishes it: set only if unset, or if a
     * previous claim is stale (its publisher died before confirming).
     */
    async claimThreshold(
      ref: WorkspaceRef,
      meter: string,
      view: Bounds,
      flag: string,
      now: Date,
      staleBefore: Date,
    ): Promise<boolean> {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: keyAv(keys.usageThresholds(ref.projectId, ref.workspaceId, meter, view)),
            UpdateExpression:
              'SET #f = :claim, #e = :e, #v = :v, #mt = :mt, #ws = :ws, #we = :we, #x = if_not_exists(#x, :x)',
            ConditionExpression: 'attribute_not_exists(#f) OR (begins_with(#f, :cp) AND #f < :stale)',
            ExpressionAttributeNames: {
              '#f': flag,
              '#e': 'entity',
              '#v': 'v',
              '#mt': 'meter',
              '#ws': 'window_start',
              '#we': 'window_end',
              '#x': 'expires_at',
            },
            ExpressionAttributeValues: {
              ':claim': S(`claimed|${now.toISOString()}`),
              ':cp': S('claimed|'),
              ':stale': S(`claimed|${staleBefore.toISOString()}`),
              ':e': S(usageThresholdsItem.entity),
              ':v': N(usageThresholdsItem.version),
              ':mt': S(meter),
              ':ws': S(view.start),
              ':we': S(view.end),
              ':x': N(epoch(view.end) + THRESHOLD_TTL_SECONDS),
            },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async confirmThreshold(ref: WorkspaceRef, meter: string, view: Bounds, flag: string, now: Date): Promise<void> {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: keyAv(keys.usageThresholds(ref.projectId, ref.workspaceId, meter, view)),
          UpdateExpression: 'SET #f = :sent',
          ExpressionAttributeNames: { '#f': flag },
          ExpressionAttributeValues: { ':sent': S(`sent|${now.toISOString()}`) },
        }),
      );
    },
  } satisfies Pick<UsageStore, 'claimThreshold' | 'confirmThreshold'>;
}
