import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type AvItem, fromAvItem } from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item } from '#shared/adapters/dynamodb/codec';
import { isTransactionCanceled } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';
import type { CreditState, EntryType, LedgerEntry } from '#shared/domain/credits/ledger';
import type {
  CommitOutcome,
  CreditCommit,
  CreditContext,
  CreditMarker,
  CreditStore,
} from '#shared/domain/credits/ports';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { workspaceOfItem } from './subscriptions';

type Ref = { projectId: string; workspaceId: string };

/** The derived balance: the buckets, the subscription allocation, and the entry count it was built from. */
export const creditBalanceItem = defineEntity<Ref & { state: CreditState }>({
  entity: 'credit_balance',
  version: 1,
  keys: (b) => keys.creditBalance(b.projectId, b.workspaceId),
  // `seq` is top-level so the commit's condition can compare it.
  encode: (b) => ({ seq: b.state.seq, state: b.state, project_id: b.projectId, workspace_id: b.workspaceId }),
  decode: (item) => ({ ...workspaceOfItem(item), state: attributes('credit_balance', item).doc<CreditState>('state') }),
});

/** One ledger entry; `type` is top-level so a listing can filter on it. */
export const creditEntryItem = defineEntity<Ref & { entry: LedgerEntry }>({
  entity: 'credit_entry',
  version: 1,
  keys: (e) => keys.creditEntry(e.projectId, e.workspaceId, e.entry.seq),
  encode: (e) => ({ type: e.entry.type, entry: e.entry }),
  decode: (item) => ({ ...workspaceOfItem(item), entry: attributes('credit_entry', item).doc<LedgerEntry>('entry') }),
});

export const creditMarkerItem = defineEntity<Ref & { marker: CreditMarker }>({
  entity: 'credit_marker',
  version: 1,
  keys: (m) => keys.creditMarker(m.projectId, m.workspaceId, m.marker.id),
  encode: (m) => ({ rev: m.marker.rev, marker: m.marker }),
  decode: (item) => ({
    ...workspaceOfItem(item),
    marker: attributes('credit_marker', item).doc<CreditMarker>('marker'),
  }),
});

export function creditLedgerRepository({ doc, tableName }: TableContext) {
  const pk = (r: Ref) => keys.workspacePk(r.projectId, r.workspaceId);
  return {
    /** One strongly consistent Query of the collection's `X#` items: profile, subscription, credits. */
    async read(projectId: string, workspaceId: string): Promise<CreditContext> {
      const out: CreditContext = { exists: false };
      let start: Item | undefined;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
            ExpressionAttributeValues: {
              ':pk': pk({ projectId, workspaceId }),
              ':a': 'X#CREDITS',
              ':b': 'X#SUBSCRIPTION',
            },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of r.Items ?? []) {
          if (item.SK === 'X#PROFILE') out.exists = true;
          else if (item.SK === 'X#SUBSCRIPTION' && item.snapshot)
            out.subscription = attributes('subscription', item).doc<SubscriptionSnapshot>('snapshot');
          else if (creditBalanceItem.is(item)) out.state = creditBalanceItem.fromItem(item).state;
        }
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },

    /**
     * The state, its entries and markers in one transaction. The state's condition (its `seq` as
     * read) serializes every change of one workspace's ledger; a marker's condition makes its
     * operation once-only. Which condition failed tells a lost race from a repeated operation.
     */
    async commit(projectId: string, workspaceId: string, c: CreditCommit): Promise<CommitOutcome> {
      const ref = { projectId, workspaceId };
      const items = [
        {
          Put: {
            TableName: tableName,
            Item: creditBalanceItem.toItem({ ...ref, state: c.state }),
            ConditionExpression: c.expectedSeq === 0 ? 'attribute_not_exists(PK)' : 'seq = :seq',
            ...(c.expectedSeq === 0 ? {} : { ExpressionAttributeValues: { ':seq': c.expectedSeq } }),
          },
        },
        ...c.entries.map((entry) => ({
          Put: {
            TableName: tableName,
            Item: creditEntryItem.toItem({ ...ref, entry }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        })),
        ...c.markers.map((m) => ({
          Put: {
            TableName: tableName,
            Item: creditMarkerItem.toItem({ ...ref, marker: m.marker }),
            ConditionExpression: m.op === 'create' ? 'attribute_not_exists(PK)' : 'rev = :rev',
            ...(m.op === 'update' ? { ExpressionAttributeValues: { ':rev': m.expectedRev } } : {}),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
          },
        })),
      ];
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { ok: true };
      } catch (err) {
        if (!isTransactionCanceled(err)) throw err;
        const reasons = err.CancellationReasons ?? [];
        const stateFailed = reasons[0]?.Code && reasons[0].Code !== 'None';
        const first = 1 + c.entries.length;
        if (!stateFailed) {
          for (let i = 0; i < c.markers.length; i++) {
            const m = c.markers[i];
            if (m.op !== 'create' || reasons[first + i]?.Code !== 'ConditionalCheckFailed') continue;
            const old = reasons[first + i]?.Item;
            const marker = old
              ? creditMarkerItem.fromItem(fromAvItem(old as AvItem)).marker
              : await this.getMarker(projectId, workspaceId, m.marker.id);
            if (marker) return { ok: false, reason: 'marker_exists', marker };
          }
        }
        return { ok: false, reason: 'conflict' };
      }
    },

    async getMarker(projectId: string, workspaceId: string, id: string) {
      const r = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.creditMarker(projectId, workspaceId, id),
          ConsistentRead: true,
        }),
      );
      return r.Item ? creditMarkerItem.fromItem(r.Item).marker : undefined;
    },

    async listEntries(
      projectId: string,
      workspaceId: string,
      page: { limit: number; cursor?: string; type?: EntryType },
    ) {
      const entries: LedgerEntry[] = [];
      let start = decodeCursor(page.cursor);
      // A type filter may leave a page short: keep reading until it is full or the ledger ends.
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
            ...(page.type ? { FilterExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'type' } } : {}),
            ExpressionAttributeValues: {
              ':pk': pk({ projectId, workspaceId }),
              ':c': keys.creditEntryPrefix,
              ...(page.type ? { ':t': page.type } : {}),
            },
            ScanIndexForward: false,
            Limit: page.limit - entries.length,
            ExclusiveStartKey: start,
          }),
        );
        entries.push(...(r.Items ?? []).map((i) => creditEntryItem.fromItem(i).entry));
        start = r.LastEvaluatedKey;
      } while (start && entries.length < page.limit);
      return { entries, cursor: encodeCursor(start) };
    },

    async allEntries(projectId: string, workspaceId: string) {
      const entries: LedgerEntry[] = [];
      let start: Item | undefined;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
            ExpressionAttributeValues: { ':pk': pk({ projectId, workspaceId }), ':c': keys.creditEntryPrefix },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        entries.push(...(r.Items ?? []).map((i) => creditEntryItem.fromItem(i).entry));
        start = r.LastEvaluatedKey;
      } while (start);
      return entries;
    },

    async scanStates(page: { cursor?: string; segment?: number; segments?: number }) {
      const r = await doc.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'entity = :e',
          ExpressionAttributeValues: { ':e': creditBalanceItem.entity },
          ExclusiveStartKey: decodeCursor(page.cursor),
          ...(page.segments ? { Segment: page.segment ?? 0, TotalSegments: page.segments } : {}),
        }),
      );
      return {
        states: (r.Items ?? []).map((i) => creditBalanceItem.fromItem(i)),
        cursor: encodeCursor(r.LastEvaluatedKey),
      };
    },
  } satisfies CreditStore;
}
