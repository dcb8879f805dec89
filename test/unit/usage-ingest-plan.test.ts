import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METERS } from '#shared/domain/metering/meters';
import { type CountGroup, groupByWindow, packTransactions } from '#shared/domain/usage/ingest/groups';
import { type BatchTally, collapseBatch, type IngestMessage, type Unique } from '#shared/domain/usage/ingest/plan';
import { MAX_EVENTS_PER_TRANSACTION, MAX_TRANSACTION_ACTIONS } from '#shared/domain/usage/ports';

const NOW = new Date('2026-03-15T12:00:00Z');
const tally = (): BatchTally => ({
  failed: new Set(),
  poison: [],
  stats: { events: 0, counted: 0, duplicates: 0, transactions: 0, thresholds: 0 },
});

const unique = (ws: string, meter: string, key: string, timestamp = NOW.toISOString()): Unique => ({
  id: `${ws}|${meter}|${key}`,
  wsKey: ws,
  event: { projectId: 'p1', workspaceId: ws, meter, value: '1', idempotencyKey: key, timestamp },
  messageIds: [`m-${ws}-${key}`],
});

const group = (ws: string, size: number, meter = 'ai_credits'): CountGroup => ({
  key: `${ws}|${meter}`,
  wsKey: ws,
  meter,
  window: { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
  items: Array.from({ length: size }, (_, i) => unique(ws, meter, `k${i}`)),
});

const actions = (tx: { items: unknown[] }[]) => tx.reduce((n, u) => n + u.items.length + 1, 0);

describe('collapseBatch', () => {
  const message = (id: string, body: Partial<IngestMessage['body']> = {}): IngestMessage => ({
    messageId: id,
    body: {
      project_id: 'p1',
      event_type: 'ai_credit',
      workspace_id: 'ws_1',
      value: '1',
      idempotency_key: 'k1',
      timestamp: NOW.toISOString(),
      ...body,
    },
    receivedAt: NOW,
  });

  it('keeps one event per (workspace, meter, idempotency key) with every message that carried it, and refuses what can never count', () => {
    // Prepare
    const t = tally();
    // Act
    const uniques = collapseBatch(
      [
        message('a'),
        message('b'),
        message('c', { idempotency_key: 'k2' }),
        message('d', { event_type: 'nope' }),
        message('e', { timestamp: '2020-01-01T00:00:00Z' }),
      ],
      NOW,
      t,
      () => METERS,
    );
    // Assess
    expect([...uniques.values()].map((u) => [u.event.meter, u.event.idempotencyKey, u.messageIds])).toEqual([
      ['ai_credits', 'k1', ['a', 'b']],
      ['ai_credits', 'k2', ['c']],
    ]);
    expect(t.stats.duplicates).toBe(1);
    expect(t.poison.map((p) => [p.messageId, p.reason.split(':')[0]])).toEqual([
      ['d', 'event_type'],
      ['e', 'timestamp'],
    ]);
  });
});

describe('groupByWindow', () => {
  it('groups by workspace, meter and billing window: a renewal splits one meter of one workspace in two', () => {
    // Prepare: a subscription period that renewed on March 10
    const period = { start: '2026-03-10T00:00:00.000Z', end: '2026-04-10T00:00:00.000Z' };
    const fresh = [
      unique('ws_1', 'ai_credits', 'a', '2026-03-11T00:00:00.000Z'),
      unique('ws_1', 'ai_credits', 'b', '2026-03-09T23:59:59.000Z'),
      unique('ws_1', 'ai_credits', 'c', '2026-03-12T00:00:00.000Z'),
      unique('ws_1', 'email_sends', 'd', '2026-03-12T00:00:00.000Z'),
      unique('ws_2', 'ai_credits', 'e', '2026-03-12T00:00:00.000Z'),
    ];
    // Act
    const groups = groupByWindow(fresh, (ws) => (ws === 'ws_1' ? period : null));
    // Assess
    expect(groups.map((g) => [g.wsKey, g.meter, g.window.start, g.items.map((u) => u.event.idempotencyKey)])).toEqual([
      ['ws_1', 'ai_credits', '2026-03-10T00:00:00.000Z', ['a', 'c']],
      ['ws_1', 'ai_credits', '2026-02-10T00:00:00.000Z', ['b']],
      ['ws_1', 'email_sends', '2026-03-10T00:00:00.000Z', ['d']],
      ['ws_2', 'ai_credits', '2026-03-01T00:00:00.000Z', ['e']],
    ]);
  });
});

describe('packTransactions', () => {
  it('lets small groups of different workspaces share a transaction up to 100 actions', () => {
    // Act: 30 groups of 4 events take 5 actions each
    const waves = packTransactions(Array.from({ length: 30 }, (_, i) => group(`ws_${i}`, 4)));
    // Assess
    expect(waves).toHaveLength(1);
    expect(waves[0].map(actions)).toEqual([100, 50]);
  });

  it('splits an oversized group into chunks of 99 events, one per wave, so they never conflict on their counter', () => {
    // Act
    const waves = packTransactions([group('ws_hot', 250), group('ws_a', 3)]);
    // Assess
    expect(waves.map((w) => w.map((tx) => tx.map((u) => [u.wsKey, u.chunk, u.items.length])))).toEqual([
      [[['ws_hot', 0, 99]], [['ws_a', 0, 3]]],
      [[['ws_hot', 1, 99]]],
      [[['ws_hot', 2, 52]]],
    ]);
  });

  it('packs every event exactly once, within the transaction limits, for any mix of group sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 260 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        // Prepare
        const groups = sizes.map((n, i) => group(`ws_${i}`, n));
        // Act
        const waves = packTransactions(groups);
        // Assess
        const packed = waves.flat(2).flatMap((u) => u.items.map((x) => x.id));
        expect(packed.sort()).toEqual(groups.flatMap((g) => g.items.map((x) => x.id)).sort());
        for (const wave of waves) {
          for (const tx of wave) {
            expect(actions(tx)).toBeLessThanOrEqual(MAX_TRANSACTION_ACTIONS);
            for (const u of tx) expect(u.items.length).toBeLessThanOrEqual(MAX_EVENTS_PER_TRANSACTION);
          }
          // A counter item is written at most once per wave: its chunks never run together.
          const keys = wave.flat().map((u) => u.key);
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
      { seed: 20260315, numRuns: 200 },
    );
  });
});
