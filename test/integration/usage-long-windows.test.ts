import { type AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import Big from 'big.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { usageCounterRepository } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { builtInMeters } from '#shared/domain/metering/meters';
import { snapshotPredictions } from '#shared/domain/usage/ingest/plan';
import type { UsageReadPorts } from '#shared/domain/usage/ports';
import { usageReport } from '#shared/domain/usage/report';
import { usageSeries } from '#shared/domain/usage/series';
import type { PoisonRecord } from '#shared/sqs/consumer';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { freshTable } from '../support/local';
import { itemSize, seedWorkspace, sqsEvent, sqsRecord, usageMessage, usagePorts } from '../support/usage-fixtures';

const DAY_MS = 86_400_000;
const YEAR = { start: '2026-01-10T14:23:00.000Z', end: '2027-01-10T14:23:00.000Z' };
const NOW = new Date('2026-12-31T12:00:00Z');

/**
 * A yearly subscription's usage with a total for every day: the window is kept in one counter
 * item per calendar month it spans, so no item outgrows 1 KB (one write unit per update, the
 * ingest's 2 + 2/k bound) while the window's total, its days and its limit read them all.
 */
describe('a yearly billing window of daily usage', () => {
  let table: TableContext;
  let expected: Big;
  const days = new Map<string, string>();
  beforeAll(async () => {
    table = await freshTable('usageyear');
    await seedWorkspace(table, 'p1', 'ws_year', {
      customerId: 'cus_year',
      plan: 'pro',
      period: YEAR,
      now: new Date(YEAR.start),
    });
    const poison: PoisonRecord[] = [];
    expected = new Big(0);
    // A month at a time, on that month's clock (events may be dated 35 days back at most).
    for (let m = 0; m < 12; m++) {
      const monthEnd = Date.UTC(2026, m + 1, 1);
      const clock = () => new Date(Math.min(monthEnd, NOW.getTime()));
      const { ports } = usagePorts(table, { clock });
      const handler = usageEventsConsumer(ports, {
        consumer: { poison: { record: async (p) => void poison.push(p), list: async () => poison }, now: clock },
        predictions: snapshotPredictions(),
      });
      const messages = [];
      for (let d = Date.UTC(2026, m, 1) + 15 * 3_600_000; d < monthEnd && d < NOW.getTime(); d += DAY_MS) {
        if (d < Date.parse(YEAR.start)) continue;
        const value = new Big(d / DAY_MS).mod(997).plus('123456.789').toFixed();
        days.set(new Date(d).toISOString().slice(0, 10), value);
        expected = expected.plus(value);
        messages.push(
          usageMessage({
            workspace_id: 'ws_year',
            event_type: 'email_sends',
            idempotency_key: `d${d}`,
            value,
            timestamp: new Date(d).toISOString(),
          }),
        );
      }
      for (let i = 0; i < messages.length; i += 10) {
        const r = await handler(sqsEvent(messages.slice(i, i + 10).map((x) => sqsRecord(x))));
        expect(r.batchItemFailures).toEqual([]);
      }
    }
    expect(poison).toEqual([]);
  });

  it('keeps every counter item of the window under 1 KB, one per calendar month', async () => {
    // Act
    const r = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :u)',
        ExpressionAttributeValues: {
          ':pk': { S: keys.workspacePk('p1', 'ws_year') },
          ':u': { S: `U#${YEAR.end}#email_sends#` },
        },
      }),
    );
    const items = ((r.Items ?? []) as Record<string, AttributeValue>[]).filter((i) => i.entity?.S === 'usage_counter');
    // Assess
    expect(days.size).toBe(355);
    expect(items.map((i) => i.segment_start?.S)).toEqual(
      [YEAR.start, ...Array.from({ length: 11 }, (_, m) => new Date(Date.UTC(2026, m + 1, 1)).toISOString())].sort(),
    );
    expect(Math.max(...items.map((i) => itemSize(i as never)))).toBeLessThan(1024);
  });

  it('reads the window whole: the current period, its limit, the billing-period and daily series', async () => {
    // Prepare
    const ports: UsageReadPorts = {
      store: { ...workspaceCollectionRepository(table), ...usageCounterRepository(table) },
      plans: usagePorts(table).ports.plans,
      catalogMeters: builtInMeters,
      clock: () => NOW,
      graceDays: 7,
    };
    // Act
    const current = await usageReport(ports, 'p1', 'ws_year', 'current');
    const periods = await usageSeries(ports, 'p1', 'ws_year', {
      granularity: 'billing_period',
      meter: 'email_sends',
      offset: 0,
      limit: 100,
    });
    const daily = await usageSeries(ports, 'p1', 'ws_year', {
      granularity: 'day',
      meter: 'email_sends',
      from: '2026-01-10',
      to: YEAR.end,
      offset: 0,
      limit: 100,
    });
    const rest = [];
    for (let offset = 100; offset < 400; offset += 100)
      rest.push(
        ...(
          await usageSeries(ports, 'p1', 'ws_year', {
            granularity: 'day',
            meter: 'email_sends',
            from: '2026-01-10',
            to: YEAR.end,
            offset,
            limit: 100,
          })
        ).data,
      );
    // Assess
    const total = expected.toFixed();
    const emails = current.meters.find((m) => m.meter === 'email_sends')!;
    expect(current.period).toMatchObject(YEAR);
    expect(emails).toMatchObject({ used: total, limit: { window: 'billing_period', used: total, exceeded: true } });
    expect(periods.data).toEqual([
      { meter: 'email_sends', period_start: YEAR.start, period_end: YEAR.end, granularity: 'billing_period', total },
    ]);
    const listed = new Map([...daily.data, ...rest].map((d) => [d.period_start.slice(0, 10), d.total]));
    expect(listed).toEqual(days);
  });
});
