import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import type { Item } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';
import type { BillingTimelineReader } from '#shared/domain/billing/ports';
import type { BillingEvent } from '#shared/domain/subscriptions/ports';
import { billingEventItem } from './history';

/** Items one call examines at most: the page may come back short, with a cursor to go on from. */
const MAX_SCANNED = 500;

/**
 * A workspace's history entries of some types, newest first: the history's own items (see
 * history.ts), filtered by type on the server. A page ends at the last entry returned, so the
 * cursor resumes right after it whatever the filter skipped.
 */
export function billingTimelineRepository({ doc, tableName }: TableContext) {
  return {
    async listOfTypes(
      projectId: string,
      workspaceId: string,
      types: readonly string[],
      page: { limit: number; cursor?: string },
    ) {
      const names = { '#ev': 'event', '#t': 'type' };
      const values: Record<string, unknown> = { ':pk': keys.workspaceEventsPk(projectId, workspaceId) };
      types.forEach((t, i) => (values[`:t${i}`] = t));
      const events: BillingEvent[] = [];
      let last: Item | undefined;
      let start = decodeCursor(page.cursor);
      let scanned = 0;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            FilterExpression: `#ev.#t IN (${types.map((_, i) => `:t${i}`).join(', ')})`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: Math.min(100, MAX_SCANNED - scanned),
            ExclusiveStartKey: start,
          }),
        );
        scanned += r.ScannedCount ?? 0;
        for (const item of r.Items ?? []) {
          if (events.length === page.limit) break;
          events.push(billingEventItem.fromItem(item));
          last = { PK: item.PK, SK: item.SK };
        }
        start = r.LastEvaluatedKey;
        if (events.length === page.limit) {
          // Full: resume after the last entry returned (more may follow it).
          return { events, cursor: encodeCursor(last) };
        }
      } while (start && scanned < MAX_SCANNED);
      return { events, cursor: encodeCursor(start) };
    },
  } satisfies BillingTimelineReader;
}
