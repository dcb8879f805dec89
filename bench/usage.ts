import { type DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { type TableContext, tableFromConfig } from '#shared/adapters/dynamodb/client';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { memoryBus } from '#shared/adapters/events/bus';
import { noMeterSink } from '#shared/adapters/stripe/meter-events';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import { builtInMeters } from '#shared/domain/metering/meters';
import { billingWindow } from '#shared/domain/metering/windows';
import { snapshotPredictions } from '#shared/domain/usage/ingest/plan';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { DEMO } from '../dev/seed';
import { itemSize, meteredClient, sqsRecord } from '../test/support/usage-fixtures';
import { type BundleFigure, bundleFigures, PRICES } from './entitlements';
import type { Benchmark, BenchTable } from './harness';

async function seedWorkspaces(table: TableContext, ids: string[]) {
  const now = new Date().toISOString();
  for (let i = 0; i < ids.length; i += 25) {
    await table.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.tableName]: ids.slice(i, i + 25).map((id) => ({
            PutRequest: {
              Item: {
                ...keys.workspace(DEMO.projectId, id),
                ...keys.workspaceIndex(DEMO.projectId, id),
                entity: 'workspace',
                project_id: DEMO.projectId,
                workspace_id: id,
                name: id,
                email: `${id}@bench.example`,
                country: 'IN',
                currency: 'inr',
                created_at: now,
                updated_at: now,
              },
            },
          })),
        },
      }),
    );
  }
}

/**
 * The naive pipeline every team writes first: per message, a conditional Put of an idempotency
 * record, then an UpdateItem ADD on the counter. Two requests per event and not crash-safe
 * (a crash between the two loses the count for good), measured here for its cost and speed.
 */
async function naiveBatch(
  client: DynamoDBClient,
  tableName: string,
  events: { ws: string; key: string; value: string; at: string }[],
) {
  for (const e of events) {
    const pk = keys.workspacePk(DEMO.projectId, e.ws);
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { PK: { S: pk }, SK: { S: `NAIVE#D#${e.key}` }, entity: { S: 'naive_dedupe' }, value: { N: e.value } },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) continue;
      throw err;
    }
    const w = billingWindow(new Date(e.at), null);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { PK: { S: pk }, SK: { S: `NAIVE#U#${w.end}#ai_credits` } },
        UpdateExpression: 'ADD #t :v',
        ExpressionAttributeNames: { '#t': 'total' },
        ExpressionAttributeValues: { ':v': { N: e.value } },
      }),
    );
  }
}

interface Row {
  pipeline: 'tollgate' | 'naive';
  workload: 'spread' | 'hot';
  batch: number;
  events: number;
  events_per_s: number;
  requests_per_event: number;
  wcu_per_event: number;
  rcu_per_event: number;
  local_reported_wcu_per_event: number;
  k: number;
  wcu_bound: number | null;
  duplicate_wcu: number;
  duplicate_requests: number;
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

export const usage: Benchmark = {
  name: 'usage',
  description:
    'usage-events consumer vs a naive per-event pipeline: events/s, DynamoDB requests and units per event, cost',
  async run(ctx) {
    const stack = await ctx.stack();
    const table = tableFromConfig();
    const client = table.doc as unknown as DynamoDBClient;
    const n = Math.max(500, Math.min(4000, ctx.iterations * 10));
    const spreadIds = Array.from({ length: 1000 }, (_, i) => `bench_u_${i}`);
    await seedWorkspaces(table, [...spreadIds, 'bench_u_hot']);

    const bus = memoryBus();
    const store = usageStore(table);
    const consumer = usageEventsConsumer(
      {
        store,
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
    try {
      for (const workload of ['spread', 'hot'] as const) {
        for (const batch of [10, 100]) {
          for (const pipeline of ['tollgate', 'naive'] as const) {
            run++;
            const sentAt = new Date();
            const events = Array.from({ length: n }, (_, i) => ({
              ws: workload === 'hot' ? 'bench_u_hot' : spreadIds[(i * 7919) % spreadIds.length],
              key: `r${run}-e${i}`,
              value: ['1', '0.25', '2.5', '0.1'][i % 4],
              at: sentAt.toISOString(),
            }));
            const bodies = events.map((e) => ({
              project_id: DEMO.projectId,
              event_type: 'ai_credits',
              workspace_id: e.ws,
              value: e.value,
              idempotency_key: e.key,
              timestamp: e.at,
            }));
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
                if (r.batchItemFailures.length)
                  throw new Error(`consumer failed ${r.batchItemFailures.length} message(s)`);
              } else await naiveBatch(client, stack.tableName, events.slice(i, i + batch));
            }
            const seconds = (performance.now() - t0) / 1000;
            const unique = { requests: m.requests, read: m.billedRead, write: m.billedWrite, localWrite: m.write };
            // The same first batch again: every event a duplicate.
            m.reset();
            const dupCount = Math.min(batch, n);
            if (pipeline === 'tollgate')
              await consumer({ Records: bodies.slice(0, dupCount).map((b) => sqsRecord(b, { sentAt })) });
            else await naiveBatch(client, stack.tableName, events.slice(0, dupCount));
            const k = workload === 'hot' ? batch : 1;
            rows.push({
              pipeline,
              workload,
              batch,
              events: n,
              events_per_s: round(n / seconds, 1),
              requests_per_event: round(unique.requests / n),
              wcu_per_event: round(unique.write / n),
              rcu_per_event: round(unique.read / n),
              local_reported_wcu_per_event: round(unique.localWrite / n),
              k: round(k, 2),
              wcu_bound: pipeline === 'tollgate' ? round(2 + 2 / k) : null,
              duplicate_wcu: round(m.billedWrite / dupCount),
              duplicate_requests: round(m.requests / dupCount),
            });
            ctx.log(`  ${pipeline} ${workload} batch ${batch}: ${rows.at(-1)!.events_per_s} events/s`);
          }
        }
      }
    } finally {
      m.restore();
    }

    // The billed figures count every counter update as one unit: check the items really are < 1 KB.
    const hot = await client.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :u)',
        ExpressionAttributeValues: { ':pk': { S: keys.workspacePk(DEMO.projectId, 'bench_u_hot') }, ':u': { S: 'U#' } },
      }),
    );
    const largestCounter = Math.max(0, ...(hot.Items ?? []).map((i) => itemSize(i)));
    if (largestCounter > 1024) throw new Error(`a counter item is ${largestCounter} bytes: update the unit estimate`);

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
          'batch',
          'events/s',
          'DDB req/event',
          'WCU/event',
          '2+2/k bound',
          'RCU/event',
          'dup WCU',
          'dup req',
          '$ per 1M events',
          'Local-reported WCU',
        ],
        rows: rows.map((r) => [
          r.pipeline,
          r.workload,
          r.batch,
          r.events_per_s,
          r.requests_per_event.toFixed(3),
          r.wcu_per_event.toFixed(3),
          r.wcu_bound === null ? '-' : r.wcu_bound.toFixed(3),
          r.rcu_per_event.toFixed(3),
          r.duplicate_wcu.toFixed(2),
          r.duplicate_requests.toFixed(2),
          `$${cost(r).toFixed(2)}`,
          r.local_reported_wcu_per_event.toFixed(3),
        ]),
        notes: [
          `Prices: DynamoDB on-demand, us-east-1, 2025 list: $${PRICES.writePerMillion} per million write request units, $${PRICES.readPerMillion} per million read request units. Lambda and SQS not included.`,
          'spread: events round-robin over 1000 workspaces (k = events per workspace and meter in a batch, ~1); hot: every event for one workspace and meter (k = batch size).',
          'A TransactWriteItems holds at most 100 actions: a group of 100 events takes two transactions (2 + 4/100 units per event).',
          `Units by DynamoDB's billing rules from the item sizes (2 per KB of each item in a transaction; largest counter item ${largestCounter} B); DynamoDB Local reports a transaction on its total size instead (last column).`,
          'Reads: one eventually consistent BatchGetItem per batch (profiles, snapshots, dedupe records, counters, threshold flags: 0.5 unit each, a missing key counted at the minimum).',
          `Hot rows include the window's two threshold flags (claim + confirm at 80% and 100%: 4 writes in the run, +${round(4 / n, 4)} per event).`,
          'The naive pipeline is not exactly-once under crashes: a crash between its Put and its Update loses the count. Its duplicate costs one failed conditional Put (billed as 1 WCU).',
          'Workspaces here have no subscription, so nothing is sent to Stripe (the meter push is HTTP, not DynamoDB).',
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
        largest_counter_item_bytes: largestCounter,
        rows: rows.map((r) => ({ ...r, usd_per_million_events: cost(r) })),
        bundles,
      },
    };
  },
};
