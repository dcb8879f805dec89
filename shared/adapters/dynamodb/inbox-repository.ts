import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

    markDone: (provider: string, eventId: string, outcome: { status: 'processed' | 'ignored'; projectId?: string | null; workspaceId?: string | null; at: string }) =>
      set(
        provider,
        eventId,
        'SET #s = :s, processed_at = :at, last_error = :null' +
          (outcome.workspaceId ? ', workspace_id = :w, project_id = :p' : ''),
        {
          ':s': outcome.status,
          ':at': outcome.at,
          ':null': null,
          ...(outcome.workspaceId ? { ':w': outcome.workspaceId, ':p': outcome.projectId } : {}),
        },
        { '#s': 'status' },
      ),

    markFailed: (provider: string, eventId: string, error: string) =>
      set(provider, eventId, 'SET #s = :s, last_error = :e', { ':s': 'failed', ':e': error.slice(0, 1000) }, { '#s': 'status' }),

    /** Newest first, by provider and time range, with optional filters; cursor = last key. */
    async list(
      provider: string,
      filter: InboxFilter,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: InboxRecord[]; cursor: string | null }> {
      const names: Record<string, string> = {};
      const values: Item = { ':pk': `INBOX#${provider}`, ':lo': filter.from ?? '0', ':hi': `${filter.to ?? '9'}~` };
      const filters: string[] = [];
      if (filter.type) (filters.push('#t = :t'), (names['#t'] = 'type'), (values[':t'] = filter.type));
      if (filter.status) (filters.push('#s = :s'), (names['#s'] = 'status'), (values[':s'] = filter.status));
      if (filter.workspaceId) (filters.push('workspace_id = :w'), (values[':w'] = filter.workspaceId));
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
  };
}

export type InboxRepository = ReturnType<typeof inboxRepository>;
