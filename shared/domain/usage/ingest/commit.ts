import { buildDelta, type CounterDelta } from '#shared/domain/metering/counters';
import type { DedupeRecord, GroupWrite, UsagePorts, WorkspaceRef } from '#shared/domain/usage/ports';
import { logger } from '#shared/observability/index';
import type { TxUnit } from './groups';
import { type BatchTally, dedupeRef, type Unique } from './plan';

/*
 * Phase 2 of a usage batch: each planned transaction is a conditional Put per dedupe record plus
 * ONE ADD of the group's exact sum to its counter, all or nothing. A cancellation names the
 * records that already existed (a concurrent copy): those are dropped and the rest retried. A
 * crash before the commit leaves nothing; after it, the redelivered events find their records
 * and count nothing.
 */

const CONCURRENCY = 16;
const COMMIT_ATTEMPTS = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

export interface CommitOutcome {
  /** Unique ids counted by this batch. */
  committed: Set<string>;
  /** What each committed group added, for the threshold estimate. */
  deltas: { wsKey: string; delta: CounterDelta }[];
}

/**
 * Commits the waves of transactions (the transactions of one wave in parallel). Duplicates found
 * only by a transaction are read back into `prior` (what was counted), so the meter phase can
 * re-send one whose first delivery died before reaching Stripe. Messages of a transaction that
 * kept failing go to `tally.failed` for SQS to retry.
 */
export async function commitBatch(
  ports: UsagePorts,
  waves: TxUnit[][][],
  refs: Map<string, WorkspaceRef>,
  prior: Map<string, DedupeRecord>,
  now: Date,
  tally: BatchTally,
): Promise<CommitOutcome> {
  const committed = new Set<string>();
  const deltas: CommitOutcome['deltas'] = [];
  const late: Unique[] = [];

  const commitTx = async (tx: TxUnit[]) => {
    let pending = tx.map((u) => ({ ...u, items: [...u.items] }));
    try {
      for (let attempt = 1; pending.length; attempt++) {
        const writes: GroupWrite[] = pending.map((u) => ({
          ...refs.get(u.wsKey)!,
          delta: buildDelta(
            u.meter,
            u.window,
            u.items.map((x) => x.event),
            now,
          ),
          events: u.items.map((x) => ({
            meter: x.event.meter,
            idempotencyKey: x.event.idempotencyKey,
            value: x.event.value,
            timestamp: x.event.timestamp,
            ...(x.event.metadata ? { metadata: x.event.metadata } : {}),
          })),
          countedAt: now.toISOString(),
        }));
        tally.stats.transactions++;
        const r = await ports.store.commitGroups(writes);
        if (r.ok) {
          pending.forEach((u, i) => {
            for (const x of u.items) committed.add(x.id);
            tally.stats.counted += u.items.length;
            deltas.push({ wsKey: u.wsKey, delta: writes[i].delta });
          });
          break;
        }
        if (r.duplicates.length) {
          // Counted already, by a concurrent delivery or one the pre-check read did not see yet.
          tally.stats.duplicates += r.duplicates.length;
          for (const d of r.duplicates) late.push(pending[d.group].items[d.event]);
          const dup = new Set(r.duplicates.map((d) => `${d.group}:${d.event}`));
          pending = pending
            .map((u, g) => ({ ...u, items: u.items.filter((_, e) => !dup.has(`${g}:${e}`)) }))
            .filter((u) => u.items.length);
          continue;
        }
        if (!r.conflict || attempt >= COMMIT_ATTEMPTS)
          throw new Error(r.reason ?? 'the counter transaction kept conflicting');
        await sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
    } catch (e) {
      logger.warn('usage not counted; SQS will retry it', { error: e as Error, groups: pending.length });
      for (const u of pending) for (const x of u.items) for (const id of x.messageIds) tally.failed.add(id);
    }
  };
  for (const wave of waves) await pool(wave, CONCURRENCY, commitTx);

  // A duplicate found only by the transaction may be one whose first delivery died before
  // sending it to Stripe: read its record (what was counted) so it can be sent again.
  if (late.length) {
    try {
      const recs = await ports.store.load(
        { workspaces: [], counters: [], thresholds: [], dedupe: late.map(dedupeRef) },
        { consistent: true },
      );
      for (const [id, rec] of recs.dedupe) prior.set(id, rec);
    } catch (e) {
      logger.warn('could not read back duplicates; SQS will retry them', { error: e as Error });
      for (const u of late) for (const id of u.messageIds) tally.failed.add(id);
    }
  }
  return { committed, deltas };
}
