import Big from 'big.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { usageCounterRepository } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { buildDelta } from '#shared/domain/metering/counters';
import { builtInMeters } from '#shared/domain/metering/meters';
import type { UsageReadPorts } from '#shared/domain/usage/ports';
import { usageSeries } from '#shared/domain/usage/series';
import { countRequests } from '../../bench/harness';
import { freshTable } from '../support/local';
import { seedWorkspace } from '../support/usage-fixtures';

const DAY_MS = 86_400_000;
const METERS = ['ai_credits', 'whatsapp_messages', 'email_sends'];
const NOW = new Date('2026-11-30T12:00:00Z');

/**
 * 400 days × 3 meters of usage, counted into monthly billing windows (one counter item per
 * window and meter, with a sub-total per day), then read back as the daily report page by page.
 */
describe('the daily usage report over 400 days × 3 meters', () => {
  let table: TableContext;
  const expected = new Map<string, string>();
  beforeAll(async () => {
    table = await freshTable('usagepages');
    await seedWorkspace(table, 'p1', 'ws_days', { now: NOW, snapshot: false });
    const store = usageStore(table);
    const first = Date.UTC(2025, 9, 27);
    for (let m = 0; m < 14; m++) {
      const window = {
        start: new Date(Date.UTC(2025, 9 + m, 1)).toISOString(),
        end: new Date(Date.UTC(2025, 10 + m, 1)).toISOString(),
      };
      for (const [i, meter] of METERS.entries()) {
        const events: { value: string; timestamp: string }[] = [];
        for (let d = Date.parse(window.start); d < Date.parse(window.end); d += DAY_MS) {
          if (d < first || d >= first + 400 * DAY_MS) continue;
          const value = new Big(d / DAY_MS).mod(97).plus(i).plus('0.25').toFixed();
          events.push({ value, timestamp: new Date(d + 3_600_000).toISOString() });
          expected.set(`${meter}|${new Date(d).toISOString()}`, value);
        }
        if (!events.length) continue;
        const r = await store.commitGroup({
          projectId: 'p1',
          workspaceId: 'ws_days',
          delta: buildDelta(meter, window, events),
          events: [],
          countedAt: NOW.toISOString(),
        });
        expect(r.ok).toBe(true);
      }
    }
  });

  it('lists every day of every meter exactly, paging with one DynamoDB request per page', async () => {
    // Prepare
    const counter = countRequests(table.doc);
    const ports: UsageReadPorts = {
      store: { ...workspaceCollectionRepository(table), ...usageCounterRepository(table) },
      plans: async () => [],
      catalogMeters: builtInMeters,
      clock: () => NOW,
      graceDays: 7,
    };
    const from = new Date(Date.UTC(2025, 9, 27)).toISOString();
    const to = new Date(Date.UTC(2025, 9, 27) + 400 * DAY_MS).toISOString();
    // Act
    const pages: { requests: number; rcu: number; items: number }[] = [];
    const seen = new Map<string, string>();
    let offset = 0;
    for (;;) {
      counter.reset();
      const page = await usageSeries(ports, 'p1', 'ws_days', { granularity: 'day', from, to, offset, limit: 100 });
      pages.push({ requests: counter.requests, rcu: counter.capacityUnits, items: page.data.length });
      for (const d of page.data) seen.set(`${d.meter}|${d.period_start}`, d.total);
      if (!page.next_position) break;
      offset = Number(page.next_position);
    }
    counter.restore();
    // Assess
    expect(seen.size).toBe(1200);
    expect(seen).toEqual(expected);
    expect(pages).toHaveLength(12);
    expect(Math.max(...pages.map((p) => p.requests))).toBe(1);
    const rcu = pages.map((p) => p.rcu);
    process.stdout.write(
      `daily report, 400 days × 3 meters: ${pages.length} pages of ≤ 100 items, ${Math.max(...pages.map((p) => p.requests))} DynamoDB request per page, ${Math.min(...rcu)}–${Math.max(...rcu)} RCU per page\n`,
    );
  });
});
