import { BatchGetItemCommand, type TransactWriteItem, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { type AvItem, fromAvItem, lowLevel, S } from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes } from '#shared/adapters/dynamodb/codec';
import { isTransactionCanceled } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import type { CounterItem } from '#shared/domain/metering/counters';
import type { Workspace } from '#shared/domain/tenancy/types';
import {
  type CommitResult,
  type GroupWrite,
  type Loaded,
  type LoadRequest,
  MAX_EVENTS_PER_TRANSACTION,
  MAX_TRANSACTION_ACTIONS,
  type MultiCommitResult,
  type UsageStore,
} from '#shared/domain/usage/ports';
import { counterFromAv, counterUnchanged, counterUpdate, usageCounterRepository } from './usage-counters';
import { usageRecordFromAv, usageRecordPut } from './usage-records';
import { thresholdsFromAv, usageThresholdRepository } from './usage-thresholds';
import { workspaceCollectionRepository } from './workspace-collection';
import { workspaceItem } from './workspaces';

const BATCH_GET_MAX = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The usage port over the table. Counting spans entities by design: one BatchGet reads a
 * batch's workspaces, dedupe records, counters and threshold flags together, and one
 * TransactWriteItems writes dedupe records and counter updates together. The entities' own
 * codecs and writes live in usage-counters.ts, usage-records.ts and usage-thresholds.ts.
 */
export function usageStore(ctx: TableContext) {
  const client = lowLevel(ctx);
  const table = ctx.tableName;
  const collection = workspaceCollectionRepository(ctx);
  const counters = usageCounterRepository(ctx);
  const thresholds = usageThresholdRepository(ctx);

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
    const slots: ({ kind: 'event'; group: number; event: number } | { kind: 'counter' | 'check'; group: number })[] =
      [];
    groups.forEach((w, g) => {
      w.events.forEach((e, i) => {
        items.push(
          usageRecordPut(table, {
            ...e,
            projectId: w.projectId,
            workspaceId: w.workspaceId,
            windowStart: w.delta.window.start,
            windowEnd: w.delta.window.end,
            countedAt: w.countedAt,
          }),
        );
        slots.push({ kind: 'event', group: g, event: i });
      });
      items.push(counterUpdate(table, w));
      slots.push({ kind: 'counter', group: g });
      for (const o of w.guard?.others ?? []) {
        items.push(counterUnchanged(table, w, o));
        slots.push({ kind: 'check', group: g });
      }
    });
    if (items.length > MAX_TRANSACTION_ACTIONS)
      throw new Error(`at most ${MAX_TRANSACTION_ACTIONS} actions per transaction, got ${items.length}`);
    try {
      await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return { ok: true };
    } catch (e) {
      if (!isTransactionCanceled(e)) throw e;
      const duplicates: { group: number; event: number }[] = [];
      const guardFailed = new Set<number>();
      const failedCounters = new Map<number, CounterItem>();
      let conflict = false;
      (e.CancellationReasons ?? []).forEach((r, i) => {
        const slot = slots[i];
        if (!slot) return;
        if (r.Code === 'ConditionalCheckFailed') {
          if (slot.kind === 'event') duplicates.push({ group: slot.group, event: slot.event });
          else {
            guardFailed.add(slot.group);
            if (slot.kind === 'counter' && r.Item) failedCounters.set(slot.group, counterFromAv(r.Item as AvItem));
          }
        } else if (r.Code === 'TransactionConflict') conflict = true;
      });
      const unexplained = !duplicates.length && !guardFailed.size && !conflict;
      return {
        ok: false,
        duplicates,
        guardFailed: [...guardFailed],
        counters: failedCounters,
        conflict: conflict || unexplained,
        reason: unexplained ? (e as Error).message : undefined,
      };
    }
  }

  return {
    readWorkspace: collection.readWorkspace,
    countersEndingBetween: counters.countersEndingBetween,
    claimThreshold: thresholds.claimThreshold,
    confirmThreshold: thresholds.confirmThreshold,

    /**
     * Every point read a batch needs, in as few BatchGetItem calls as the 100-key limit allows.
     * Eventually consistent, at half the read units: the transaction's conditions, not this
     * read, are what keep counting exact. A dedupe record written a moment ago and not yet
     * visible only means the duplicate reaches the transaction and is dropped there; a counter a
     * moment old only delays a threshold to the meter's next batch.
     */
    async load(req: LoadRequest, opts?: { consistent?: boolean }): Promise<Loaded> {
      const wanted = new Map<string, { kind: keyof LoadRequest | 'entitlements'; id: string }>();
      const add = (k: { PK: string; SK: string }, kind: keyof LoadRequest | 'entitlements', id: string) =>
        wanted.set(`${k.PK}\u0000${k.SK}`, { kind, id });
      for (const w of req.workspaces) add(keys.workspace(w.projectId, w.workspaceId), 'workspaces', w.id);
      for (const w of req.workspaces) add(keys.entitlements(w.projectId, w.workspaceId), 'entitlements', w.id);
      for (const d of req.dedupe)
        add(keys.usageDedupe(d.projectId, d.workspaceId, d.meter, d.idempotencyKey), 'dedupe', d.id);
      for (const c of req.counters)
        add(keys.usageCounterItem(c.projectId, c.workspaceId, c.meter, c.window, c.segment), 'counters', c.id);
      for (const t of req.thresholds)
        add(keys.usageThresholds(t.projectId, t.workspaceId, t.meter, t.view), 'thresholds', t.id);

      const found: AvItem[] = [];
      const all = [...wanted.keys()].map((k) => {
        const [PK, SK] = k.split('\u0000');
        return { PK: S(PK), SK: S(SK) };
      });
      for (let i = 0; i < all.length; i += BATCH_GET_MAX) {
        let pending: AvItem[] = all.slice(i, i + BATCH_GET_MAX);
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await sleep(Math.min(1000, 25 * 2 ** attempt));
          const r = await client.send(
            new BatchGetItemCommand({
              RequestItems: { [table]: { Keys: pending, ConsistentRead: opts?.consistent ?? false } },
            }),
          );
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
        if (w.kind === 'workspaces') profiles.set(w.id, workspaceItem.fromItem(fromAvItem(item)));
        else if (w.kind === 'entitlements') {
          if (item.snapshot)
            snapshots.set(w.id, attributes('entitlements', fromAvItem(item)).doc<EntitlementSnapshot>('snapshot'));
        } else if (w.kind === 'dedupe') out.dedupe.set(w.id, usageRecordFromAv(item));
        else if (w.kind === 'counters') out.counters.set(w.id, counterFromAv(item));
        else out.thresholds.set(w.id, thresholdsFromAv(item));
      }
      for (const [id, profile] of profiles) out.workspaces.set(id, { profile, entitlements: snapshots.get(id) });
      return out;
    },

    commitGroups,

    async commitGroup(w: GroupWrite): Promise<CommitResult> {
      if (w.events.length > MAX_EVENTS_PER_TRANSACTION)
        throw new Error(`at most ${MAX_EVENTS_PER_TRANSACTION} events per transaction`);
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
  } satisfies UsageStore;
}
