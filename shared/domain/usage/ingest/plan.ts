import type { MeterLimit } from '#shared/domain/catalog/schema';
import { effectiveSnapshot } from '#shared/domain/entitlements/read';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import type { MetersOf } from '#shared/domain/metering/meters';
import { type Bounds, counterParts, viewBounds, windowsForView } from '#shared/domain/metering/windows';
import { checkUsageEvent, type UsageEvent, type UsageEventMessage } from '#shared/domain/usage/event';
import type {
  DedupeRecord,
  Loaded,
  LoadRequest,
  UsagePorts,
  WorkspaceRef,
  WorkspaceState,
} from '#shared/domain/usage/ports';
import { registerImplicit } from '#shared/domain/workspaces/implicit';

/*
 * Phase 1 of a usage batch: validate, collapse copies, read everything the batch needs in one
 * BatchGet, and plan the transactions. Only `loadBatch` does I/O; the rest is pure.
 */

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

/** What the phases report as they go: messages for SQS to retry, messages that never succeed, figures. */
export interface BatchTally {
  failed: Set<string>;
  poison: { messageId: string; reason: string }[];
  stats: IngestStats;
}

export type Snap = Pick<EntitlementSnapshot, 'billing_period' | 'billing_span' | 'limits'>;

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
      m.set(k, { billing_period: s.billing_period, billing_span: s.billing_span ?? null, limits: s.limits });
      if (m.size > max) m.delete(m.keys().next().value!);
    },
  };
}
export type SnapshotPredictions = ReturnType<typeof snapshotPredictions>;

/** One (workspace, meter, idempotency key) of the batch and every message that carried it. */
export interface Unique {
  id: string;
  wsKey: string;
  event: UsageEvent;
  messageIds: string[];
}

/** A limit in play: the counter items of its view and its threshold item. */
export interface LimitCtx {
  wsKey: string;
  ref: WorkspaceRef;
  meter: string;
  limit: MeterLimit;
  view: Bounds;
  /** The counter items that can hold part of the view: a window, or a segment of a long one. */
  parts: { window: Bounds; segment?: Bounds }[];
  counterIds: string[];
  thresholdId: string;
}

export const SEP = '\u0000';
const wsKeyOf = (p: string, w: string) => `${p}${SEP}${w}`;

export function limitContext(
  wsKey: string,
  ref: WorkspaceRef,
  meter: string,
  snap: Snap,
  now: Date,
): LimitCtx | undefined {
  const limit = snap.limits[meter];
  if (!limit || limit.limit === null) return undefined;
  const view = viewBounds(limit.window, now, snap.billing_period, snap.billing_span);
  // A billing-period view needs every segment of its window; a month or day view the parts it overlaps.
  const whole = limit.window === 'billing_period';
  const parts = windowsForView(limit.window, now, snap.billing_period, snap.billing_span).flatMap((w) =>
    counterParts(w, whole ? w.start : view.start, whole ? w.end : view.end),
  );
  return {
    wsKey,
    ref,
    meter,
    limit,
    view,
    parts,
    counterIds: parts.map((p) => [wsKey, meter, p.window.start, p.window.end, p.segment?.start ?? ''].join(SEP)),
    thresholdId: [wsKey, meter, 'th', view.start, view.end].join(SEP),
  };
}

/** Validates each message against its project's meters and the clock (failures are poison) and collapses copies. */
export function collapseBatch(messages: IngestMessage[], now: Date, tally: BatchTally, meters: MetersOf) {
  const uniques = new Map<string, Unique>();
  for (const m of messages) {
    const c = checkUsageEvent(m.body, m.body.project_id, meters(m.body.project_id), now, m.receivedAt);
    if (!c.ok) {
      tally.poison.push({ messageId: m.messageId, reason: `${c.field}: ${c.reason}` });
      continue;
    }
    const e = c.event;
    const wsKey = wsKeyOf(e.projectId, e.workspaceId);
    const id = [wsKey, e.meter, e.idempotencyKey].join(SEP);
    const u = uniques.get(id);
    if (u) {
      u.messageIds.push(m.messageId);
      tally.stats.duplicates++;
    } else uniques.set(id, { id, wsKey, event: e, messageIds: [m.messageId] });
  }
  return uniques;
}

export const dedupeRef = (u: Unique): LoadRequest['dedupe'][number] => ({
  projectId: u.event.projectId,
  workspaceId: u.event.workspaceId,
  id: u.id,
  meter: u.event.meter,
  idempotencyKey: u.event.idempotencyKey,
});

const limitRefs = (ctxs: LimitCtx[]): Pick<LoadRequest, 'counters' | 'thresholds'> => ({
  counters: ctxs.flatMap((c) => c.parts.map((p, i) => ({ ...c.ref, id: c.counterIds[i], meter: c.meter, ...p }))),
  thresholds: ctxs.map((c) => ({ ...c.ref, id: c.thresholdId, meter: c.meter, view: c.view })),
});

export interface LoadedBatch {
  refs: Map<string, WorkspaceRef>;
  states: Map<string, { state: WorkspaceState; snapshot: EntitlementSnapshot }>;
  loaded: Loaded;
  limitCtxs: LimitCtx[];
}

/**
 * ONE BatchGet (eventually consistent: the dedupe Put's condition is what guarantees once) of the
 * workspaces' profile and entitlement items, every event's dedupe record and the counter and
 * threshold items of the limits in play, guessed from the predictions. A workspace not found,
 * or a Stripe customer without a subscription, is read again strongly before its events are
 * refused or left unmetered; counter items the guess missed cost a second BatchGet.
 */
export async function loadBatch(
  ports: UsagePorts,
  uniques: Map<string, Unique>,
  predictions: SnapshotPredictions,
  now: Date,
): Promise<LoadedBatch> {
  const refs = new Map<string, WorkspaceRef>();
  const metersByWs = new Map<string, Set<string>>();
  for (const u of uniques.values()) {
    refs.set(u.wsKey, { projectId: u.event.projectId, workspaceId: u.event.workspaceId });
    (metersByWs.get(u.wsKey) ?? metersByWs.set(u.wsKey, new Set()).get(u.wsKey)!).add(u.event.meter);
  }
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
  const guesses = new Map<string, Snap>();
  for (const projectId of new Set([...refs.values()].map((r) => r.projectId))) {
    const plans = await ports.plans(projectId);
    guesses.set(projectId, { billing_period: null, limits: (plans.find((p) => p.default) ?? plans[0])?.limits ?? {} });
  }
  const predicted = limitRefs(contexts((k) => predictions.get(k) ?? guesses.get(refs.get(k)!.projectId)));
  const loaded = await ports.store.load({
    workspaces: [...refs].map(([id, r]) => ({ ...r, id })),
    dedupe: [...uniques.values()].map(dedupeRef),
    ...predicted,
  });

  // The read above is eventually consistent. Before two decisions that cannot be taken back, read
  // again strongly: a workspace missing (its events would be poison) or a Stripe customer seen
  // without a subscription (its events would never reach the meter) may just have been written.
  const doubtful = [...refs].filter(([k]) => {
    const st = loaded.workspaces.get(k);
    return !st || (st.profile.stripeCustomerId && !st.entitlements?.subscription_status);
  });
  const readAgain = async (entries: [string, WorkspaceRef][]) => {
    if (!entries.length) return;
    const again = await ports.store.load(
      { workspaces: entries.map(([id, r]) => ({ ...r, id })), dedupe: [], counters: [], thresholds: [] },
      { consistent: true },
    );
    for (const [k] of entries) {
      const st = again.workspaces.get(k);
      if (st) loaded.workspaces.set(k, st);
    }
  };
  await readAgain(doubtful);
  // Producers that publish straight to the queue meet a project with implicit workspaces too:
  // the first event of an unknown workspace registers it (once, however many events race).
  const registered: [string, WorkspaceRef][] = [];
  for (const [k, r] of doubtful)
    if (
      !loaded.workspaces.has(k) &&
      ports.implicit &&
      (await registerImplicit(ports.implicit, r.projectId, r.workspaceId))
    )
      registered.push([k, r]);
  await readAgain(registered);

  const states: LoadedBatch['states'] = new Map();
  for (const [wsKey, ref] of refs) {
    const state = loaded.workspaces.get(wsKey);
    if (!state) continue;
    const snapshot = await effectiveSnapshot(
      ports,
      ref.projectId,
      ref.workspaceId,
      { entitlements: state.entitlements, grants: [], grantsKnown: false },
      now,
    );
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
  return { refs, states, loaded, limitCtxs };
}

/**
 * Events of unknown workspaces are poison; events whose dedupe record exists were counted before
 * and cost no write at all; the rest are fresh.
 */
export function splitFresh(
  uniques: Map<string, Unique>,
  batch: LoadedBatch,
  tally: BatchTally,
): { fresh: Unique[]; prior: Map<string, DedupeRecord> } {
  const fresh: Unique[] = [];
  const prior = new Map<string, DedupeRecord>();
  for (const u of uniques.values()) {
    if (!batch.states.has(u.wsKey)) {
      const r = batch.refs.get(u.wsKey)!;
      for (const id of u.messageIds)
        tally.poison.push({
          messageId: id,
          reason: `workspace_id: unknown workspace '${r.workspaceId}' in project '${r.projectId}'`,
        });
      continue;
    }
    const rec = batch.loaded.dedupe.get(u.id);
    if (rec) {
      prior.set(u.id, rec);
      tally.stats.duplicates += 1;
    } else fresh.push(u);
  }
  return { fresh, prior };
}
