import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { build } from 'esbuild';
import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import { computeEntitlements } from '#shared/domain/entitlements/snapshot';
import { buildDelta } from '#shared/domain/metering/counters';
import { billingWindow, counterCutOff } from '#shared/domain/metering/windows';
import { apiGatewayEvent, lambdaContext } from '../dev/gateway';
import { ROOT } from '../dev/local-stack';
import { DEMO } from '../dev/seed';
import { esbuildOptions } from '../lib/constructs/billing-function';
import { subscriptionSnapshot } from '../test/support/snapshots';
import { meteredClient } from '../test/support/usage-fixtures';
import { type Benchmark, type InterleavedCase, type InterleavedResult, measureInterleaved } from './harness';

/** DynamoDB on-demand list prices, us-east-1, as of 2025 (USD per million request units). */
export const PRICES = { readPerMillion: 0.125, writePerMillion: 0.625, region: 'us-east-1', as_of: '2025' } as const;

const WORKSPACE = 'ws_bench_ent';
/** The entitlement check's budget: handler in-process p50 over a raw Query of the same collection. */
export const BUDGET_RATIO = 1.3;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

export interface BundleFigure {
  entry: string;
  bytes: number;
  stripe_sdk_modules: number;
  /** Case-insensitive occurrences of "stripe" in the output (attribute names, config keys). */
  stripe_mentions: number;
  cold_import_ms: number;
}

async function bundle(entry: string, outfile: string) {
  // Node 20 here: the output must load in this process's Node for the cold-import figure.
  const r = await build({
    ...esbuildOptions(join(ROOT, entry), `node${process.versions.node.split('.')[0]}`),
    outfile,
  });
  return r.metafile!;
}

/** Bundle size, Stripe SDK presence and cold module-load time (a fresh node process importing the bundle). */
export async function bundleFigures(entries: string[]): Promise<BundleFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bundles-'));
  // Bare imports of the external @aws-sdk/* resolve from the project's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  try {
    const out: BundleFigure[] = [];
    for (const entry of entries) {
      const file = join(dir, `${entry.replace(/[/.]/g, '_')}.mjs`);
      const meta = await bundle(entry, file);
      const text = readFileSync(file, 'utf8');
      const stripeModules = Object.keys(meta.inputs).filter((p) => /node_modules\/stripe\//.test(p)).length;
      const loader = join(dir, 'load.mjs');
      writeFileSync(
        loader,
        `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`,
      );
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = spawnSync(process.execPath, [loader], {
          env: { ...process.env, LOG_LEVEL: 'SILENT', TABLE_NAME: 'bench', AWS_REGION: 'us-east-1' },
          encoding: 'utf8',
        });
        if (r.status !== 0) throw new Error(`loading ${entry} failed: ${r.stderr}`);
        times.push(Number(r.stdout));
      }
      times.sort((a, b) => a - b);
      out.push({
        entry,
        bytes: Buffer.byteLength(text),
        stripe_sdk_modules: stripeModules,
        stripe_mentions: (text.match(/stripe/gi) ?? []).length,
        cold_import_ms: round(times[2], 1),
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function apiEvent(
  apiKey: string,
  routePath: string,
  rawPath: string,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  return apiGatewayEvent({
    method: 'GET',
    routePath,
    rawPath,
    headers: { authorization: `Bearer ${apiKey}`, host: 'bench' },
    pathParameters,
  });
}

type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface CaseResult extends InterleavedResult {
  label: string;
  requests_per_call: number;
  rcu_per_call: number;
  usd_per_million: number;
}

/**
 * A typical subscribed workspace: profile, subscription, entitlement snapshot, one grant, and a
 * current counter for each of the three meters.
 */
async function seedTypicalWorkspace() {
  const table = tableFromConfig();
  const now = new Date();
  await workspaceRepository(table).upsert(
    DEMO.projectId,
    WORKSPACE,
    { name: 'Bench Ent', email: 'ent@bench.example', country: 'IN', currency: 'inr' },
    now.toISOString(),
  );
  await workspaceRepository(table).setStripeCustomer(DEMO.projectId, WORKSPACE, 'cus_bench_ent');
  const start = new Date(now.getTime() - 5 * 86_400_000);
  const sub = subscriptionSnapshot({
    subscription_id: 'sub_bench_ent',
    customer_id: 'cus_bench_ent',
    price_id: 'price_bench',
    currency: 'inr',
    seats: 3,
    current_period_start: start.toISOString(),
    current_period_end: new Date(start.getTime() + 30 * 86_400_000).toISOString(),
    version: now.getTime(),
  });
  await subscriptionRepository(table).putSubscriptionIfNewer(DEMO.projectId, WORKSPACE, sub);
  const grant = {
    grant_id: 'grt_bench',
    workspace_id: WORKSPACE,
    feature: 'sso',
    meter: null,
    quantity: null,
    expires_at: null,
    reason: 'bench',
    created_at: now.toISOString(),
  };
  await grantRepository(table)
    .putGrant(DEMO.projectId, grant)
    .catch(() => undefined);
  const snapshot = computeEntitlements({
    workspaceId: WORKSPACE,
    subscription: sub,
    plans: catalogPlans(),
    grants: [grant],
    now,
    graceDays: 7,
  });
  await entitlementSnapshotRepository(table).putEntitlements(DEMO.projectId, WORKSPACE, snapshot);
  const store = usageStore(table);
  for (const meter of ['ai_credits', 'whatsapp_messages', 'email_sends']) {
    for (let d = 0; d < 3; d++) {
      const at = new Date(now.getTime() - d * 86_400_000);
      const evs = [
        { meter, idempotencyKey: `seed-${meter}-${d}-${now.getTime()}`, value: '12.5', timestamp: at.toISOString() },
      ];
      await store.commitGroup({
        projectId: DEMO.projectId,
        workspaceId: WORKSPACE,
        delta: buildDelta(meter, billingWindow(at, snapshot.billing_period), evs, now),
        events: evs,
        countedAt: now.toISOString(),
      });
    }
  }
}

export const entitlements: Benchmark = {
  name: 'entitlements',
  description:
    'entitlement check: handler in-process and through the local HTTP stack vs raw GetItem/Query; bundle size and cold load',
  async run(ctx) {
    const stack = await ctx.stack();
    await seedTypicalWorkspace();
    const table = tableFromConfig();
    const service = meteredClient(table.doc as never);
    const get = (await import('../functions/http/entitlements/get')).handler as Handler;
    const exceeded = (await import('../functions/http/entitlements/exceeded')).handler as Handler;
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const raw: DynamoDBClient = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const floor = meteredClient(raw as never);
    const ok = (s: number | undefined, what: string) => {
      if (s !== 200) throw new Error(`${what} answered ${s}`);
    };
    const fullPath = `/api/v1/entitlements/${WORKSPACE}`;
    const exceededPath = `/api/v1/entitlements/${WORKSPACE}/usage/ai_credits/exceeded`;
    const auth = { authorization: `Bearer ${stack.demoApiKey}` };
    const collectionQuery = () =>
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk AND SK >= :from',
        ExpressionAttributeValues: {
          ':pk': { S: keys.workspacePk(DEMO.projectId, WORKSPACE) },
          ':from': { S: keys.usageCounterFrom(counterCutOff(new Date())) },
        },
      });
    const work = (m: typeof service) => () => ({ requests: m.requests, rcu: m.billedRead });
    // The event and context are the runtime's to build: prepared outside the timed call.
    const invocation =
      (routePath: string, rawPath: string, pathParameters: Record<string, string>, fn: string) => () => ({
        event: apiEvent(stack.demoApiKey, routePath, rawPath, pathParameters),
        context: lambdaContext(fn),
      });
    const cases: (InterleavedCase<any> & { label: string })[] = [
      {
        id: 'http_full',
        label: 'GET /entitlements/{id} through the local HTTP stack',
        work: work(service),
        call: async () => {
          const r = await fetch(`${stack.baseUrl}${fullPath}`, { headers: auth });
          await r.arrayBuffer();
          ok(r.status, 'the gateway');
        },
      },
      {
        id: 'in_process_full',
        label: 'GET /entitlements/{id} handler in-process',
        work: work(service),
        prepare: invocation(
          '/api/v1/entitlements/{workspace_id}',
          fullPath,
          { workspace_id: WORKSPACE },
          'getEntitlements',
        ),
        call: async ({ event, context }: { event: APIGatewayProxyEventV2; context: Context }) =>
          ok((await get(event, context)).statusCode, 'the handler'),
      },
      {
        id: 'in_process_exceeded',
        label: 'GET …/usage/{meter}/exceeded handler in-process',
        work: work(service),
        prepare: invocation(
          '/api/v1/entitlements/{workspace_id}/usage/{meter}/exceeded',
          exceededPath,
          { workspace_id: WORKSPACE, meter: 'ai_credits' },
          'checkUsageExceeded',
        ),
        call: async ({ event, context }: { event: APIGatewayProxyEventV2; context: Context }) =>
          ok((await exceeded(event, context)).statusCode, 'the handler'),
      },
      {
        id: 'raw_query',
        label: 'raw Query of the same item collection (a default SDK client)',
        work: work(floor),
        prepare: collectionQuery,
        call: async (q: QueryCommand) => {
          await raw.send(q);
        },
      },
      {
        id: 'raw_query_table_client',
        label: "raw Query of the same item collection (the service's table client)",
        work: work(service),
        prepare: collectionQuery,
        call: async (q: QueryCommand) => {
          await (table.doc as unknown as DynamoDBClient).send(q);
        },
      },
      {
        id: 'raw_get_item',
        label: 'raw GetItem of the snapshot item (floor)',
        work: work(floor),
        prepare: () => {
          const k = keys.entitlements(DEMO.projectId, WORKSPACE);
          return new GetItemCommand({ TableName: stack.tableName, Key: { PK: { S: k.PK }, SK: { S: k.SK } } });
        },
        call: async (g: GetItemCommand) => {
          const r = await raw.send(g);
          if (!r.Item) throw new Error('no snapshot item');
        },
      },
    ];

    ctx.log(`  ${cases.length} paths interleaved: ${ctx.warmup} warm-up + ${ctx.iterations} measured rounds`);
    const measured = await measureInterleaved(cases, { iterations: ctx.iterations, warmup: ctx.warmup });
    const results: Record<string, CaseResult> = {};
    for (const c of cases) {
      const m = measured[c.id];
      const rcu = m.work.rcu ?? 0;
      results[c.id] = {
        label: c.label,
        ...m,
        requests_per_call: round(m.work.requests ?? 0),
        rcu_per_call: round(rcu),
        usd_per_million: round(rcu * PRICES.readPerMillion, 4),
      };
    }
    service.restore();
    floor.restore();
    raw.destroy();

    const ratio = (a: string, b: string) => round(results[a].p50_ms / results[b].p50_ms, 2);
    const ratios = {
      in_process_full_to_raw_query: ratio('in_process_full', 'raw_query'),
      in_process_exceeded_to_raw_query: ratio('in_process_exceeded', 'raw_query'),
      in_process_full_to_table_client_query: ratio('in_process_full', 'raw_query_table_client'),
      http_full_to_raw_query: ratio('http_full', 'raw_query'),
    };
    const bundles = await bundleFigures([
      'functions/http/entitlements/get.ts',
      'functions/http/entitlements/exceeded.ts',
      'functions/http/entitlements/feature.ts',
    ]);
    return {
      results: {
        iterations: ctx.iterations,
        warmup: ctx.warmup,
        workspace_id: WORKSPACE,
        prices_usd: PRICES,
        budget: { in_process_p50_to_raw_query: BUDGET_RATIO },
        ratios,
        cases: results,
        bundles,
      },
      tables: [
        {
          title: `Entitlement check — ${ctx.iterations} interleaved rounds after ${ctx.warmup} warm-up, one DynamoDB Local (workspace: pro subscription, grant, 3 meters)`,
          columns: ['path', 'p50 ms', 'p99 ms', 'p50 ÷ raw Query', 'DDB req/check', 'RCU/check', '$ per 1M checks'],
          rows: Object.values(results).map((r) => [
            r.label,
            r.p50_ms.toFixed(2),
            r.p99_ms.toFixed(2),
            `${(r.p50_ms / results.raw_query.p50_ms).toFixed(2)}x`,
            r.requests_per_call.toFixed(2),
            r.rcu_per_call.toFixed(2),
            `$${r.usd_per_million.toFixed(4)}`,
          ]),
          notes: [
            `Budget: the handler in-process at most ${BUDGET_RATIO}x a raw Query of the same collection (p50): GET ${ratios.in_process_full_to_raw_query}x, exceeded ${ratios.in_process_exceeded_to_raw_query}x; over a raw Query through the service's own client (no SDK log filtering): ${ratios.in_process_full_to_table_client_query}x.`,
            'Every round calls each path once, in rotating order, so a change of machine load during the run touches all paths alike; the in-process events are built outside the timed call, as the Lambda runtime builds them.',
            `Prices: DynamoDB on-demand, us-east-1, 2025 list: $${PRICES.readPerMillion} per million read request units (eventually consistent 4 KB read = 0.5 unit). Lambda and API Gateway not included.`,
            'The API key is validated once per container and cached, so a warm check is the one Query of the workspace collection.',
          ],
        },
        {
          title:
            'Entitlement function bundles (esbuild, minified ESM, node target, @aws-sdk/* external); target < 250 KB and no Stripe SDK',
          columns: ['entry', 'bytes', 'KB', 'Stripe SDK modules', '"stripe" in text', 'cold import ms'],
          rows: bundles.map((b) => [
            b.entry,
            b.bytes,
            (b.bytes / 1024).toFixed(1),
            b.stripe_sdk_modules,
            b.stripe_mentions,
            b.cold_import_ms.toFixed(1),
          ]),
          notes: [
            "zod is imported as a namespace (`import * as z from 'zod'`) everywhere: the named import binds the whole namespace object, so esbuild would keep every locale and the JSON-schema code (~350 KB more per bundle).",
          ],
        },
      ],
    };
  },
};
