import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { type AvItem, canonicalDecimal, exact, fromAvItem, toAvItem } from '#shared/adapters/dynamodb/attribute-values';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { DedupeRecord, WorkspaceRef } from '#shared/domain/usage/ports';
import { workspaceRefOf } from './usage-counters';

/**
 * Dedupe records outlive the 35 days an event may be backdated, so a late duplicate still finds
 * its record; DynamoDB's TTL deletes them afterwards.
 */
export const DEDUPE_TTL_SECONDS = 40 * 86_400;

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export type StoredUsageRecord = DedupeRecord & WorkspaceRef & { windowEnd: string };

/**
 * One per counted (workspace, meter, idempotency key): its existence is what makes counting
 * exactly-once (a conditional Put in the counting transaction), and it keeps what was counted so
 * a duplicate can re-send the meter event.
 */
export const usageRecordItem = defineEntity<StoredUsageRecord>({
  entity: 'usage_dedupe',
  version: 1,
  keys: (r) => keys.usageDedupe(r.projectId, r.workspaceId, r.meter, r.idempotencyKey),
  encode: (r) => ({
    meter: r.meter,
    idempotency_key: r.idempotencyKey,
    value: exact(r.value),
    timestamp: r.timestamp,
    window_end: r.windowEnd,
    counted_at: r.countedAt,
    expires_at: epoch(r.countedAt) + DEDUPE_TTL_SECONDS,
  }),
  decode: (item) => {
    const a = attributes('usage_dedupe', item);
    return {
      ...workspaceRefOf(item),
      meter: a.str('meter'),
      idempotencyKey: a.str('idempotency_key'),
      value: canonicalDecimal(a.decimal('value')),
      timestamp: a.str('timestamp'),
      windowEnd: a.str('window_end'),
      countedAt: a.str('counted_at'),
    };
  },
});

/** What a duplicate needs from its record. */
export function usageRecordFromAv(item: AvItem): DedupeRecord {
  const { meter, idempotencyKey, value, timestamp, countedAt } = usageRecordItem.fromItem(fromAvItem(item, 'string'));
  return { meter, idempotencyKey, value, timestamp, countedAt };
}

/** The record's conditional Put: it fails, cancelling the transaction, if the key was counted before. */
export function usageRecordPut(table: string, r: StoredUsageRecord): TransactWriteItem {
  return {
    Put: {
      TableName: table,
      Item: toAvItem(usageRecordItem.toItem(r)),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
