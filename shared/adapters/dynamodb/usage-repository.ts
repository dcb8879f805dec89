import {
  BatchGetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import type { EntitlementSnapshot } from '../../domain/entitlements/snapshot';
import type { Workspace } from '../../domain/tenancy/types';
import type { Bounds, CounterDelta, CounterItem } from '../../domain/usage/counters';
import type { TableContext } from './client';
import { isConditionFailure, isTransactionCanceled } from './conditions';
import {
  canonicalDecimal,
  collectionFromItems,
  counterFromItem,
  entitlementReadRepository,
  fromAv,
  fromAvItem,
  keyAv,
  lowLevel,
  N,
  S,
  thresholdsFromItem,
  type AvItem,
  type ThresholdItem,
} from './entitlement-read-repository';
import { keys } from './keys';
import { workspaceFromItem } from './workspace-repository';

/**
 * Dedupe records outlive the 35 days an event may be backdated, so a late duplicate still finds
 * its record; DynamoDB's TTL deletes them afterwards.
 */
export const DEDUPE_TTL_SECONDS = 40 * 86_400;
/** Counters stay for reports a year back. */
const COUNTER_RETENTION_SECONDS = 400 * 86_400;
/** TransactWriteItems takes at most 100 actions: 99 dedupe records and the counter update. */
export const MAX_TRANSACTION_ACTIONS = 100;
export const MAX_EVENTS_PER_TRANSACTION = MAX_TRANSACTION_ACTIONS - 1;
const BATCH_GET_MAX = 100;

export interface WorkspaceRef {
  projectId: string;
  workspaceId: string;
}

export const counterKey = (projectId: string, workspaceId: string, meter: string, window: Bounds) =>
  keys.usageCounter(projectId, workspaceId, window.end, `${meter}#${window.start}`);
/** Threshold flags of one limit window; in the `U#` range so the entitlement read sees them. */
export const thresholdsKey = (projectId: string, workspaceId: string, meter: string, view: Bounds) =>
  keys.usageCounter(projectId, workspaceId, view.end, `${meter}#~th#${view.start}`);

export interface DedupeRecord {
  meter: string;
  idempotencyKey: string;
  value: string;
  timestamp: string;
  countedAt: string;
}

export interface WorkspaceState {
  profile: Workspace;
  entitlements?: EntitlementSnapshot;
}

/** Point reads for one batch; every ref carries the caller's id, which keys the answer. */
export interface LoadRequest {
  workspaces: (WorkspaceRef & { id: string })[];
  dedupe: (WorkspaceRef & { id: string; meter: string; idempotencyKey: string })[];
  counters: (WorkspaceRef & { id: string; meter: string; window: Bounds })[];
  thresholds: (WorkspaceRef & { id: string; meter: string; view: Bounds })[];
}

export interface Loaded {
  workspaces: Map<string, WorkspaceState>;
  dedupe: Map<string, DedupeRecord>;
  counters: Map<string, CounterItem>;
  thresholds: Map<string, ThresholdItem>;
}

export interface GroupWrite extends WorkspaceRef {
  delta: CounterDelta;
  events: { meter: string; idempotencyKey: string; value: string; timestamp: string }[];
  countedAt: string;
  /**
   * Check-and-consume: the counter's `attr` must be at most `maxBefore` when written, and the
   * other items holding part of the same view must still hold what was read.
   */
  guard?: { attr: string; maxBefore: string; others: { window: Bounds; attr: string; value: string }[] };
}

export type MultiCommitResult =
  | { ok: true }
  | {
      ok: false;
      duplicates: { group: number; event: number }[];
      guardFailed: number[];
      counters: Map<number, CounterItem>;
      conflict: boolean;
      reason?: string;
    };

export type CommitResult =
  | { ok: true }
  | {
      ok: false;
      /** Indexes into `events` whose dedupe record already existed: counted before. */
      duplicates: number[];
      /** The guard failed: the usage changed or the value does not fit. */
      guardFailed: boolean;
      /** Another transaction held an item; retry. */
      conflict: boolean;
      /** The counter item as it was when the guard failed. */
      counter?: CounterItem;
      reason?: string;
    };

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function counterUpdate(table: string, w: GroupWrite): TransactWriteItem {
  const names: Record<string, string> = { '#e': 'entity', '#mt': 'meter', '#ws': 'window_start', '#we': 'window_end', '#x': 'expires_at', '#t': 'total' };
  const values: AvItem = {
    ':e': S('usage_counter'),
    ':mt': S(w.delta.meter),
    ':ws': S(w.delta.window.start),
    ':we': S(w.delta.window.end),
    ':x': N(epoch(w.delta.window.end) + COUNTER_RETENTION_SECONDS),
    ':t': N(w.delta.total),
  };
  const adds = ['#t :t'];
  let i = 0;
  for (const [k, v] of Object.entries(w.delta.months)) {
    names[`#m${i}`] = `m_${k}`;
    values[`:m${i}`] = N(v);
    adds.push(`#m${i} :m${i}`);
    i++;
  }
  i = 0;
  for (const [k, v] of Object.entries(w.delta.days)) {
    names[`#d${i}`] = `d_${k}`;
    values[`:d${i}`] = N(v);
    adds.push(`#d${i} :d${i}`);
    i++;
  }
  const removes = w.delta.pruneDays.map((d, j) => {
    names[`#p${j}`] = `d_${d}`;
    return `#p${j}`;
  });
  let condition: string | undefined;
  if (w.guard) {
    names['#g'] = w.guard.attr;
    values[':gmax'] = N(w.guard.maxBefore);
    condition = 'attribute_not_exists(#g) OR #g <= :gmax';
  }
  return {
    Update: {
      TableName: table,
      Key: keyAv(counterKey(w.projectId, w.workspaceId, w.delta.meter, w.delta.window)),
      UpdateExpression:
        'SET #e = :e, #mt = :mt, #ws = :ws, #we = :we, #x = if_not_exists(#x, :x) ADD ' +
        adds.join(', ') +
        (removes.length ? ` REMOVE ${removes.join(', ')}` : ''),
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: condition ? 'ALL_OLD' : undefined,
    },
  };
}

function dedupePut(table: string, w: GroupWrite, e: GroupWrite['events'][number]): TransactWriteItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keyAv(keys.usageDedupe(w.projectId, w.workspaceId, e.meter, e.idempotencyKey)),
        entity: S('usage_dedupe'),
        meter: S(e.meter),
        idempotency_key: S(e.idempotencyKey),
        value: N(e.value),
        timestamp: S(e.timestamp),
        window_end: S(w.delta.window.end),
        counted_at: S(w.countedAt),
        expires_at: N(epoch(w.countedAt) + DEDUPE_TTL_SECONDS),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

function otherCheck(table: string, w: GroupWrite, o: { window: Bounds; attr: string; value: string }): TransactWriteItem {
  const unchanged = o.value === '0' ? 'attribute_not_exists(#a) OR #a = :v' : '#a = :v';
  return {
    ConditionCheck: {
      TableName: table,
      Key: keyAv(counterKey(w.projectId, w.workspaceId, w.delta.meter, o.window)),
      ConditionExpression: unchanged,
      ExpressionAttributeNames: { '#a': o.attr },
      ExpressionAttributeValues: { ':v': N(o.value) },
    },
  };
}

export function usageRepository(ctx: TableContext) {
  const client = lowLevel(ctx);
  const table = ctx.tableName;
  const reads = entitlementReadRepository(ctx);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * ONE TransactWriteItems for one or more groups: per group, a conditional Put of each event's
   * dedupe record and one Update adding the group's exact sum to its counter. Either all of it
   * happens or none. Groups of different workspaces share a transaction so a batch spread over
   * many workspaces still takes few requests (the write units are the same). A cancellation is
   * translated: which events were already counted, whether a limit guard failed, or whether
   * another transaction got in the way.
   */
async function commitGroups(groups: GroupWrite[]): Promise<MultiCommitResult> {
    const items: TransactWriteItem[] = [];
    const slots: ({ kind: 'event'; group: number; event: number } | { kind: 'counter' | 'check'; group: number })[] = [];
    groups.forEach((w, g) => {
      w.events.forEach((e, i) => {
        items.push(dedupePut(table, w, e));
        slots.push({ kind: 'event', group: g, event: i });
      });
      items.push(counterUpdate(table, w));
      slots.push({ kind: 'counter', group: g });
      for (const o of w.guard?.others ?? []) {
        items.push(otherCheck(table, w, o));
        slots.push({ kind: 'check', group: g });
      }
    });
    if (items.length > MAX_TRANSACTION_ACTIONS) throw new Error(`at most ${MAX_TRANSACTION_ACTIONS} actions per transaction, got ${items.length}`);
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return { ok: true };
    } catch (e) {
      if (!isTransactionCanceled(e)) throw e;
      const duplicates: { group: number; event: number }[] = [];
      const guardFailed = new Set<number>();
      const counters = new Map<number, CounterItem>();
      let conflict = false;
      (e.CancellationReasons ?? []).forEach((r, i) => {
        const slot = slots[i];
        if (!slot) return;
        if (r.Code === 'ConditionalCheckFailed') {
          if (slot.kind === 'event') duplicates.push({ group: slot.group, event: slot.event });
          else {
            guardFailed.add(slot.group);
            if (slot.kind === 'counter' && r.Item) counters.set(slot.group, counterFromItem(r.Item as AvItem));
          }
        } else if (r.Code === 'TransactionConflict') conflict = true;
      });
      const unexplained = !duplicates.length && !guardFailed.size && !conflict;
      return { ok: false, duplicates, guardFailed: [...guardFailed], counters, conflict: conflict || unexplained, reason: unexplained ? (e as Error).message : undefined };
    }
  }

  return {
    readWorkspace: reads.readWorkspace,
    cachedPlans: reads.cachedPlans,

    /**
     * Every point read a batch needs, in as few BatchGetItem calls as the 100-key limit allows.
     * Eventually consistent, at half the read units: the transaction's conditions, not this
     * read, are what keep counting exact. A dedupe record written a moment ago and not yet
     * visible only means the duplicate reaches the transaction and is dropped there; a counter a
     * moment old only delays a threshold to the meter's next batch.
     */
    async load(req: LoadRequest, opts?: { consistent?: boolean }): Promise<Loaded> {
      const wanted = new Map<string, { kind: keyof LoadRequest | 'entitlements'; id: string }>();
      const add = (k: { PK: string; SK: string }, kind: keyof LoadRequest | 'entitlements', id: string) => wanted.set(`${k.PK}\u0000${k.SK}`, { kind, id });
      for (const w of req.workspaces) add(keys.workspace(w.projectId, w.workspaceId), 'workspaces', w.id);
      for (const w of req.workspaces) add(keys.entitlements(w.projectId, w.workspaceId), 'entitlements', w.id);
      for (const d of req.dedupe) add(keys.usageDedupe(d.projectId, d.workspaceId, d.meter, d.idempotencyKey), 'dedupe', d.id);
      for (const c of req.counters) add(counterKey(c.projectId, c.workspaceId, c.meter, c.window), 'counters', c.id);
      for (const t of req.thresholds) add(thresholdsKey(t.projectId, t.workspaceId, t.meter, t.view), 'thresholds', t.id);

      const found: AvItem[] = [];
      const all = [...wanted.keys()].map((k) => {
        const [PK, SK] = k.split('\u0000');
        return { PK: S(PK), SK: S(SK) };
      });
      for (let i = 0; i < all.length; i += BATCH_GET_MAX) {
        let pending: AvItem[] = all.slice(i, i + BATCH_GET_MAX);
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await sleep(Math.min(1000, 25 * 2 ** attempt));
          const r = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: opts?.consistent ?? false } } }));
          found.push(...(r.Responses?.[table] ?? []));
          pending = r.UnprocessedKeys?.[table]?.Keys ?? [];
        }
      }

      const out: Loaded = { workspaces: new Map(), dedupe: new Map(), counters: new Map(), thresholds: new Map() };
      const profiles = new Map<string, Workspace>();
      const snapshots = new Map<string, EntitlementSnapshot>();
      for (const item of found) {
        const w = wanted.get(`${item.PK.S}\u0000${item.SK.S}`);
        if (!w) continue;
        if (w.kind === 'workspaces') profiles.set(w.id, workspaceFromItem(fromAvItem(item)));
        else if (w.kind === 'entitlements') {
          if (item.snapshot) snapshots.set(w.id, fromAv(item.snapshot) as EntitlementSnapshot);
        } else if (w.kind === 'dedupe') {
          out.dedupe.set(w.id, {
            meter: item.meter?.S ?? '',
            idempotencyKey: item.idempotency_key?.S ?? '',
            value: canonicalDecimal(item.value?.N ?? '0'),
            timestamp: item.timestamp?.S ?? '',
            countedAt: item.counted_at?.S ?? '',
          });
        } else if (w.kind === 'counters') out.counters.set(w.id, counterFromItem(item));
        else out.thresholds.set(w.id, thresholdsFromItem(item));
      }
      for (const [id, profile] of profiles) out.workspaces.set(id, { profile, entitlements: snapshots.get(id) });
      return out;
    },

    commitGroups,

    /** One group in its own transaction (the synchronous API's write). */
    async commitGroup(w: GroupWrite): Promise<CommitResult> {
      if (w.events.length > MAX_EVENTS_PER_TRANSACTION) throw new Error(`at most ${MAX_EVENTS_PER_TRANSACTION} events per transaction`);
      const r = await commitGroups([w]);
      if (r.ok) return r;
      return {
        ok: false,
        duplicates: r.duplicates.map((d) => d.event),
        guardFailed: r.guardFailed.length > 0,
        conflict: r.conflict,
        counter: r.counters.get(0),
        reason: r.reason,
      };
    },

    /**
     * Claims a threshold flag so exactly one consumer publishes it: set only if unset, or if a
     * previous claim is stale (its publisher died before confirming).
     */
    async claimThreshold(ref: WorkspaceRef, meter: string, view: Bounds, flag: string, now: Date, staleBefore: Date): Promise<boolean> {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: keyAv(thresholdsKey(ref.projectId, ref.workspaceId, meter, view)),
            UpdateExpression: 'SET #f = :claim, #e = :e, #mt = :mt, #ws = :ws, #we = :we, #x = if_not_exists(#x, :x)',
            ConditionExpression: 'attribute_not_exists(#f) OR (begins_with(#f, :cp) AND #f < :stale)',
            ExpressionAttributeNames: { '#f': flag, '#e': 'entity', '#mt': 'meter', '#ws': 'window_start', '#we': 'window_end', '#x': 'expires_at' },
            ExpressionAttributeValues: {
              ':claim': S(`claimed|${now.toISOString()}`),
              ':cp': S('claimed|'),
              ':stale': S(`claimed|${staleBefore.toISOString()}`),
              ':e': S('usage_thresholds'),
              ':mt': S(meter),
              ':ws': S(view.start),
              ':we': S(view.end),
              ':x': N(epoch(view.end) + DEDUPE_TTL_SECONDS),
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
          Key: keyAv(thresholdsKey(ref.projectId, ref.workspaceId, meter, view)),
          UpdateExpression: 'SET #f = :sent',
          ExpressionAttributeNames: { '#f': flag },
          ExpressionAttributeValues: { ':sent': S(`sent|${now.toISOString()}`) },
        }),
      );
    },

    /** Counter items whose window ends in [fromEnd, toEnd], for reports. */
    async countersEndingBetween(ref: WorkspaceRef, fromEnd: string, toEnd: string): Promise<CounterItem[]> {
      const items: AvItem[] = [];
      let start: AvItem | undefined;
      do {
        const r = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
            ExpressionAttributeValues: {
              ':pk': S(keys.workspacePk(ref.projectId, ref.workspaceId)),
              ':a': S(keys.usageCounterFrom(fromEnd)),
              ':b': S(`${keys.usageCounterFrom(toEnd)}#\uffff`),
            },
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(r.Items ?? []));
        start = r.LastEvaluatedKey;
      } while (start);
      return collectionFromItems(items).counters;
    },
  };
}

export type UsageRepository = ReturnType<typeof usageRepository>;
