import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import Big from 'big.js';
import type Stripe from 'stripe';
import type { AvItem } from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { collectionFromItems } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import type { EventBusPort } from '#shared/adapters/events/bus';
import { memoryBus } from '#shared/adapters/events/bus';
import { stripeMeterSink } from '#shared/adapters/stripe/meter-events';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import type { MeterLimit, Window } from '#shared/domain/catalog/schema';
import { computeEntitlements, type EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import { dayKey, monthKey } from '#shared/domain/metering/counters';
import { reachedLevels } from '#shared/domain/metering/limits';
import { builtInMeters, METERS, meterEventIdentifier } from '#shared/domain/metering/meters';
import { type Bounds, billingWindow, viewBounds } from '#shared/domain/metering/windows';
import { snapshotPredictions } from '#shared/domain/usage/ingest/plan';
import type { MeterSink, UsagePorts, UsageStore } from '#shared/domain/usage/ports';
import { thresholdEventId } from '#shared/domain/usage/thresholds';
import type { PoisonStore } from '#shared/sqs/consumer';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { fakeMeter, sqsRecord } from './usage-fixtures';

/** Small, fast, seeded PRNG: the same seed replays the same stream, faults and order. */
export function mulberry32(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    shuffle<T>(xs: T[]): T[] {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [xs[i], xs[j]] = [xs[j], xs[i]];
      }
      return xs;
    },
  };
}

export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

export interface SimStripe {
  client: Stripe;
  /** Catalog meter key → emulator meter id. */
  meterIds: Record<string, string>;
}

export interface SimOptions {
  table: TableContext;
  seed: number;
  /** Sends to the Stripe emulator and checks its meter summaries; otherwise an in-memory meter. */
  stripe?: SimStripe;
}

export interface SimReport {
  seed: number;
  uniqueEvents: number;
  messages: number;
  invocations: number;
  crashes: number;
  transientFailures: number;
  concurrentRounds: number;
  thresholds: number;
}

interface SimWorkspace {
  id: string;
  customerId?: string;
  snapshot: EntitlementSnapshot;
}

interface SimEvent {
  key: string;
  ws: SimWorkspace;
  meter: string;
  eventType: string;
  value: string;
  /** The JSON form sent (number or string). */
  wire: string | number;
  timestamp?: string;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const VISIBILITY_TIMEOUT_MS = 180_000;
const PROJECT = 'sim';
const KEY_CHARS = 'abcXYZ019-_:#/.é ';

/** Decimals with up to 3 places, sometimes sent as JSON numbers (always exactly representable here). */
function randomValue(rng: ReturnType<typeof mulberry32>): { value: string; wire: string | number } {
  const int = rng.int(0, 12);
  const places = rng.int(0, 3);
  let frac = '';
  for (let i = 0; i < places; i++) frac += String(rng.int(0, 9));
  let b = new Big(`${int}${frac ? `.${frac}` : ''}`);
  if (b.lte(0)) b = new Big('0.5');
  const value = b.toFixed();
  return {
    value,
    wire: rng.chance(0.3) ? Number(value) : rng.chance(0.2) ? `${value}${value.includes('.') ? '0' : ''}` : value,
  };
}

function randomLimits(rng: ReturnType<typeof mulberry32>): Record<string, MeterLimit> {
  const out: Record<string, MeterLimit> = {};
  for (const m of METERS) {
    if (rng.chance(0.15)) continue;
    const window = rng.pick<Window>(['day', 'month', 'billing_period']);
    out[m.key] = {
      limit: rng.chance(0.1) ? null : String(rng.int(8, 60)),
      window,
      mode: rng.pick(['soft', 'hard'] as const),
    };
  }
  return out;
}

interface Msg {
  id: string;
  body: unknown;
  receives: number;
  invalid: boolean;
}

interface Invocation {
  writes: number;
  commits: number;
  crashAt?: { write: number; after: boolean };
  transientCommit?: number;
  meterFailure?: number;
  dead: boolean;
  lastWrite?: string;
  publishedUnconfirmed: boolean;
}

function faulty(
  base: { store: UsageStore; meters: MeterSink; bus: EventBusPort; poison: PoisonStore },
  inv: () => Invocation,
) {
  const alive = () => {
    if (inv().dead) throw new SimulatedCrash('the process is gone');
  };
  const write = async <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
    alive();
    const i = inv();
    i.writes++;
    if (i.crashAt && i.crashAt.write === i.writes && !i.crashAt.after) {
      i.dead = true;
      i.publishedUnconfirmed ||= i.lastWrite === 'publish';
      throw new SimulatedCrash(`crash before write ${i.writes} (${kind})`);
    }
    if (kind === 'commit' && i.transientCommit === ++i.commits)
      throw new Error('ProvisionedThroughputExceededException (injected)');
    const r = await fn();
    i.lastWrite = kind;
    if (i.crashAt && i.crashAt.write === i.writes && i.crashAt.after) {
      i.dead = true;
      i.publishedUnconfirmed ||= kind === 'publish';
      throw new SimulatedCrash(`crash after write ${i.writes} (${kind})`);
    }
    return r;
  };
  const store: UsageStore = {
    load: async (r, o) => (alive(), base.store.load(r, o)),
    readWorkspace: async (...a) => (alive(), base.store.readWorkspace(...a)),
    countersEndingBetween: async (...a) => (alive(), base.store.countersEndingBetween(...a)),
    commitGroup: (w) => write('commit', () => base.store.commitGroup(w)),
    commitGroups: (ws) => write('commit', () => base.store.commitGroups(ws)),
    claimThreshold: (...a) => write('claim', () => base.store.claimThreshold(...a)),
    confirmThreshold: (...a) => write('confirm', () => base.store.confirmThreshold(...a)),
  };
  const meters: MeterSink = {
    send: (events) =>
      write('meter', async () => {
        const i = inv();
        if (i.meterFailure !== undefined) {
          // A transient Stripe failure for one event: the SDK gave up on it, the rest went through.
          const n = i.meterFailure % events.length;
          const out = await base.meters.send(events.filter((_, j) => j !== n));
          out.splice(n, 0, { ok: false, permanent: false, reason: 'injected 503' });
          return out;
        }
        return base.meters.send(events);
      }),
  };
  const bus: EventBusPort = { publish: (events) => write('publish', () => base.bus.publish(events)) };
  const poison: PoisonStore = {
    record: (p) => write('poison', () => base.poison.record(p)),
    list: (q, l) => base.poison.list(q, l),
  };
  return { store, meters, bus, poison };
}

/**
 * One seed: a random usage stream for a few workspaces with random plans and billing periods,
 * delivered through the real consumer (`usageEventsConsumer`) the way SQS would — 1 to 3 copies
 * of each event, shuffled, random batch sizes — while faults are injected: a crash before or
 * after a random write (the whole batch comes back after the visibility timeout), a transient
 * failure of one group's transaction or of one Stripe call (partial batch failure), and lost
 * acknowledgements (a processed message delivered again). Then the table, the meter and the bus
 * are checked against the stream. Throws an Error naming the seed when anything differs.
 */
export async function runSeed(opts: SimOptions): Promise<SimReport> {
  const { table, seed } = opts;
  const rng = mulberry32(seed);
  const failure = (what: string) =>
    new Error(
      `usage simulation seed ${seed}: ${what}\n  replay: npm run sim -- --seed ${seed} --stripe-every ${opts.stripe ? 1 : 0}`,
    );

  // A clock that never leaves the day it starts in, so "current window" means one window.
  const dayStart = Date.UTC(2026, 1, 24) + rng.int(0, 8) * DAY;
  const t0 = dayStart + rng.int(1, 20) * HOUR + rng.int(0, 59) * 60_000;
  let now = t0;
  const clock = () => new Date(now);

  const plans = catalogPlans();
  const workspaces: SimWorkspace[] = [];
  const setup: Record<string, unknown>[] = [];
  const testClock = opts.stripe
    ? await opts.stripe.client.testHelpers.testClocks.create({ frozen_time: Math.floor(t0 / 1000) })
    : undefined;
  for (let i = 0, n = rng.int(1, 3); i < n; i++) {
    const id = `s${seed}w${i}`;
    const subscribed = rng.chance(0.6);
    // Minute-aligned, as Stripe periods are, so meter summaries can be asked for exactly.
    const periodStart = Math.floor((t0 - rng.int(0, 72) * HOUR - rng.int(0, 59) * 60_000) / 60_000) * 60_000;
    const period = subscribed
      ? { start: new Date(periodStart).toISOString(), end: new Date(periodStart + 30 * DAY).toISOString() }
      : null;
    let customerId: string | undefined;
    if (subscribed) {
      customerId = opts.stripe
        ? (await opts.stripe.client.customers.create({ email: `${id}@sim.example`, test_clock: testClock!.id })).id
        : `cus_${id}`;
    }
    const base = computeEntitlements({ workspaceId: id, plans, grants: [], now: new Date(t0), graceDays: 7 });
    const snapshot: EntitlementSnapshot = {
      ...base,
      plan: subscribed ? 'sim_paid' : base.plan,
      plan_source: subscribed ? 'subscription' : 'default',
      subscription_status: subscribed ? 'active' : null,
      access_reason: subscribed ? 'active' : 'no_subscription',
      limits: randomLimits(rng),
      billing_period: period,
    };
    // One BatchWriteItem per seed for the profiles and snapshots (the shapes the repositories write).
    setup.push({
      ...keys.workspace(PROJECT, id),
      ...keys.workspaceIndex(PROJECT, id),
      entity: 'workspace',
      project_id: PROJECT,
      workspace_id: id,
      name: id,
      email: `${id}@sim.example`,
      country: 'IN',
      currency: 'inr',
      created_at: new Date(t0).toISOString(),
      updated_at: new Date(t0).toISOString(),
      ...(customerId ? { stripe_customer_id: customerId } : {}),
    });
    if (rng.chance(0.9) || subscribed)
      setup.push({ ...keys.entitlements(PROJECT, id), entity: 'entitlements', snapshot });
    else snapshot.limits = base.limits; // no snapshot stored: the default plan applies
    workspaces.push({ id, customerId, snapshot });
  }

  await table.doc.send(
    new BatchWriteCommand({ RequestItems: { [table.tableName]: setup.map((Item) => ({ PutRequest: { Item } })) } }),
  );

  // The stream: unique events, then copies, then a few that can never be counted.
  const events: SimEvent[] = [];
  const boundaries = (w: SimWorkspace) => {
    const b = [dayStart, Date.UTC(new Date(t0).getUTCFullYear(), new Date(t0).getUTCMonth(), 1), dayStart - DAY];
    if (w.snapshot.billing_period) b.push(Date.parse(w.snapshot.billing_period.start));
    return b.filter((x) => x <= t0 && x > t0 - 30 * DAY);
  };
  for (let i = 0, n = rng.int(3, 10); i < n; i++) {
    const ws = rng.pick(workspaces);
    const meter = rng.pick(METERS);
    let key = `k${i}-`;
    for (let j = 0, len = rng.int(1, 12); j < len; j++) key += rng.pick([...KEY_CHARS]);
    const { value, wire } = randomValue(rng);
    let at: number | undefined;
    const r = rng.next();
    if (r < 0.2) at = undefined;
    else if (r < 0.45) at = rng.pick(boundaries(ws)) + rng.pick([-1, 0, 1, 60_000, -60_000]);
    else at = t0 - rng.int(0, 4 * 24 * 60) * 60_000;
    if (at !== undefined && at > t0) at = t0;
    events.push({
      key,
      ws,
      meter: meter.key,
      eventType: rng.pick(meter.event_types),
      value,
      wire,
      timestamp: at === undefined ? undefined : new Date(at).toISOString(),
    });
  }
  const bodyOf = (e: SimEvent) => ({
    project_id: PROJECT,
    event_type: e.eventType,
    workspace_id: e.ws.id,
    value: e.wire,
    idempotency_key: e.key,
    ...(e.timestamp ? { timestamp: e.timestamp } : {}),
  });
  let mid = 0;
  const messages: Msg[] = [];
  for (const e of events)
    for (let c = 0, copies = rng.int(1, 3); c < copies; c++)
      messages.push({ id: `s${seed}-m${mid++}`, body: bodyOf(e), receives: 0, invalid: false });
  for (let i = 0, n = rng.int(0, 2); i < n; i++) {
    const bad = rng.pick([
      { ...bodyOf(events[0]), idempotency_key: `bad${i}`, event_type: 'teleport_minutes' },
      { ...bodyOf(events[0]), idempotency_key: `bad${i}`, workspace_id: `s${seed}nobody` },
      { ...bodyOf(events[0]), idempotency_key: `bad${i}`, value: 0 },
    ]);
    messages.push({ id: `s${seed}-bad${i}`, body: bad, receives: 0, invalid: true });
  }
  const queue = rng.shuffle([...messages]);

  // The consumer, with its ports behind the fault injector.
  const bus = memoryBus();
  const fake = fakeMeter();
  const realStore = usageStore(table);
  const baseMeters = opts.stripe
    ? stripeMeterSink(async () => opts.stripe!.client, { baseDelayMs: 1, maxAttempts: 2 })
    : fake;
  const poisoned = new Set<string>();
  const tablePoison = poisonRepository(table);
  const recordingPoison: PoisonStore = {
    record: async (p) => {
      await tablePoison.record(p);
      poisoned.add(p.messageId);
    },
    list: (q, l) => tablePoison.list(q, l),
  };
  // Two "containers", each with its own knowledge of the workspaces, as concurrent Lambdas have.
  const containers = [snapshotPredictions(), snapshotPredictions()];
  const invoke = (container: number, inv: Invocation) => {
    const f = faulty({ store: realStore, meters: baseMeters, bus, poison: recordingPoison }, () => inv);
    const ports: UsagePorts = {
      store: f.store,
      meters: f.meters,
      bus: f.bus,
      clock,
      plans: async () => plans,
      graceDays: 7,
      catalogMeters: builtInMeters,
    };
    return usageEventsConsumer(ports, {
      consumer: { poison: f.poison, now: clock },
      predictions: containers[container],
    });
  };

  const maxBatch = rng.pick([2, 5, 10, 10, 100]);
  const faultyRounds = rng.int(0, 12);
  let invocations = 0;
  let crashes = 0;
  let transientFailures = 0;
  let unconfirmedPublishes = 0;
  let concurrentRounds = 0;

  /** One Lambda invocation on one batch; returns what SQS would show again. */
  async function deliver(batch: Msg[], container: number, faults: boolean): Promise<Msg[]> {
    const inv: Invocation = {
      writes: 0,
      commits: 0,
      dead: false,
      publishedUnconfirmed: false,
      crashAt: faults && rng.chance(0.3) ? { write: rng.int(1, 5), after: rng.chance(0.5) } : undefined,
      transientCommit: faults && rng.chance(0.2) ? rng.int(1, 2) : undefined,
      meterFailure: faults && rng.chance(0.2) ? rng.int(0, 9) : undefined,
    };
    const lostAck = faults && rng.chance(0.2);
    for (const m of batch) m.receives++;
    let res: SQSBatchResponse | undefined;
    try {
      res = await invoke(
        container,
        inv,
      )({
        Records: batch.map((m) =>
          sqsRecord(m.body, { messageId: m.id, sentAt: new Date(t0), receiveCount: m.receives }),
        ),
      });
    } catch (e) {
      if (!(e instanceof SimulatedCrash)) throw e;
    }
    if (inv.dead) {
      // The invocation died: nothing was acknowledged; SQS shows the batch again after the timeout.
      crashes++;
      if (inv.publishedUnconfirmed) unconfirmedPublishes++;
      now += VISIBILITY_TIMEOUT_MS;
      return batch;
    }
    const failedIds = new Set(res!.batchItemFailures.map((x) => x.itemIdentifier));
    if (failedIds.size) transientFailures++;
    // A lost acknowledgement: processed, yet delivered again.
    return batch.filter((m) => failedIds.has(m.id) || (lostAck && rng.chance(0.5)));
  }

  while (queue.length) {
    if (++invocations > 400) throw failure('the queue never drained');
    const faults = invocations <= faultyRounds;
    const concurrent = faults && queue.length > 1 && rng.chance(0.3);
    const batches = [queue.splice(0, rng.int(1, maxBatch))];
    if (concurrent) {
      concurrentRounds++;
      // The second batch may hold copies of the first one's events: the two race to count them.
      batches.push(queue.splice(0, rng.int(1, maxBatch)));
    }
    const back = (await Promise.all(batches.map((b, i) => deliver(b, i, faults)))).flat();
    for (const m of back) queue.splice(rng.int(0, queue.length), 0, m);
    now += 1000;
  }
  // Two consumers can cross a threshold together with neither seeing it; the next batch of that
  // meter emits it. After concurrent rounds, deliver one more copy per meter to let it.
  if (concurrentRounds) {
    const seen = new Set<string>();
    for (const m of messages) {
      const b = m.body as { workspace_id: string; event_type: string };
      const k = `${b.workspace_id}|${b.event_type}`;
      if (m.invalid || seen.has(k)) continue;
      seen.add(k);
      const again = await deliver([m], 0, false);
      if (again.length) throw failure(`a clean redelivery of ${m.id} failed`);
    }
  }

  // --- Assess -------------------------------------------------------------------------------
  const firstOf = new Map<string, SimEvent>();
  for (const e of events)
    firstOf.set(`${e.ws.id}|${e.meter}|${e.key}`, firstOf.get(`${e.ws.id}|${e.meter}|${e.key}`) ?? e);
  const uniques = [...firstOf.values()];
  const tsOf = (e: SimEvent) => e.timestamp ?? new Date(t0).toISOString();

  for (const ws of workspaces) {
    // The whole partition in one Query: dedupe records, counters and snapshots.
    const part = (await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.workspacePk(PROJECT, ws.id) } },
        ConsistentRead: true,
      }) as never,
    )) as { Items?: AvItem[] };
    const coll = collectionFromItems(part.Items ?? []);
    // Counters: per billing window, the exact sum of the unique events in it, and its sub-totals.
    const expected = new Map<
      string,
      { window: Bounds; meter: string; total: Big; months: Map<string, Big>; days: Map<string, Big> }
    >();
    for (const e of uniques.filter((x) => x.ws === ws)) {
      const w = billingWindow(new Date(tsOf(e)), ws.snapshot.billing_period);
      const k = `${e.meter}|${w.start}|${w.end}`;
      const x = expected.get(k) ?? { window: w, meter: e.meter, total: new Big(0), months: new Map(), days: new Map() };
      x.total = x.total.plus(e.value);
      x.months.set(monthKey(tsOf(e)), (x.months.get(monthKey(tsOf(e))) ?? new Big(0)).plus(e.value));
      if (Date.parse(tsOf(e)) >= dayStart - DAY)
        x.days.set(dayKey(tsOf(e)), (x.days.get(dayKey(tsOf(e))) ?? new Big(0)).plus(e.value));
      expected.set(k, x);
    }
    const actual = new Map(coll.counters.map((c) => [`${c.meter}|${c.window.start}|${c.window.end}`, c]));
    for (const [k, x] of expected) {
      const c = actual.get(k);
      if (!c) throw failure(`${ws.id}: no counter for ${k}, expected ${x.total.toFixed()}`);
      if (c.total !== x.total.toFixed())
        throw failure(`${ws.id}: counter ${k} is ${c.total}, expected ${x.total.toFixed()}`);
      for (const [m, v] of x.months)
        if (c.months[m] !== v.toFixed())
          throw failure(`${ws.id}: ${k} month ${m} is ${c.months[m]}, expected ${v.toFixed()}`);
      for (const [d, v] of x.days)
        if (c.days[d] !== v.toFixed())
          throw failure(`${ws.id}: ${k} day ${d} is ${c.days[d]}, expected ${v.toFixed()}`);
    }
    for (const k of actual.keys())
      if (!expected.has(k)) throw failure(`${ws.id}: unexpected counter ${k} = ${actual.get(k)!.total}`);

    // Dedupe records: one per unique key, holding the value that was counted.
    const records = (part.Items ?? []).filter((i) => i.entity?.S === 'usage_dedupe');
    const mine = uniques.filter((e) => e.ws === ws);
    if (records.length !== mine.length)
      throw failure(`${ws.id}: ${records.length} dedupe records for ${mine.length} unique events`);
    for (const e of mine) {
      const r = records.find((i) => i.meter?.S === e.meter && i.idempotency_key?.S === e.key);
      if (!r || !new Big(r.value!.N!).eq(e.value))
        throw failure(`${ws.id}: dedupe record of ${e.meter}/${e.key} missing or wrong`);
    }

    // Stripe: every unique event of a subscribed workspace exactly once, nothing else.
    if (ws.customerId) {
      if (opts.stripe) {
        for (const [, x] of expected) {
          const s = await opts.stripe.client.billing.meters.listEventSummaries(opts.stripe.meterIds[x.meter], {
            customer: ws.customerId,
            start_time: Date.parse(x.window.start) / 1000,
            end_time: Date.parse(x.window.end) / 1000,
          });
          const sum = s.data.reduce((a, r) => a.plus(String(r.aggregated_value)), new Big(0));
          if (Number(sum.toFixed()) !== Number(x.total.toFixed()))
            throw failure(
              `${ws.id}: Stripe meter summary ${x.meter} ${x.window.start} is ${sum.toFixed()}, counter ${x.total.toFixed()}`,
            );
        }
      } else {
        for (const e of mine) {
          const sent = fake.events.get(meterEventIdentifier(PROJECT, ws.id, e.meter, e.key));
          if (!sent || sent.value !== e.value || sent.customerId !== ws.customerId)
            throw failure(`${ws.id}: meter event of ${e.meter}/${e.key} missing or wrong`);
        }
        const sentForWs = [...fake.events.values()].filter((x) => x.customerId === ws.customerId).length;
        if (sentForWs !== mine.length)
          throw failure(`${ws.id}: ${sentForWs} meter events for ${mine.length} unique events`);
      }
    }

    // Thresholds: each level reached in the current window exactly once (an extra copy with the
    // same id only after a crash between publishing and confirming).
    for (const m of METERS) {
      const limit = ws.snapshot.limits[m.key];
      if (!limit || limit.limit === null) continue;
      const view = viewBounds(limit.window, new Date(now), ws.snapshot.billing_period);
      const inView = mine.filter((e) => e.meter === m.key && tsOf(e) >= view.start && tsOf(e) < view.end);
      const used = inView.reduce((a, e) => a.plus(e.value), new Big(0)).toFixed();
      const want = reachedLevels(limit.limit, used).map((l) =>
        thresholdEventId(PROJECT, ws.id, m.key, view, l, limit.limit!),
      );
      const got = bus.events.filter((e) => e.workspace_id === ws.id && e.data.meter === m.key);
      const ids = [...new Set(got.map((e) => e.id))];
      if (ids.sort().join() !== [...want].sort().join())
        throw failure(
          `${ws.id}: ${m.key} thresholds ${JSON.stringify(got.map((e) => e.data.threshold_percent))} for used ${used} of ${limit.limit}/${limit.window}`,
        );
      if (got.length > ids.length + unconfirmedPublishes)
        throw failure(`${ws.id}: ${m.key} thresholds published ${got.length} times for ${ids.length} levels`);
    }
  }

  // Poison: the invalid messages, and only them (what the wrapper recorded in the table).
  for (const m of messages) {
    if (m.invalid && !poisoned.has(m.id)) throw failure(`invalid message ${m.id} was not recorded as poison`);
    if (!m.invalid && poisoned.has(m.id)) throw failure(`valid message ${m.id} was recorded as poison`);
  }

  return {
    seed,
    uniqueEvents: uniques.length,
    messages: messages.length,
    invocations,
    crashes,
    transientFailures,
    concurrentRounds,
    thresholds: bus.events.length,
  };
}

/** Creates the catalog's meters on the emulator (sum of `value`, per `stripe_customer_id`). */
export async function emulatorMeters(client: Stripe): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const existing = await client.billing.meters.list({ limit: 100 });
  for (const m of METERS) {
    const found = existing.data.find((x) => x.event_name === m.key && x.status === 'active');
    out[m.key] =
      found?.id ??
      (
        await client.billing.meters.create({
          display_name: m.name,
          event_name: m.key,
          default_aggregation: { formula: 'sum' },
        })
      ).id;
  }
  return out;
}
