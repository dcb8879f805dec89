import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { MAX_STORED_PAYLOAD_BYTES } from '#shared/adapters/dynamodb/table-definition';
import type {
  InboxFilter,
  InboxOutcome,
  InboxRecord,
  InboxStatus,
  InboxStore,
  NewInboxRecord,
  WebhookProvider,
} from '#shared/domain/webhooks/ports';

type StoredEvent = InboxRecord & { payloadBytes?: number };

/** A provider event, stored once by its id; listed by provider and time through GSI1. */
export const webhookEventItem = defineEntity<StoredEvent>({
  entity: 'webhook_event',
  version: 1,
  keys: (r) => ({ ...keys.inbox(r.provider, r.eventId), ...keys.inboxIndex(r.provider, r.created, r.eventId) }),
  encode: (r) => ({
    provider: r.provider,
    event_id: r.eventId,
    type: r.type,
    created: r.created,
    object_id: r.objectId ?? undefined,
    project_id: r.projectId ?? undefined,
    workspace_id: r.workspaceId ?? undefined,
    status: r.status,
    attempts: r.attempts,
    received_at: r.receivedAt,
    ...(r.payload !== null ? { payload: r.payload } : { payload_bytes: r.payloadBytes }),
  }),
  decode: (i) => {
    const a = attributes('webhook_event', i);
    return {
      provider: a.str('provider') as WebhookProvider,
      eventId: a.str('event_id'),
      type: a.str('type'),
      created: a.str('created'),
      objectId: a.optStr('object_id') ?? null,
      projectId: a.optStr('project_id') ?? null,
      workspaceId: a.optStr('workspace_id') ?? null,
      status: a.str('status') as InboxStatus,
      attempts: a.optNum('attempts') ?? 0,
      lastError: a.optStr('last_error') ?? null,
      receivedAt: a.str('received_at'),
      processedAt: a.optStr('processed_at') ?? null,
      payload: a.optStr('payload') ?? null,
    };
  },
});

type ProjectEntry = {
  projectId: string;
  workspaceId: string;
  provider: string;
  eventId: string;
  type: string;
  created: string;
};

/**
 * An event's entry in its project's list, written once processing has found the project: a
 * project key lists and replays only what sits under its own partition.
 */
export const webhookEventEntryItem = defineEntity<ProjectEntry>({
  entity: 'webhook_event_entry',
  version: 1,
  keys: (e) => keys.inboxProjectEntry(e.projectId, e.provider, e.created, e.eventId),
  encode: (e) => ({
    provider: e.provider,
    event_id: e.eventId,
    type: e.type,
    created: e.created,
    project_id: e.projectId,
    workspace_id: e.workspaceId,
  }),
  decode: (i) => {
    const a = attributes('webhook_event_entry', i);
    return {
      projectId: a.str('project_id'),
      workspaceId: a.str('workspace_id'),
      provider: a.str('provider'),
      eventId: a.str('event_id'),
      type: a.str('type'),
      created: a.str('created'),
    };
  },
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

  const get = async (provider: string, eventId: string): Promise<InboxRecord | undefined> => {
    const r = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.inbox(provider, eventId), ConsistentRead: true }),
    );
    return r.Item ? webhookEventItem.fromItem(r.Item) : undefined;
  };

  const getMany = async (provider: string, eventIds: string[]): Promise<Map<string, InboxRecord>> => {
    const out = new Map<string, InboxRecord>();
    let pending: Item[] = [...new Set(eventIds)].map((id) => keys.inbox(provider, id));
    while (pending.length) {
      const r = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const i of r.Responses?.[tableName] ?? []) {
        const row = webhookEventItem.fromItem(i);
        out.set(row.eventId, row);
      }
      pending = (r.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined) ?? [];
    }
    return out;
  };

  return {
    async putIfNew(r: NewInboxRecord) {
      const bytes = Buffer.byteLength(r.payload, 'utf8');
      const payload = bytes <= MAX_STORED_PAYLOAD_BYTES ? r.payload : null;
      const record: InboxRecord = {
        ...r,
        payload,
        status: 'received',
        attempts: 0,
        lastError: null,
        processedAt: null,
      };
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: webhookEventItem.toItem({ ...record, payloadBytes: bytes }),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return { isNew: true, record };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const existing = await get(r.provider, r.eventId);
        return { isNew: false, record: existing ?? record };
      }
    },

    get,

    async markQueued(provider: string, eventId: string) {
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
    async markDone(provider: string, eventId: string, outcome: InboxOutcome) {
      const owned = Boolean(outcome.workspaceId && outcome.projectId);
      const update = {
        TableName: tableName,
        Key: keys.inbox(provider, eventId),
        UpdateExpression: `SET #s = :s, processed_at = :at, last_error = :null${owned ? ', workspace_id = :w, project_id = :p' : ''}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': outcome.status,
          ':at': outcome.at,
          ':null': null,
          ...(owned ? { ':w': outcome.workspaceId, ':p': outcome.projectId } : {}),
        },
      };
      if (!owned) {
        await doc.send(new UpdateCommand(update));
        return;
      }
      const row = await get(provider, eventId);
      if (!row) throw new Error(`no stored ${provider} event ${eventId}`);
      const entry = {
        projectId: outcome.projectId!,
        workspaceId: outcome.workspaceId!,
        provider,
        eventId,
        type: row.type,
        created: row.created,
      };
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            { Put: { TableName: tableName, Item: webhookEventEntryItem.toItem(entry) } },
          ],
        }),
      );
    },

    markFailed: (provider: string, eventId: string, error: string) =>
      set(
        provider,
        eventId,
        'SET #s = :s, last_error = :e',
        { ':s': 'failed', ':e': error.slice(0, 1000) },
        { '#s': 'status' },
      ),

    /** Newest first, by provider and time range, with optional filters; cursor = last key. */
    async list(provider: string, filter: InboxFilter, page: { limit: number; cursor?: string }) {
      const names: Record<string, string> = {};
      const values: Item = { ':pk': keys.inboxIndexPk(provider), ...timeRange(filter) };
      const filters: string[] = [];
      if (filter.type) filters.push('#t = :t'), (names['#t'] = 'type'), (values[':t'] = filter.type);
      if (filter.status) filters.push('#s = :s'), (names['#s'] = 'status'), (values[':s'] = filter.status);
      if (filter.workspaceId) filters.push('workspace_id = :w'), (values[':w'] = filter.workspaceId);
      if (filter.unowned) filters.push('attribute_not_exists(project_id)');
      const items: InboxRecord[] = [];
      let start: Item | undefined = page.cursor
        ? (JSON.parse(Buffer.from(page.cursor, 'base64url').toString()) as Item)
        : undefined;
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
        items.push(...(r.Items ?? []).map(webhookEventItem.fromItem));
        start = r.LastEvaluatedKey;
      } while (start && items.length < page.limit);
      const last = items.length > page.limit ? items[page.limit - 1] : undefined;
      const trimmed = items.slice(0, page.limit);
      const lastKey = last ? webhookEventItem.keys(last) : start;
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
    ) {
      const pk = keys.inboxProjectPk(projectId, provider);
      const names: Record<string, string> = {};
      const values: Item = { ':pk': pk, ...timeRange(filter) };
      const filters: string[] = [];
      if (filter.type) filters.push('#t = :t'), (names['#t'] = 'type'), (values[':t'] = filter.type);
      if (filter.workspaceId) filters.push('workspace_id = :w'), (values[':w'] = filter.workspaceId);
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
        const rows = await getMany(
          provider,
          entries.map((e) => webhookEventEntryItem.fromItem(e).eventId),
        );
        for (const e of entries) {
          const row = rows.get(webhookEventEntryItem.fromItem(e).eventId);
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

    getMany,
  } satisfies InboxStore;
}

export type InboxRepository = ReturnType<typeof inboxRepository>;
