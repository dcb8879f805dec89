import Big from 'big.js';
import { MAX_EVENTS_PER_TRANSACTION, MAX_TRANSACTION_ACTIONS, type DedupeRecord, type LoadRequest, type WorkspaceState } from '../../adapters/dynamodb/usage-repository';
import { logger } from '../../observability';
import type { MeterLimit } from '../catalog/schema';
import { effectiveSnapshot } from '../entitlements/read';
import type { EntitlementSnapshot } from '../entitlements/snapshot';
import {
  billingWindow,
  buildDelta,
  deltaInView,
  viewBounds,
  viewUsage,
  windowsForView,
  type Bounds,
  type CounterDelta,
  type CounterItem,
} from './counters';
import { checkUsageEvent, type UsageEvent, type UsageEventMessage } from './event';
import { meterEventIdentifier } from './identifiers';
import type { MeterEventOut, UsagePorts } from './ports';
import { emitThresholds } from './thresholds';

export interface IngestMessage {
  messageId: string;
  body: UsageEventMessage;
  /** When SQS received it: the event's time when the producer sent none. */
  receivedAt: Date;
}

export interface IngestStats {
  events: number;
  counted: number;
  duplicates: number;
  transactions: number;
  thresholds: number;
}

export interface IngestResult {
  failed: string[];
  poison: { messageId: string; reason: string }[];
  stats: IngestStats;
}

/**
 * Stripe keeps a meter event identifier for at least 24 hours. A duplicate delivered within that
 * time is sent again (Stripe drops it if it already has it, and sends it if the first delivery
 * died between counting and sending); after it, a resend could bill twice, so it is not sent.
 */
export const METER_RESEND_WINDOW_MS = 23 * 3600_000;
const CONCURRENCY = 16;
const COMMIT_ATTEMPTS = 6;

type Snap = Pick<EntitlementSnapshot, 'billing_period' | 'limits'>;

/**
 * Each workspace's last known billing period and limits, per container. They tell which counter
 * and threshold items a batch needs, so those are read in the same BatchGet as the dedupe
 * records; a wrong or missing guess only costs a second BatchGet.
 */
export function snapshotPredictions(max = 10_000) {
  const m = new Map<string, Snap>();
  return {
    get: (k: string) => m.get(k),
    set(k: string, s: Snap) {
      m.delete(k);
      m.set(k, { billing_period: s.billing_period, limits: s.limits });
      if (m.size > max) m.delete(m.keys().next().value!);
    },
  };
}
export type SnapshotPredictions = ReturnType<typeof snapshotPredictions>;
const containerPredictions = snapshotPredictions();

interface Unique {
  id: string;
  wsKey: string;
  event: UsageEvent;
  messageIds: string[];
}

interface LimitCtx {
  wsKey: string;
  ref: { projectId: string; workspaceId: string };
  meter: string;
  limit: MeterLimit;
  view: Bounds;
  windows: Bounds[];
  counterIds: string[];
  thresholdId: string;
}

const SEP = '\u0000';
const wsKeyOf = (p: string, w: string) => `${p}${SEP}${w}`;

function limitContext(wsKey: string, ref: LimitCtx['ref'], meter: string, snap: Snap, now: Date): LimitCtx | undefined {
  const limit = snap.limits[meter];
  if (!limit || limit.limit === null) return undefined;
  const view = viewBounds(limit.window, now, snap.billing_period);
  const windows = windowsForView(limit.window, now, snap.billing_period);
  return {
    wsKey,
    ref,
    meter,
    limit,
    view,
    windows,
    counterIds: windows.map((w) => [wsKey, meter, w.start, w.end].join(SEP)),
    thresholdId: [wsKey, meter, 'th', view.start, view.end].join(SEP),
  };
}

async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Counts a batch of usage events exactly once per (workspace, meter, idempotency key):
 *
 * 1. validate against the catalog and the clock (failures are poison: they never succeed);
 * 2. collapse copies inside the batch;
 * 3. ONE BatchGet (eventually consistent: the dedupe Put's condition is what guarantees once)
 *    of the workspaces' profile and entitlement items, every event's dedupe record and the
 *    counter/threshold items of the limits in play. Events whose record exists were counted
 *    before and cost no write at all; a workspace not found, or a Stripe customer without a
 *    subscription, is read again strongly before its events are refused or left unmetered;
 * 4. group the rest by (workspace, meter, billing window); each group is a conditional Put per
 *    dedupe record plus ONE ADD of the group's exact sum to its counter, all in one
 *    TransactWriteItems (small groups of other workspaces share it, up to 100 actions). A
 *    cancellation names the records that already existed (a concurrent copy): those are dropped
 *    and the rest retried. A crash before the commit leaves nothing; after it, the redelivered
 *    events find their records and count nothing;
 * 5. send counted events, and duplicates still inside Stripe's dedupe window, to the meter;
 * 6. emit thresholds the new usage reached, estimated from the usage read before the writes
 *    plus what this batch added. That estimate is exact for one consumer at a time; when two
 *    consumers cross a level together and neither sees the other's part, the meter's next batch
 *    sees the level reached with its flag unset and emits it then (once: the flag decides).
 * Messages of a group or event that failed are returned for SQS to retry.
 */
export async function ingestUsageBatch(
  ports: UsagePorts,
  messages: IngestMessage[],
  opts: { predictions?: SnapshotPredictions } = {},
): Promise<IngestResult> {
  const predictions = opts.predictions ?? containerPredictions;
  const now = ports.clock();
  const stats: IngestStats = { events: messages.length, counted: 0, duplicates: 0, transactions: 0, thresholds: 0 };
  const poison: IngestResult['poison'] = [];
  const failed = new Set<string>();

  const uniques = new Map<string, Unique>();
  for (const m of messages) {
    const c = checkUsageEvent(m.body, m.body.project_id, now, m.receivedAt);
    if (!c.ok) {
      poison.push({ messageId: m.messageId, reason: `${c.field}: ${c.reason}` });
      continue;
    }
    const e = c.event;
    const wsKey = wsKeyOf(e.projectId, e.workspaceId);
    const id = [wsKey, e.meter, e.idempotencyKey].join(SEP);
    const u = uniques.get(id);
    if (u) {
      u.messageIds.push(m.messageId);
      stats.duplicates++;
    } else uniques.set(id, { id, wsKey, event: e, messageIds: [m.messageId] });
  }
  if (!uniques.size) return { failed: [], poison, stats };

  const refs = new Map<string, { projectId: string; workspaceId: string }>();
  const metersByWs = new Map<string, Set<string>>();
  for (const u of uniques.values()) {
    refs.set(u.wsKey, { projectId: u.event.projectId, workspaceId: u.event.workspaceId });
    (metersByWs.get(u.wsKey) ?? metersByWs.set(u.wsKey, new Set()).get(u.wsKey)!).add(u.event.meter);
  }

  const limitRefs = (ctxs: LimitCtx[]): Pick<LoadRequest, 'counters' | 'thresholds'> => ({
    counters: ctxs.flatMap((c) => c.windows.map((w, i) => ({ ...c.ref, id: c.counterIds[i], meter: c.meter, window: w }))),
    thresholds: ctxs.map((c) => ({ ...c.ref, id: c.thresholdId, meter: c.meter, view: c.view })),
  });
  const contexts = (snapFor: (wsKey: string) => Snap | undefined) => {
    const out: LimitCtx[] = [];
    for (const [wsKey, meters] of metersByWs) {
      const snap = snapFor(wsKey);
      if (!snap) continue;
      for (const meter of meters) {
        const c = limitContext(wsKey, refs.get(wsKey)!, meter, snap, now);
        if (c) out.push(c);
      }
    }
    return out;
  };

  // Unknown workspaces are guessed to be on the default plan without a subscription (calendar
  // month windows), which is what most workspaces are; a wrong guess costs a second read.
  const plans = await ports.plans();
  const guess: Snap = { billing_period: null, limits: (plans.find((p) => p.default) ?? plans[0])?.limits ?? {} };
  const predicted = limitRefs(contexts((k) => predictions.get(k) ?? guess));
  const loaded = await ports.store.load({
    workspaces: [...refs].map(([id, r]) => ({ ...r, id })),
    dedupe: [...uniques.values()].map((u) => ({ projectId: u.event.projectId, workspaceId: u.event.workspaceId, id: u.id, meter: u.event.meter, idempotencyKey: u.event.idempotencyKey })),
    ...predicted,
  });

  // The read above is eventually consistent. Before two decisions that cannot be taken back, read
  // again strongly: a workspace missing (its events would be poison) or a Stripe customer seen
  // without a subscription (its events would never reach the meter) may just have been written.
  const doubtful = [...refs].filter(([k]) => {
    const st = loaded.workspaces.get(k);
    return !st || (st.profile.stripeCustomerId && !st.entitlements?.subscription_status);
  });
  if (doubtful.length) {
    const again = await ports.store.load({ workspaces: doubtful.map(([id, r]) => ({ ...r, id })), dedupe: [], counters: [], thresholds: [] }, { consistent: true });
    for (const [k] of doubtful) {
      const st = again.workspaces.get(k);
      if (st) loaded.workspaces.set(k, st);
    }
  }

  const states = new Map<string, { state: WorkspaceState; snapshot: EntitlementSnapshot }>();
  for (const [wsKey, ref] of refs) {
    const state = loaded.workspaces.get(wsKey);
    if (!state) continue;
    const snapshot = await effectiveSnapshot(ports, ref.workspaceId, { entitlements: state.entitlements, grants: [], grantsKnown: false }, now);
    predictions.set(wsKey, snapshot);
    states.set(wsKey, { state, snapshot });
  }

  const limitCtxs = contexts((k) => states.get(k)?.snapshot);
  const actual = limitRefs(limitCtxs);
  const missing = {
    counters: actual.counters.filter((c) => !predicted.counters.some((p) => p.id === c.id)),
    thresholds: actual.thresholds.filter((t) => !predicted.thresholds.some((p) => p.id === t.id)),
  };
  if (missing.counters.length || missing.thresholds.length) {
    const more = await ports.store.load({ workspaces: [], dedupe: [], ...missing });
    for (const [k, v] of more.counters) loaded.counters.set(k, v);
    for (const [k, v] of more.thresholds) loaded.thresholds.set(k, v);
  }

  const fresh: Unique[] = [];
  const prior = new Map<string, DedupeRecord>();
  for (const u of uniques.values()) {
    if (!states.has(u.wsKey)) {
      const r = refs.get(u.wsKey)!;
      for (const id of u.messageIds) poison.push({ messageId: id, reason: `workspace_id: unknown workspace '${r.workspaceId}' in project '${r.projectId}'` });
      continue;
    }
    const rec = loaded.dedupe.get(u.id);
    if (rec) {
      prior.set(u.id, rec);
      stats.duplicates += 1;
    } else fresh.push(u);
  }

  // Group by (workspace, meter, billing window); a group too big for one transaction is split.
  const groups = new Map<string, { wsKey: string; meter: string; window: Bounds; items: Unique[] }>();
  for (const u of fresh) {
    const window = billingWindow(new Date(u.event.timestamp), states.get(u.wsKey)!.snapshot.billing_period);
    const gk = [u.wsKey, u.event.meter, window.start, window.end].join(SEP);
    (groups.get(gk) ?? groups.set(gk, { wsKey: u.wsKey, meter: u.event.meter, window, items: [] }).get(gk)!).items.push(u);
  }

  // Pack the groups into transactions of at most 100 actions (a group of k events takes k + 1).
  // Groups of different workspaces share a transaction: same write units, far fewer requests.
  // The chunks of one oversized group update the same counter item, so they go to different
  // transactions, one wave after another: run together they would only conflict and retry.
  interface Unit {
    wsKey: string;
    meter: string;
    window: Bounds;
    items: Unique[];
    group: string;
    chunk: number;
  }
  const units: Unit[] = [];
  for (const [gk, g] of groups) {
    for (let i = 0; i < g.items.length; i += MAX_EVENTS_PER_TRANSACTION) {
      units.push({ ...g, items: g.items.slice(i, i + MAX_EVENTS_PER_TRANSACTION), group: gk, chunk: i / MAX_EVENTS_PER_TRANSACTION });
    }
  }
  const waves: Unit[][][] = [];
  for (const u of units) {
    const txs = (waves[u.chunk] ??= []);
    const fit = txs.find((t) => t.reduce((n, x) => n + x.items.length + 1, 0) + u.items.length + 1 <= MAX_TRANSACTION_ACTIONS);
    if (fit) fit.push(u);
    else txs.push([u]);
  }

  const committed = new Set<string>();
  const late: Unique[] = [];
  const deltas: { wsKey: string; delta: CounterDelta }[] = [];
  const commitTx = async (tx: Unit[]) => {
    let pending = tx.map((u) => ({ ...u, items: [...u.items] }));
    try {
      for (let attempt = 1; pending.length; attempt++) {
        const writes = pending.map((u) => ({
          ...refs.get(u.wsKey)!,
          delta: buildDelta(u.meter, u.window, u.items.map((x) => x.event), now),
          events: u.items.map((x) => ({ meter: x.event.meter, idempotencyKey: x.event.idempotencyKey, value: x.event.value, timestamp: x.event.timestamp })),
          countedAt: now.toISOString(),
        }));
        stats.transactions++;
        const r = await ports.store.commitGroups(writes);
        if (r.ok) {
          pending.forEach((u, i) => {
            for (const x of u.items) committed.add(x.id);
            stats.counted += u.items.length;
            deltas.push({ wsKey: u.wsKey, delta: writes[i].delta });
          });
          break;
        }
        if (r.duplicates.length) {
          // Counted already, by a concurrent delivery or one the pre-check read did not see yet.
          stats.duplicates += r.duplicates.length;
          for (const d of r.duplicates) late.push(pending[d.group].items[d.event]);
          const dup = new Set(r.duplicates.map((d) => `${d.group}:${d.event}`));
          pending = pending.map((u, g) => ({ ...u, items: u.items.filter((_, e) => !dup.has(`${g}:${e}`)) })).filter((u) => u.items.length);
          continue;
        }
        if (!r.conflict || attempt >= COMMIT_ATTEMPTS) throw new Error(r.reason ?? 'the counter transaction kept conflicting');
        await sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
    } catch (e) {
      logger.warn('usage not counted; SQS will retry it', { error: e as Error, groups: pending.length });
      for (const u of pending) for (const x of u.items) for (const id of x.messageIds) failed.add(id);
    }
  };
  for (const wave of waves) await pool(wave, CONCURRENCY, commitTx);

  // A duplicate found only by the transaction may be one whose first delivery died before
  // sending it to Stripe: read its record (what was counted) so it can be sent again below.
  if (late.length) {
    try {
      const recs = await ports.store.load(
        { workspaces: [], counters: [], thresholds: [], dedupe: late.map((u) => ({ projectId: u.event.projectId, workspaceId: u.event.workspaceId, id: u.id, meter: u.event.meter, idempotencyKey: u.event.idempotencyKey })) },
        { consistent: true },
      );
      for (const [id, rec] of recs.dedupe) prior.set(id, rec);
    } catch (e) {
      logger.warn('could not read back duplicates; SQS will retry them', { error: e as Error });
      for (const u of late) for (const id of u.messageIds) failed.add(id);
    }
  }

  // Stripe: what was counted now, and duplicates still inside Stripe's dedupe window.
  const sends: { u: Unique; out: MeterEventOut }[] = [];
  for (const u of uniques.values()) {
    const s = states.get(u.wsKey);
    const customerId = s?.state.profile.stripeCustomerId;
    // No subscription, nothing to bill: a workspace on the default plan is counted, not metered.
    if (!s || !customerId || s.snapshot.subscription_status === null) continue;
    const rec = prior.get(u.id);
    const source = committed.has(u.id) ? u.event : rec && now.getTime() - Date.parse(rec.countedAt) < METER_RESEND_WINDOW_MS ? rec : undefined;
    if (!source) continue;
    sends.push({
      u,
      out: {
        identifier: meterEventIdentifier(u.event.projectId, u.event.workspaceId, u.event.meter, u.event.idempotencyKey),
        eventName: u.event.meter,
        customerId,
        value: source.value,
        timestamp: Math.floor(Date.parse(source.timestamp) / 1000),
      },
    });
  }
  if (sends.length) {
    try {
      const outcomes = await ports.meters.send(sends.map((s) => s.out));
      outcomes.forEach((o, i) => {
        if (o.ok) return;
        for (const id of sends[i].u.messageIds) {
          if (o.permanent) poison.push({ messageId: id, reason: `counted, but ${o.reason}` });
          else failed.add(id);
        }
      });
    } catch (e) {
      logger.warn('meter events not sent; SQS will retry them', { error: e as Error });
      for (const s of sends) for (const id of s.u.messageIds) failed.add(id);
    }
  }

  // Thresholds, from the usage read before the writes plus what this batch added.
  await pool(limitCtxs, CONCURRENCY, async (c) => {
    const items = c.counterIds.map((id) => loaded.counters.get(id)).filter((x): x is CounterItem => Boolean(x));
    let used = new Big(viewUsage(items, c.meter, c.limit.window, c.view));
    for (const d of deltas) if (d.wsKey === c.wsKey && d.delta.meter === c.meter) used = used.plus(deltaInView(d.delta, c.limit.window, c.view));
    try {
      const flags = loaded.thresholds.get(c.thresholdId)?.flags ?? {};
      stats.thresholds += (await emitThresholds(ports, c.ref, c.meter, c.limit, c.view, used.toFixed(), flags, now)).length;
    } catch (e) {
      logger.warn('threshold not emitted; SQS will retry the events', { error: e as Error, meter: c.meter });
      for (const u of uniques.values()) if (u.wsKey === c.wsKey && u.event.meter === c.meter) for (const id of u.messageIds) failed.add(id);
    }
  });

  return { failed: [...failed], poison: poison.filter((p) => !failed.has(p.messageId)), stats };
}
