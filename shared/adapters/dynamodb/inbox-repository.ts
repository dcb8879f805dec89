import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client';
import { isConditionFailure } from './conditions';
import { keys } from './keys';
import { MAX_STORED_PAYLOAD_BYTES } from './table-definition';

export type InboxStatus = 'received' | 'queued' | 'processed' | 'failed' | 'ignored';

export interface InboxRecord {
  provider: 'stripe' | 'razorpay';
  eventId: string;
  type: string;
  /** When the provider created the event (ISO). */
  created: string;
  objectId: string | null;
  projectId: string | null;
  workspaceId: string | null;
  status: InboxStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  /**
   * The exact body the provider signed; null when it was too large for a DynamoDB item (the
   * processor then fetches the event from the provider by its id).
   */
  payload: string | null;
}


export interface InboxFilter {
  type?: string;
  status?: InboxStatus;
  workspaceId?: string;
  from?: string;
  to?: string;
  /** Operator listings only: events no project has claimed (yet). */
  unowned?: boolean;
}

type Item = Record<string, unknown>;

const fromItem = (i: Item): InboxRecord => ({
  provider: i.provider as InboxRecord['provider'],
  eventId: i.event_id as string,
  type: i.type as string,
  created: i.created as string,
  objectId: (i.object_id as string) ?? null,
  projectId: (i.project_id as string) ?? null,
  workspaceId: (i.workspace_id as string) ?? null,
  status: i.status as InboxStatus,
  attempts: (i.attempts as number) ?? 0,
  lastError: (i.last_error as string) ?? null,
  receivedAt: i.received_at as string,
  processedAt: (i.processed_at as string) ?? null,
  payload: (i.payload as string | undefined) ?? null,
});

/**
 * Sort-key bounds for a time range. Keys start with the event's time in `toISOString()` form, so
 * the bounds must be in that form too: `10:02:00Z` sorts after `10:02:00.000Z#…`, and an offset
 * such as `+05:30` would not compare at all.
 */
const timeRange = (f: { from?: string; to?: string }) => ({
  ':lo': f.from ? new Date(f.from).toISOString() : '0',
  ':hi': `${f.to ? new Date(f.to).toISOString() : '9'}~`,
});

/** The webhook inbox: every provider event stored once by its id, with its processing state. */
export function inboxRepository({ doc, tableName }: TableContext) {
  const set = async (provider: string, eventId: string, expr: string, values: Item, names?: Record<string, string>) => {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.inbox(provider, eventId),
        UpdateExpression: expr,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: values,
        ...(names ? { ExpressionAttributeNames: names } : {}),
      }),
    );
  };
  return {
    /** Stores the event unless its id is already there; returns the stored record either way. */
    async putIfNew(r: Omit<InboxRecord, 'status' | 'attempts' | 'lastError' | 'processedAt' | 'payload'> & { payload: string }): Promise<{ isNew: boolean; record: InboxRecord }> {
      const bytes = Buffer.byteLength(r.payload, 'utf8');
      const payload = bytes <= MAX_STORED_PAYLOAD_BYTES ? r.payload : null;
      const record: InboxRecord = { ...r, payload, status: 'received', attempts: 0, lastError: null, processedAt: null };
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.inbox(r.provider, r.eventId),
              ...keys.inboxIndex(r.provider, r.created, r.eventId),
              entity: 'webhook_event',
              provider: r.provider,
              event_id: r.eventId,
              type: r.type,
              created: r.created,
              object_id: r.objectId ?? undefined,
              project_id: r.projectId ?? undefined,
              workspace_id: r.workspaceId ?? undefined,
              status: 'received',
              attempts: 0,
              received_at: r.receivedAt,
              ...(payload !== null ? { payload } : { payload_bytes: bytes }),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return { isNew: true, record };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const existing = await this.get(r.provider, r.eventId);
        return { isNew: false, record: existing ?? record };
      }
    },

    async get(provider: string, eventId: string): Promise<InboxRecord | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.inbox(provider, eventId), ConsistentRead: true }));
      return r.Item ? fromItem(r.Item) : undefined;
    },

    /** Only a row still `received` becomes `queued`: the consumer may already have finished it. */
    async markQueued(provider: string, eventId: string): Promise<void> {
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.inbox(provider, eventId),
            UpdateExpression: 'SET #s = :q',
            ConditionExpression: '#s = :r',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':q': 'queued', ':r': 'received' },
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },

    markAttempt: (provider: string, eventId: string) => set(provider, eventId, 'ADD attempts :one', { ':one': 1 }),

    /**
     * Settles the row. Once processing has found the event's project, the row says so and the
     * event is entered in that project's list, in the same transaction.
     */
    async markDone(provider: string, eventId: string, outcome: { status: 'processed' | 'ignored'; projectId?: string | null; workspaceId?: string | null; at: string }) {
      const owned = Boolean(outcome.workspaceId && outcome.projectId);
      const update = {
        TableName: tableName,
        Key: keys.inbox(provider, eventId),
        UpdateExpression: 'SET #s = :s, processed_at = :at, last_error = :null' + (owned ? ', workspace_id = :w, project_id = :p' : ''),
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': outcome.status, ':at': outcome.at, ':null': null, ...(owned ? { ':w': outcome.workspaceId, ':p': outcome.projectId } : {}) },
      };
      if (!owned) {
        await doc.send(new UpdateCommand(update));
        return;
      }
      const row = await this.get(provider, eventId);
      if (!row) throw new Error(`no stored ${provider} event ${eventId}`);
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...keys.inboxProjectEntry(outcome.projectId!, provider, row.created, eventId),
                  entity: 'webhook_event_entry',
                  provider,
                  event_id: eventId,
                  type: row.type,
                  created: row.created,
                  project_id: outcome.projectId,
                  workspace_id: outcome.workspaceId,
                },
              },
            },
          ],
        }),
      );
    },

    markFailed: (provider: string, eventId: string, error: string) =>
      set(provider, eventId, 'SET #s = :s, last_error = :e', { ':s': 'failed', ':e': error.slice(0, 1000) }, { '#s': 'status' }),

    /** Newest first, by provider and time range, with optional filters; cursor = last key. */
    async list(
      provider: string,
      filter: InboxFilter,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: InboxRecord[]; cursor: string | null }> {
      const names: Record<string, string> = {};
      const values: Item = { ':pk': `INBOX#${provider}`, ...timeRange(filter) };
      const filters: string[] = [];
      if (filter.type) (filters.push('#t = :t'), (names['#t'] = 'type'), (values[':t'] = filter.type));
      if (filter.status) (filters.push('#s = :s'), (names['#s'] = 'status'), (values[':s'] = filter.status));
      if (filter.workspaceId) (filters.push('workspace_id = :w'), (values[':w'] = filter.workspaceId));
      if (filter.unowned) filters.push('attribute_not_exists(project_id)');
      const items: InboxRecord[] = [];
      let start: Item | undefined = page.cursor ? (JSON.parse(Buffer.from(page.cursor, 'base64url').toString()) as Item) : undefined;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: page.limit,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(r.Items ?? []).map(fromItem));
        start = r.LastEvaluatedKey;
      } while (start && items.length < page.limit);
      const last = items.length > page.limit ? items[page.limit - 1] : undefined;
      const trimmed = items.slice(0, page.limit);
      const lastKey = last
        ? { ...keys.inbox(provider, last.eventId), ...keys.inboxIndex(provider, last.created, last.eventId) }
        : start;
      return { items: trimmed, cursor: lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null };
    },

    /**
     * One project's events, newest first: its own list (see `markDone`), then the rows themselves
     * for their current status. `cursor` is the last entry's key, as JSON.
     */
    async listForProject(
      projectId: string,
      provider: string,
      filter: Omit<InboxFilter, 'unowned'>,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: InboxRecord[]; cursor: string | null }> {
      const pk = keys.inboxProjectPk(projectId, provider);
      const names: Record<string, string> = {};
      const values: Item = { ':pk': pk, ...timeRange(filter) };
      const filters: string[] = [];
      if (filter.type) (filters.push('#t = :t'), (names['#t'] = 'type'), (values[':t'] = filter.type));
      if (filter.workspaceId) (filters.push('workspace_id = :w'), (values[':w'] = filter.workspaceId));
      const items: InboxRecord[] = [];
      let start: Item | undefined = page.cursor ? (JSON.parse(page.cursor) as Item) : undefined;
      if (start && start.PK !== pk) throw new Error('cursor of another list');
      let last: Item | undefined;
      do {
        const r = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: page.limit,
            ExclusiveStartKey: start,
          }),
        );
        start = r.LastEvaluatedKey;
        const entries = r.Items ?? [];
        const rows = await this.getMany(provider, entries.map((e) => e.event_id as string));
        for (const e of entries) {
          const row = rows.get(e.event_id as string);
          if (!row || row.projectId !== projectId || (filter.status && row.status !== filter.status)) continue;
          items.push(row);
          if (items.length === page.limit) {
            last = { PK: e.PK, SK: e.SK };
            break;
          }
        }
      } while (!last && start);
      const more = last ?? start;
      return { items, cursor: more ? JSON.stringify({ PK: more.PK, SK: more.SK }) : null };
    },

    /** Rows by id (at most 100), read strongly; ids not stored are simply absent. */
    async getMany(provider: string, eventIds: string[]): Promise<Map<string, InboxRecord>> {
      const out = new Map<string, InboxRecord>();
      let pending: Item[] = [...new Set(eventIds)].map((id) => keys.inbox(provider, id));
      while (pending.length) {
        const r = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
        for (const i of r.Responses?.[tableName] ?? []) out.set(i.event_id as string, fromItem(i));
        pending = (r.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined) ?? [];
      }
      return out;
    },
  };
}

export type InboxRepository = ReturnType<typeof inboxRepository>;
