import { QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import {
  type AvItem,
  canonicalDecimal,
  exact,
  fromAvItem,
  lowLevel,
  S,
  toAvItem,
} from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';
import { METER_KEY } from '#shared/domain/catalog/schema';
import type { CountedRecord, DedupeRecord, WorkspaceRef } from '#shared/domain/usage/ports';
import { workspaceRefOf } from './usage-counters';

/**
 * Dedupe records outlive the 35 days an event may be backdated, so a late duplicate still finds
 * its record; DynamoDB's TTL deletes them afterwards.
 */
export const DEDUPE_TTL_SECONDS = 40 * 86_400;

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export type StoredUsageRecord = DedupeRecord &
  WorkspaceRef & { windowStart?: string; windowEnd: string; metadata?: Record<string, unknown> };

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
    ...(r.windowStart ? { window_start: r.windowStart } : {}),
    window_end: r.windowEnd,
    ...(r.metadata ? { metadata: JSON.stringify(r.metadata) } : {}),
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
      windowStart: a.optStr('window_start'),
      windowEnd: a.str('window_end'),
      countedAt: a.str('counted_at'),
      ...(a.optStr('metadata') !== undefined
        ? { metadata: JSON.parse(a.optStr('metadata')!) as Record<string, unknown> }
        : {}),
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

/** The counted events of a workspace (its dedupe records), for the event explorer. */
export function usageRecordRepository(ctx: TableContext) {
  const client = lowLevel(ctx);
  return {
    async listCounted(
      ref: WorkspaceRef,
      q: { meter?: string; from?: string; to?: string; limit: number; cursor?: string },
    ): Promise<{ events: CountedRecord[]; cursor: string | null }> {
      // Only a meter key names a meter's records (keys never hold `~`, which the credit ledger's markers do).
      if (q.meter !== undefined && !METER_KEY.test(q.meter)) return { events: [], cursor: null };
      const filters: string[] = [];
      const values: AvItem = {
        ':pk': S(keys.workspacePk(ref.projectId, ref.workspaceId)),
        ...(q.meter
          ? { ':sk': S(keys.usageDedupePrefix(q.meter)) }
          : { ':from': S(keys.usageDedupeAll.from), ':to': S(keys.usageDedupeAll.to) }),
      };
      if (q.from) {
        filters.push('#ts >= :from');
        values[':from'] = S(q.from);
      }
      if (q.to) {
        filters.push('#ts < :to');
        values[':to'] = S(q.to);
      }
      const events: CountedRecord[] = [];
      let start = decodeCursor(q.cursor) as AvItem | undefined;
      // A filter may leave a page short: read on until the page is full or the records end.
      do {
        const r = await client.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: q.meter
              ? 'PK = :pk AND begins_with(SK, :sk)'
              : 'PK = :pk AND SK BETWEEN :from AND :to',
            ...(filters.length
              ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: { '#ts': 'timestamp' } }
              : {}),
            ExpressionAttributeValues: values,
            Limit: q.limit - events.length,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of r.Items ?? []) {
          const rec = usageRecordItem.fromItem(fromAvItem(item, 'string'));
          events.push({
            meter: rec.meter,
            idempotencyKey: rec.idempotencyKey,
            value: rec.value,
            timestamp: rec.timestamp,
            countedAt: rec.countedAt,
            window: { start: rec.windowStart ?? null, end: rec.windowEnd },
            metadata: rec.metadata ?? null,
          });
        }
        start = r.LastEvaluatedKey;
      } while (start && events.length < q.limit);
      return { events, cursor: encodeCursor(start as never) };
    },
  };
}
