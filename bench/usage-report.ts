import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { buildDelta } from '#shared/domain/metering/counters';
import { METERS } from '#shared/domain/metering/meters';
import { billingWindow, counterSegment } from '#shared/domain/metering/windows';
import { apiGatewayEvent, lambdaContext } from '../dev/gateway';
import { DEMO } from '../dev/seed';
import { meteredClient } from '../test/support/usage-fixtures';
import { PRICES } from './entitlements';
import type { Benchmark, BenchTable } from './harness';
import { seedWorkspaces, seedYearlySubscription } from './usage-seed';

const DAY_MS = 86_400_000;
const DAYS = 400;
type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** 400 days × 3 meters of usage, a total every day, counted into the workspace's counter items as the consumer would. */
async function seedDays(
  workspaceId: string,
  billing: Awaited<ReturnType<typeof seedYearlySubscription>> | null,
  now: Date,
) {
  const store = usageStore(tableFromConfig());
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (DAYS - 1) * DAY_MS;
  const groups = new Map<
    string,
    { meter: string; window: { start: string; end: string }; events: { value: string; timestamp: string }[] }
  >();
  for (let d = first; d <= now.getTime(); d += DAY_MS) {
    const at = new Date(d + 3_600_000);
    const window = billingWindow(at, billing?.billing_period ?? null, billing?.billing_span);
    const segment = counterSegment(window, at);
    for (const [i, m] of METERS.entries()) {
      const key = `${m.key}|${window.start}|${segment?.start ?? ''}`;
      const g = groups.get(key) ?? groups.set(key, { meter: m.key, window, events: [] }).get(key)!;
      g.events.push({ value: `${(d / DAY_MS) % 9973}.${25 + i}`, timestamp: at.toISOString() });
    }
  }
  for (const g of groups.values()) {
    const r = await store.commitGroup({
      projectId: DEMO.projectId,
      workspaceId,
      delta: buildDelta(g.meter, g.window, g.events),
      events: [],
      countedAt: now.toISOString(),
    });
    if (!r.ok) throw new Error(`seeding ${workspaceId} failed: ${r.reason ?? 'conflict'}`);
  }
  return { first: new Date(first).toISOString(), items: groups.size };
}

interface Listing {
  workspace: string;
  layout: string;
  query: string;
  pages: number;
  items: number;
  requests_per_page_max: number;
  rcu_per_page_min: number;
  rcu_per_page_max: number;
  raw_query_rcu: number;
  raw_query_requests: number;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export const usageReport: Benchmark = {
  name: 'usage-report',
  description:
    'usage report (GET /usage/{ws}?granularity=…) over 400 days × 3 meters: DynamoDB requests and read units per page, beside a raw Query of the same items',
  async run(ctx) {
    const stack = await ctx.stack();
    const table = tableFromConfig();
    const now = new Date();
    await seedWorkspaces(table, ['bench_r_month', 'bench_r_year']);
    const yearly = await seedYearlySubscription(table, 'bench_r_year', now);
    const seeded = {
      bench_r_month: await seedDays('bench_r_month', null, now),
      bench_r_year: await seedDays('bench_r_year', yearly, now),
    };
    const handler = (await import('../functions/http/usage/report')).handler as Handler;
    const m = meteredClient(table.doc as never);
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const raw: DynamoDBClient = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const floor = meteredClient(raw as never);
    const call = async (ws: string, query: Record<string, string>) => {
      const r = await handler(
        apiGatewayEvent({
          method: 'GET',
          routePath: '/api/v1/usage/{workspace_id}',
          rawPath: `/api/v1/usage/${ws}`,
          pathParameters: { workspace_id: ws },
          query,
          headers: { authorization: `Bearer ${stack.demoApiKey}`, host: 'bench' },
        }),
        lambdaContext('usageReport'),
      );
      if (r.statusCode !== 200) throw new Error(`the report answered ${r.statusCode}: ${r.body}`);
      return JSON.parse(r.body ?? '{}') as { data?: unknown[]; next_cursor?: string | null };
    };
    // The floor: the one Query the report needs, sent raw on its own client (the collection from `from` on).
    const rawQuery = async (ws: string, from: string) => {
      floor.reset();
      let start: Record<string, unknown> | undefined;
      do {
        const r = await raw.send(
          new QueryCommand({
            TableName: stack.tableName,
            KeyConditionExpression: 'PK = :pk AND SK >= :from',
            ExpressionAttributeValues: {
              ':pk': { S: keys.workspacePk(DEMO.projectId, ws) },
              ':from': { S: keys.usageCounterFrom(from) },
            },
            ExclusiveStartKey: start as never,
          }),
        );
        start = r.LastEvaluatedKey;
      } while (start);
      return { requests: floor.requests, rcu: floor.billedRead };
    };

    await call('bench_r_month', {}); // warm: the key cache, the cursor secret, connections
    const listings: Listing[] = [];
    try {
      for (const [ws, layout] of [
        ['bench_r_month', 'default plan: one item per calendar month'],
        [
          'bench_r_year',
          'a yearly subscription for the last 330 days (one item per calendar month of its window), calendar months before it',
        ],
      ] as const) {
        const from = seeded[ws].first;
        for (const granularity of ['day', 'month', 'billing_period']) {
          const query: Record<string, string> = {
            granularity,
            from,
            to: new Date(now.getTime() + DAY_MS).toISOString(),
            limit: '100',
          };
          const pages: { requests: number; rcu: number }[] = [];
          let items = 0;
          let cursor: string | null | undefined;
          do {
            m.reset();
            const page = await call(ws, cursor ? { cursor, limit: '100' } : query);
            pages.push({ requests: m.requests, rcu: m.billedRead });
            items += page.data?.length ?? 0;
            cursor = page.next_cursor;
          } while (cursor);
          const floorRead = await rawQuery(ws, new Date(Date.parse(from) + 1).toISOString());
          listings.push({
            workspace: ws,
            layout,
            query: `granularity=${granularity}&limit=100`,
            pages: pages.length,
            items,
            requests_per_page_max: Math.max(...pages.map((p) => p.requests)),
            rcu_per_page_min: round(Math.min(...pages.map((p) => p.rcu))),
            rcu_per_page_max: round(Math.max(...pages.map((p) => p.rcu))),
            raw_query_rcu: round(floorRead.rcu),
            raw_query_requests: floorRead.requests,
          });
          ctx.log(`  ${ws} ${granularity}: ${pages.length} pages, ${items} items`);
        }
      }
    } finally {
      m.restore();
      floor.restore();
    }
    const tables: BenchTable[] = [
      {
        title: `Usage report through its handler (in-process), ${DAYS} days × ${METERS.length} meters of daily usage, pages of 100`,
        columns: [
          'workspace',
          'query',
          'pages',
          'items',
          'DDB req/page (max)',
          'RCU/page',
          'raw Query: req',
          'raw Query: RCU',
          '$ per 1M pages',
        ],
        rows: listings.map((l) => [
          l.workspace,
          l.query,
          l.pages,
          l.items,
          l.requests_per_page_max,
          l.rcu_per_page_min === l.rcu_per_page_max
            ? l.rcu_per_page_max.toFixed(2)
            : `${l.rcu_per_page_min.toFixed(2)}–${l.rcu_per_page_max.toFixed(2)}`,
          l.raw_query_requests,
          l.raw_query_rcu.toFixed(2),
          `$${round(l.rcu_per_page_max * PRICES.readPerMillion).toFixed(2)}`,
        ]),
        notes: [
          `bench_r_month: ${listings[0]?.layout} (${seeded.bench_r_month.items} counter items); bench_r_year: ${listings[3]?.layout} (${seeded.bench_r_year.items} counter items).`,
          'Each page is one eventually consistent Query of the workspace collection from `from` on (the counter items with their day and month totals, then the profile and snapshots); the cursor carries the query and the position.',
          'raw Query: the same key range read on its own client in the same run, the floor for what the page needs; read units as DynamoDB Local reports them (0.5 per 4 KB read, eventually consistent).',
          `Prices: $${PRICES.readPerMillion} per million read request units (us-east-1 on-demand); Lambda and API Gateway not included.`,
        ],
      },
    ];
    return { tables, results: { days: DAYS, meters: METERS.length, seeded, listings, prices_usd: PRICES } };
  },
};
