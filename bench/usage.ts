import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { toAvItem } from '#shared/adapters/dynamodb/attribute-values';
import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { usageCounterItem } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { memoryBus } from '#shared/adapters/events/bus';
import { noMeterSink } from '#shared/adapters/stripe/meter-events';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import { builtInMeters } from '#shared/domain/metering/meters';
import { snapshotPredictions } from '#shared/domain/usage/ingest/plan';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { DEMO } from '../dev/seed';
import { itemSize, meteredClient, sqsRecord } from '../test/support/usage-fixtures';
import { type BundleFigure, bundleFigures, PRICES } from './entitlements';
import type { Benchmark, BenchTable } from './harness';
import { fillDays, largestCounter, naiveBatch, seedWorkspaces, seedYearlySubscription } from './usage-seed';

type Workload = 'spread' | 'hot' | 'hot_yearly';
type Days = 'today' | 'full';

interface Row {
  pipeline: 'tollgate' | 'naive';
  workload: Workload;
  /** today: the counter item holds only today's day total (as a fresh window); full: every day of its window or month. */
  day_totals: Days | '-';
  batch: number;
  events: number;
  events_per_s: number;
  requests_per_event: number;
  wcu_per_event: number;
  rcu_per_event: number;
  local_reported_wcu_per_event: number;
  largest_counter_item_bytes: number | null;
  k: number;
  wcu_bound: number | null;
  within_bound: boolean | null;
  duplicate_wcu: number;
  duplicate_requests: number;
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** A yearly window's item if it held all 366 day totals (one item per window, as before segments). */
function wholeYearItemBytes(): number {
  const days: Record<string, string> = {};
  const months: Record<string, string> = {};
  for (let d = 0; d < 366; d++) {
    const k = new Date(Date.UTC(2026, 0, 10) + d * 86_400_000).toISOString().slice(0, 10);
    days[k] = '0.001000123';
    months[k.slice(0, 7)] = '1234.567891';
  }
  const window = { start: '2026-01-10T14:23:00.000Z', end: '2027-01-10T14:23:00.000Z' };
  const item = {
    projectId: DEMO.projectId,
    workspaceId: 'bench_u_year',
    meter: 'ai_credits',
    window,
    total: '12345.678',
    months,
    days,
  };
  return itemSize(toAvItem(usageCounterItem.toItem(item)) as never);
}

export const usage: Benchmark = {
  name: 'usage',
  description:
    'usage-events consumer vs a naive per-event pipeline: events/s, DynamoDB requests and units per event with a full window of day totals in the counter items, cost',
  async run(ctx) {
    const stack = await ctx.stack();
    const table = tableFromConfig();
    const client = table.doc as unknown as DynamoDBClient;
    const n = Math.max(500, Math.min(4000, ctx.iterations * 10));
    const now = new Date();
    const spreadIds = Array.from({ length: 1000 }, (_, i) => `bench_u_${i}`);
    await seedWorkspaces(table, [...spreadIds, 'bench_u_hot', 'bench_u_year']);
    const yearly = await seedYearlySubscription(table, 'bench_u_year', now);
    const idsOf = (w: Workload) => (w === 'spread' ? spreadIds : [w === 'hot' ? 'bench_u_hot' : 'bench_u_year']);
    const billingOf = (w: Workload): EntitlementSnapshot | null => (w === 'hot_yearly' ? yearly : null);

    const bus = memoryBus();
    const consumer = usageEventsConsumer(
      {
        store: usageStore(table),
        meters: noMeterSink,
        bus,
        clock: () => new Date(),
        plans: async () => catalogPlans(),
        graceDays: 7,
        catalogMeters: builtInMeters,
      },
      { consumer: { poison: poisonRepository(table), now: () => new Date() }, predictions: snapshotPredictions() },
    );
    const m = meteredClient(table.doc as never);
    const rows: Row[] = [];
    let run = 0;
    const bodiesFor = (workload: Workload, at: string) =>
      Array.from({ length: n }, (_, i) => ({
        ws: workload === 'spread' ? spreadIds[(i * 7919) % spreadIds.length] : idsOf(workload)[0],
        key: `r${run}-e${i}`,
        value: ['1', '0.25', '2.5', '0.1'][i % 4],
        at,
      }));
    const message = (e: ReturnType<typeof bodiesFor>[number]) => ({
      project_id: DEMO.projectId,
      event_type: 'ai_credits',
      workspace_id: e.ws,
      value: e.value,
      idempotency_key: e.key,
      timestamp: e.at,
    });

    const measureRow = async (
      pipeline: Row['pipeline'],
      workload: Workload,
      days: Row['day_totals'],
      batch: number,
    ) => {
      run++;
      const sentAt = new Date();
      const events = bodiesFor(workload, sentAt.toISOString());
      const bodies = events.map(message);
      // Warm the container (module state, connections, each workspace's window) outside the clock.
      if (pipeline === 'tollgate')
        await consumer({
          Records: bodies
            .slice(0, Math.min(batch, 10))
            .map((b) => sqsRecord({ ...b, idempotency_key: `warm-${run}-${b.idempotency_key}` }, { sentAt })),
        } as SQSEvent);
      m.reset();
      const t0 = performance.now();
      for (let i = 0; i < n; i += batch) {
        if (pipeline === 'tollgate') {
          const r = await consumer({ Records: bodies.slice(i, i + batch).map((b) => sqsRecord(b, { sentAt })) });
          if (r.batchItemFailures.length) throw new Error(`consumer failed ${r.batchItemFailures.length} message(s)`);
        } else await naiveBatch(client, stack.tableName, events.slice(i, i + batch));
      }
      const seconds = (performance.now() - t0) / 1000;
      const measured = { requests: m.requests, read: m.billedRead, write: m.billedWrite, localWrite: m.write };
      const txUpdates = m.txUpdates;
      // Each transactional update is billed 2 units per KB of the item (the larger of before and after): the counter
      // items only grow during the row, so their size after it prices every update of it (read after the figures).
      const largest =
        pipeline === 'tollgate'
          ? await largestCounter(client, stack.tableName, idsOf(workload), billingOf(workload), now)
          : null;
      const perUpdate = largest === null ? 1 : Math.max(1, Math.ceil(largest / 1024));
      const unique = { ...measured, write: measured.write + txUpdates * 2 * (perUpdate - 1) };
      // The same first batch again: every event a duplicate.
      m.reset();
      const dupCount = Math.min(batch, n);
      if (pipeline === 'tollgate')
        await consumer({ Records: bodies.slice(0, dupCount).map((b) => sqsRecord(b, { sentAt })) });
      else await naiveBatch(client, stack.tableName, events.slice(0, dupCount));
      const k = workload === 'spread' ? 1 : batch;
      const bound = pipeline === 'tollgate' ? round(2 + 2 / k) : null;
      // A group of 100 events takes two transactions (at most 100 actions each); the hot rows carry a window's threshold writes.
      const allowed = bound === null ? null : bound + (k === 100 ? 0.02 : 0) + 4 / n + 0.001;
      rows.push({
        pipeline,
        workload,
        day_totals: days,
        batch,
        events: n,
        events_per_s: round(n / seconds, 1),
        requests_per_event: round(unique.requests / n),
        wcu_per_event: round(unique.write / n),
        rcu_per_event: round(unique.read / n),
        local_reported_wcu_per_event: round(unique.localWrite / n),
        largest_counter_item_bytes: largest,
        k: round(k, 2),
        wcu_bound: bound,
        within_bound: allowed === null ? null : unique.write / n <= allowed,
        duplicate_wcu: round(m.billedWrite / dupCount),
        duplicate_requests: round(m.requests / dupCount),
      });
      ctx.log(
        `  ${pipeline} ${workload} ${days} batch ${batch}: ${rows.at(-1)!.events_per_s} events/s, ${rows.at(-1)!.wcu_per_event} WCU/event`,
      );
    };

    try {
      for (const workload of ['spread', 'hot', 'hot_yearly'] as const) {
        // Today's figure first (the counter items hold today's day totals only), the naive baseline beside it, then
        // the same with the counter items holding every day of their window or month: the largest they get.
        for (const batch of [10, 100]) await measureRow('tollgate', workload, 'today', batch);
        if (workload !== 'hot_yearly') for (const batch of [10, 100]) await measureRow('naive', workload, '-', batch);
        await fillDays(table, idsOf(workload), billingOf(workload), now);
        // Over their limits' thresholds now or not, the workspaces' flags settle before the measured rows.
        await consumer({
          Records: idsOf(workload).map((ws, i) =>
            sqsRecord(message({ ws, key: `settle-${workload}-${i}`, value: '0.1', at: new Date().toISOString() })),
          ),
        } as SQSEvent);
        for (const batch of [10, 100]) await measureRow('tollgate', workload, 'full', batch);
      }
    } finally {
      m.restore();
    }

    const hot = await client.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :u)',
        ExpressionAttributeValues: {
          ':pk': { S: keys.workspacePk(DEMO.projectId, 'bench_u_year') },
          ':u': { S: 'U#' },
        },
      }),
    );
    const yearlyItems = (hot.Items ?? []).filter((i) => i.entity?.S === 'usage_counter');
    const wholeYear = wholeYearItemBytes();
    const bundles: BundleFigure[] = await bundleFigures([
      'functions/consumers/usage-events.ts',
      'functions/http/usage/record.ts',
      'functions/http/usage/report.ts',
    ]);
    const cost = (r: Row) =>
      round(r.wcu_per_event * PRICES.writePerMillion + r.rcu_per_event * PRICES.readPerMillion, 4);
    const tables: BenchTable[] = [
      {
        title: `Usage events through the consumer (in-process, one invocation at a time) vs the naive per-event pipeline — ${n} unique events per row, one DynamoDB Local`,
        columns: [
          'pipeline',
          'workload',
          'day totals',
          'batch',
          'events/s',
          'DDB req/event',
          'WCU/event',
          '2+2/k bound',
          'within',
          'largest item B',
          'RCU/event',
          'dup WCU',
          '$ per 1M events',
        ],
        rows: rows.map((r) => [
          r.pipeline,
          r.workload,
          r.day_totals,
          r.batch,
          r.events_per_s,
          r.requests_per_event.toFixed(3),
          r.wcu_per_event.toFixed(3),
          r.wcu_bound === null ? '-' : r.wcu_bound.toFixed(3),
          r.within_bound === null ? '-' : r.within_bound ? 'yes' : 'NO',
          r.largest_counter_item_bytes ?? '-',
          r.rcu_per_event.toFixed(3),
          r.duplicate_wcu.toFixed(2),
          `$${cost(r).toFixed(2)}`,
        ]),
        notes: [
          `Prices: DynamoDB on-demand, us-east-1, 2025 list: $${PRICES.writePerMillion} per million write request units, $${PRICES.readPerMillion} per million read request units. Lambda and SQS not included.`,
          'spread: events round-robin over 1000 workspaces on the default plan (k = events per workspace and meter in a batch, ~1); hot: every event for one workspace (k = batch size); hot_yearly: one workspace on a yearly subscription 330 days in.',
          "day totals today: the counter item holds today's day total only (the figure before day totals were kept); full: the item holds a total for every day of its window (a calendar month, or the current month's segment of a yearly window), the largest it gets on the last day, with 7 significant digits each.",
          `Write units by DynamoDB's billing rules: 2 per KB of each item in a transaction, an update priced at the larger item size (the largest counter item after the row, in the table). A yearly window kept whole would make its item ${wholeYear} B with a year of day totals, ${2 * Math.ceil(wholeYear / 1024)} units per update; its ${yearlyItems.length} per-month items are at most ${Math.max(0, ...yearlyItems.map((i) => itemSize(i as never)))} B.`,
          'A TransactWriteItems holds at most 100 actions: a group of 100 events takes two transactions (2 + 4/100 units per event); "within" allows that and a window\'s threshold writes (a claim and a confirm at 80% and 100%).',
          'Reads: one eventually consistent BatchGetItem per batch (profiles, snapshots, dedupe records, counters, threshold flags: 0.5 unit each, a missing key counted at the minimum); a yearly billing-period limit reads every segment of its window.',
          'The naive pipeline is not exactly-once under crashes: a crash between its Put and its Update loses the count. Its duplicate costs one failed conditional Put (billed as 1 WCU).',
          'No workspace here has a Stripe customer, so nothing is sent to Stripe (the meter push is HTTP, not DynamoDB).',
        ],
      },
      {
        title: 'Usage function bundles (esbuild, minified ESM, node target, @aws-sdk/* external)',
        columns: ['entry', 'bytes', 'KB', 'Stripe SDK modules', 'cold import ms (median of 5)'],
        rows: bundles.map((b) => [
          b.entry,
          b.bytes,
          (b.bytes / 1024).toFixed(1),
          b.stripe_sdk_modules,
          b.cold_import_ms.toFixed(1),
        ]),
      },
    ];
    return {
      tables,
      results: {
        events_per_row: n,
        prices_usd: PRICES,
        whole_year_item_bytes: wholeYear,
        rows: rows.map((r) => ({ ...r, usd_per_million_events: cost(r) })),
        bundles,
      },
    };
  },
};
