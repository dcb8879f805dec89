import Big from 'big.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { dayKey, monthKey } from '#shared/domain/metering/counters';
import { meterEventIdentifier } from '#shared/domain/metering/meters';
import { billingWindow, counterCutOff } from '#shared/domain/metering/windows';
import { snapshotPredictions } from '#shared/domain/usage/ingest/plan';
import { usageReport } from '#shared/domain/usage/report';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { freshTable } from '../support/local';
import {
  fakeMeter,
  MemoryPoison,
  meteredClient,
  seedWorkspace,
  sqsEvent,
  sqsRecord,
  usageMessage,
  usagePorts,
} from '../support/usage-fixtures';

describe('usage-events consumer on DynamoDB Local', () => {
  let table: TableContext;
  const now = new Date();
  const counter = async (projectId: string, ws: string, meter: string, at = new Date()) => {
    const c = await usageStore(table).readWorkspace(projectId, ws, {
      cutOff: counterCutOff(new Date(at.getTime() - 40 * 86_400_000)),
      consistent: true,
    });
    const w = billingWindow(at, c.entitlements?.billing_period ?? null);
    return c.counters.find((x) => x.meter === meter && x.window.start === w.start && x.window.end === w.end);
  };

  beforeAll(async () => {
    table = await freshTable('usage');
  });

  function handlerFor(over: Parameters<typeof usagePorts>[1] = {}) {
    const { ports, bus, meters } = usagePorts(table, over);
    const poison = new MemoryPoison();
    const predictions = snapshotPredictions();
    const handler = usageEventsConsumer(ports, { consumer: { poison, now: () => new Date() }, predictions });
    return { handler, bus, meters, poison, ports };
  }

  it('counts each key once across copies in a batch and redeliveries, with exact decimals per window', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_once');
    const { handler } = handlerFor();
    const msgs = Array.from({ length: 30 }, (_, i) =>
      usageMessage({ workspace_id: 'ws_once', idempotency_key: `k${i}`, value: '0.1' }),
    );
    // Act
    const first = await handler(sqsEvent([...msgs, ...msgs.slice(0, 5)].map((m) => sqsRecord(m))));
    const again = await handler(sqsEvent(msgs.map((m) => sqsRecord(m))));
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    const c = await counter('p1', 'ws_once', 'ai_credits');
    expect(c?.total).toBe('3');
    expect(c?.months[monthKey(now)]).toBe('3');
    expect(c?.days[dayKey(now)]).toBe('3');
  });

  it('adds 0.1 a thousand times to exactly 100', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_exact');
    const { handler } = handlerFor();
    // Act
    for (let b = 0; b < 10; b++) {
      const r = await handler(
        sqsEvent(
          Array.from({ length: 100 }, (_, i) =>
            sqsRecord(usageMessage({ workspace_id: 'ws_exact', idempotency_key: `e${b}-${i}`, value: 0.1 as never })),
          ),
        ),
      );
      expect(r.batchItemFailures).toEqual([]);
    }
    // Assess
    expect((await counter('p1', 'ws_exact', 'ai_credits'))?.total).toBe('100');
  });

  it('records poison (unknown type, unknown workspace, bad value, stale time) and counts none of it', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_poison');
    const { handler, poison } = handlerFor();
    const old = new Date(now.getTime() - 36 * 86_400_000).toISOString();
    const records = [
      sqsRecord(usageMessage({ workspace_id: 'ws_poison', idempotency_key: 'a', event_type: 'nope' })),
      sqsRecord(usageMessage({ workspace_id: 'ws_missing', idempotency_key: 'b' })),
      sqsRecord(usageMessage({ workspace_id: 'ws_poison', idempotency_key: 'c', value: '-1' })),
      sqsRecord(usageMessage({ workspace_id: 'ws_poison', idempotency_key: 'd', timestamp: old })),
      sqsRecord('{not json'),
      sqsRecord(usageMessage({ workspace_id: 'ws_poison', idempotency_key: 'x'.repeat(201) })),
    ];
    // Act
    const r = await handler(sqsEvent(records));
    // Assess
    expect(r.batchItemFailures).toEqual([]);
    const reasons = poison.records.map((p) => p.reason);
    expect(reasons).toHaveLength(6);
    expect(reasons.join('\n')).toMatch(/event_type: unknown event type 'nope'/);
    expect(reasons.join('\n')).toMatch(/workspace_id: unknown workspace 'ws_missing'/);
    expect(reasons.join('\n')).toMatch(/value: must be a positive decimal/);
    expect(reasons.join('\n')).toMatch(/timestamp: must be at most 35 days back/);
    expect(reasons.join('\n')).toMatch(/idempotency_key/);
    expect(await counter('p1', 'ws_poison', 'ai_credits')).toBeUndefined();
  });

  it('reads a workspace again strongly before refusing its events or leaving them unmetered', async () => {
    // Prepare: a store whose eventually consistent reads have not yet seen two fresh workspaces.
    await seedWorkspace(table, 'p1', 'ws_new');
    await seedWorkspace(table, 'p1', 'ws_just_subscribed', { customerId: 'cus_just', plan: 'pro' });
    const store = usageStore(table);
    const strongReads: string[][] = [];
    const lagging: typeof store = {
      ...store,
      async load(req, opts) {
        const r = await store.load(req, opts);
        if (opts?.consistent) strongReads.push(req.workspaces.map((w) => w.workspaceId).sort());
        else {
          for (const w of req.workspaces) {
            if (w.workspaceId === 'ws_new') r.workspaces.delete(w.id);
            const st = r.workspaces.get(w.id);
            if (w.workspaceId === 'ws_just_subscribed' && st) r.workspaces.set(w.id, { profile: st.profile });
          }
        }
        return r;
      },
    };
    const { handler, poison, meters } = handlerFor({ store: lagging });
    // Act
    const r = await handler(
      sqsEvent([
        sqsRecord(usageMessage({ workspace_id: 'ws_new', idempotency_key: 'n1' })),
        sqsRecord(usageMessage({ workspace_id: 'ws_just_subscribed', idempotency_key: 's1' })),
      ]),
    );
    // Assess
    expect(r.batchItemFailures).toEqual([]);
    expect(poison.records).toEqual([]);
    expect(strongReads[0]).toEqual(['ws_just_subscribed', 'ws_new']);
    expect((await counter('p1', 'ws_new', 'ai_credits'))?.total).toBe('1');
    expect([...meters.events.values()].map((e) => e.customerId)).toEqual(['cus_just']);
  });

  it('emits each threshold once per window, also when events are redelivered', async () => {
    // Prepare: the free plan allows 100 ai_credits a month
    await seedWorkspace(table, 'p1', 'ws_thr');
    const { handler, bus } = handlerFor();
    const batch = (from: number, n: number) =>
      sqsEvent(
        Array.from({ length: n }, (_, i) =>
          sqsRecord(usageMessage({ workspace_id: 'ws_thr', idempotency_key: `t${from + i}`, value: '10' })),
        ),
      );
    // Act
    await handler(batch(0, 7)); // 70
    await handler(batch(7, 1)); // 80
    await handler(batch(0, 8)); // all duplicates
    await handler(batch(8, 5)); // 130
    // Assess
    const thr = bus.events.filter((e) => e.type === 'usage.threshold_reached');
    expect(thr.map((e) => [e.data.threshold_percent, e.data.used])).toEqual([
      [80, '80'],
      [100, '130'],
    ]);
    expect(new Set(thr.map((e) => e.id)).size).toBe(2);
  });

  it('sends counted events to the Stripe meter once, re-sends duplicates with the same identifier, skips unsubscribed workspaces', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_meter', { customerId: 'cus_meter', plan: 'pro' });
    await seedWorkspace(table, 'p1', 'ws_free');
    const meters = fakeMeter({
      fail: (e, attempt) =>
        e.value === '7' && attempt === 1 ? { ok: false, permanent: false, reason: 'Stripe unavailable' } : undefined,
    });
    const { handler } = handlerFor({ meters });
    const events = [
      usageMessage({ workspace_id: 'ws_meter', idempotency_key: 's1', value: '2.5' }),
      usageMessage({ workspace_id: 'ws_meter', idempotency_key: 's2', value: '7' }),
      usageMessage({ workspace_id: 'ws_free', idempotency_key: 's3', value: '1' }),
    ];
    const records = events.map((e, i) => sqsRecord(e, { messageId: `meter-${i}` }));
    // Act
    const first = await handler(sqsEvent(records));
    const redelivered = await handler(sqsEvent([records[1]]));
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'meter-1' }]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect([...meters.events.values()].map((e) => [e.customerId, e.value]).sort()).toEqual([
      ['cus_meter', '2.5'],
      ['cus_meter', '7'],
    ]);
    expect(meters.events.has(meterEventIdentifier('p1', 'ws_meter', 'ai_credits', 's2'))).toBe(true);
    expect((await counter('p1', 'ws_meter', 'ai_credits'))?.total).toBe('9.5');
  });

  it('counts once when two consumers process the same events at the same time', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_race');
    const a = handlerFor();
    const b = handlerFor();
    const msgs = Array.from({ length: 40 }, (_, i) =>
      usageMessage({ workspace_id: 'ws_race', idempotency_key: `r${i}`, value: '1.25' }),
    );
    // Act
    const results = await Promise.all([
      a.handler(sqsEvent(msgs.map((m) => sqsRecord(m)))),
      b.handler(sqsEvent([...msgs].reverse().map((m) => sqsRecord(m)))),
    ]);
    const retried = await Promise.all(
      results.map((r, i) =>
        r.batchItemFailures.length ? [a, b][i].handler(sqsEvent(msgs.map((m) => sqsRecord(m)))) : r,
      ),
    );
    // Assess
    expect(retried.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect((await counter('p1', 'ws_race', 'ai_credits'))?.total).toBe(new Big('1.25').times(40).toFixed());
  });

  it('stays within 2 requests per batch of 10 for a hot workspace and pays no write for a duplicate', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_hot');
    const { handler } = handlerFor();
    const batch = (b: number) =>
      sqsEvent(
        Array.from({ length: 10 }, (_, i) =>
          sqsRecord(usageMessage({ workspace_id: 'ws_hot', idempotency_key: `h${b}-${i}`, value: '0.01' })),
        ),
      );
    await handler(batch(0)); // learns the workspace's billing window
    const m = meteredClient(table.doc as never);
    try {
      // Act
      for (let b = 1; b <= 5; b++) await handler(batch(b));
      const uniqueWrites = m.billedWrite;
      const uniqueRequests = m.requests;
      m.reset();
      await handler(batch(3));
      // Assess
      expect(uniqueRequests / 50).toBeLessThanOrEqual(0.2);
      expect(uniqueWrites / 50).toBeLessThanOrEqual(2 + 2 / 10);
      expect(m.billedWrite).toBe(0);
      expect(m.byCommand).toEqual({ BatchGetItem: 1 });
    } finally {
      m.restore();
    }
    expect(keys.usageCounterItem('p1', 'ws_hot', 'ai_credits', billingWindow(now, null)).SK).toMatch(/^U#/);
  });

  it('commits an oversized group of one workspace in consecutive transactions, without conflicts', async () => {
    // Prepare: 250 events of one workspace and meter in one batch: three transactions of at most 99.
    await seedWorkspace(table, 'p1', 'ws_big');
    const { handler } = handlerFor();
    await handler(sqsEvent([sqsRecord(usageMessage({ workspace_id: 'ws_big', idempotency_key: 'warm', value: '1' }))]));
    const m = meteredClient(table.doc as never);
    const send = table.doc.send.bind(table.doc);
    let inFlight = 0;
    let most = 0;
    table.doc.send = (async (command: { constructor: { name: string } }, ...rest: unknown[]) => {
      const tx =
        command.constructor.name === 'TransactWriteCommand' || command.constructor.name === 'TransactWriteItemsCommand';
      if (tx) most = Math.max(most, ++inFlight);
      try {
        return await (send as (...a: unknown[]) => Promise<unknown>)(command, ...rest);
      } finally {
        if (tx) inFlight--;
      }
    }) as typeof table.doc.send;
    try {
      // Act
      const r = await handler(
        sqsEvent(
          Array.from({ length: 250 }, (_, i) =>
            sqsRecord(usageMessage({ workspace_id: 'ws_big', idempotency_key: `b${i}`, value: '0.5' })),
          ),
        ),
      );
      // Assess
      expect(r.batchItemFailures).toEqual([]);
      expect(m.byCommand.TransactWriteItems).toBe(3);
      expect(most).toBe(1);
    } finally {
      table.doc.send = send;
      m.restore();
    }
    expect((await counter('p1', 'ws_big', 'ai_credits'))?.total).toBe('126');
  });

  it('counts a late event from before a renewal in the real previous billing period, and reports it there', async () => {
    // Prepare: a monthly period anchored on the 15th that contains today; the one before it is a
    // calendar month earlier (28 to 31 days), not a copy of the current period's length.
    const today = new Date();
    const back = today.getUTCDate() >= 15 ? 0 : 1;
    const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 15));
    const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back + 1, 15));
    const previous = {
      start: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back - 1, 15)).toISOString(),
      end: start.toISOString(),
    };
    await seedWorkspace(table, 'p1', 'ws_renewed', {
      customerId: 'cus_renewed',
      plan: 'pro',
      period: { start: start.toISOString(), end: end.toISOString() },
    });
    const { handler, ports } = handlerFor();
    const late = new Date(start.getTime() - 3 * 86_400_000).toISOString();
    // Act
    const r = await handler(
      sqsEvent([
        sqsRecord(usageMessage({ workspace_id: 'ws_renewed', idempotency_key: 'late1', value: '2', timestamp: late })),
        sqsRecord(usageMessage({ workspace_id: 'ws_renewed', idempotency_key: 'late2', value: '5', timestamp: late })),
        sqsRecord(usageMessage({ workspace_id: 'ws_renewed', idempotency_key: 'now1', value: '1' })),
      ]),
    );
    const report = await usageReport(ports, 'p1', 'ws_renewed', 'previous');
    // Assess
    expect(r.batchItemFailures).toEqual([]);
    const c = await usageStore(table).readWorkspace('p1', 'ws_renewed', {
      cutOff: counterCutOff(new Date(Date.now() - 40 * 86_400_000)),
      consistent: true,
    });
    const windows = c.counters
      .filter((x) => x.meter === 'ai_credits')
      .map((x) => [x.window.start, x.window.end, x.total])
      .sort();
    expect(windows).toEqual(
      [
        [previous.start, previous.end, '7'],
        [start.toISOString(), end.toISOString(), '1'],
      ].sort(),
    );
    expect(report.period).toMatchObject({ kind: 'billing_period', start: previous.start, end: previous.end });
    expect(report.meters.find((m) => m.meter === 'ai_credits')?.used).toBe('7');
  });
});
