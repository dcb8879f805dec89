import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { reloadConfig } from '#shared/config';
import { routes } from '#shared/http/manifest';
import { queues } from '#shared/sqs/queues';
import { scheduledEvent, startDriftTimer } from './drift-timer';
import { ensureTable, superviseDynamoLocal } from './dynamodb-local';
import { createGateway, handlerLoader, lambdaContext } from './gateway';
import { startProviders } from './providers';
import { seedDemo, seedDemoSettings, tenancyStore } from './seed';
import { startSqsLocal } from './sqs-local';
import { startPoller } from './sqs-poller';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const LOCAL_TABLE = 'tollgate-local';
const RECONCILE_JOB = 'functions/jobs/reconcile.ts';
const AGGREGATE_JOB = 'functions/jobs/usage-aggregate.ts';

export interface LocalStackOptions {
  ports: { http: number; dynamodb: number; sqs: number; stripe: number; razorpay: number };
  /** DynamoDB Local keeps its data here (else in memory). */
  persistDir?: string;
  /** The Stripe and Razorpay emulators keep their state here (else in memory). */
  stateDir?: string;
  demoApiKey?: string;
  /** Extra environment for the handlers (secrets, grace period, log level). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Things that went wrong while running (a dependency died and is being restarted); default: `log`. */
  warn?: (line: string) => void;
}

export interface LocalStack {
  baseUrl: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  queueUrls: Record<string, string>;
  dlqUrls: Record<string, string>;
  tableName: string;
  demoApiKey: string;
  stripeApiBase?: string;
  razorpayApiBase?: string;
  stop(): Promise<void>;
}

/**
 * Starts everything `npm start` runs, in this process: DynamoDB Local, the SQS server with every
 * queue and DLQ, the gateway over the route manifest, and one poller per queue. Used by the CLI
 * entry, the end-to-end tests and the benchmarks alike.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => undefined);
  const warn = opts.warn ?? log;
  const stops: (() => Promise<void>)[] = [];
  const saves: (() => Promise<void>)[] = [];
  const stop = async () => {
    // The emulators' state is written before anything stops: Ctrl-C signals the whole process
    // group, so work still in flight may fail noisily while the pieces go down one by one.
    await Promise.all(saves.map((s) => s().catch(() => undefined)));
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  // A failed start names the piece that failed and how long it was given.
  const piece = async <T>(name: string, start: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await start();
    } catch (e) {
      throw new Error(
        `${name} failed after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${(e as Error).message}`,
      );
    }
  };
  try {
    let demoApiKey = opts.demoApiKey;
    const ddb = await superviseDynamoLocal({
      port: opts.ports.dynamodb,
      persistDir: opts.persistDir,
      warn,
      // After a crash: the table again (a no-op with --persist), and in memory the demo key too.
      afterRestart: async (db) => {
        await ensureTable(db.client, LOCAL_TABLE);
        if (!opts.persistDir) {
          const restarted = createTableContext({ tableName: LOCAL_TABLE, endpoint: db.endpoint });
          await seedDemo(tenancyStore(restarted), { apiKey: demoApiKey, now: new Date() });
          await seedDemoSettings(restarted, new Date());
        }
      },
    });
    stops.push(() => ddb.stop());
    await piece(`Creating table ${LOCAL_TABLE} in DynamoDB Local`, () =>
      ensureTable(ddb.current().client, LOCAL_TABLE),
    );
    log(
      `DynamoDB Local   ${ddb.endpoint}  (table ${LOCAL_TABLE}${opts.persistDir ? `, data in ${opts.persistDir}` : ', in memory'}; restarted if it dies)`,
    );

    const sqs = await piece(`SQS server on port ${opts.ports.sqs}`, () => startSqsLocal({ port: opts.ports.sqs }));
    stops.push(() => sqs.stop());
    log(`SQS              ${sqs.endpoint}  (${queues.map((q) => `${q.name} + ${q.dlqName}`).join(', ')})`);

    const providers = await piece(
      `Stripe and Razorpay emulators (ports ${opts.ports.stripe}, ${opts.ports.razorpay})`,
      () => startProviders({ ports: opts.ports, env: { ...process.env, ...opts.env }, log, stateDir: opts.stateDir }),
    );
    stops.push(...providers.stops);
    saves.push(...providers.saves);

    Object.assign(process.env, {
      STAGE: 'local',
      TABLE_NAME: LOCAL_TABLE,
      DYNAMODB_ENDPOINT: ddb.endpoint,
      SQS_ENDPOINT: sqs.endpoint,
      ...Object.fromEntries(queues.map((q) => [q.urlEnv, sqs.urls[q.id]])),
      ...Object.fromEntries(queues.map((q) => [q.dlqUrlEnv, sqs.dlqUrls[q.id]])),
      POWERTOOLS_METRICS_DISABLED: 'true',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      ...providers.env,
      ...opts.env,
    });
    reloadConfig();

    const table = createTableContext({ tableName: LOCAL_TABLE, endpoint: ddb.endpoint });
    const { apiKey } = await piece('Seeding the demo project', () =>
      seedDemo(tenancyStore(table), { apiKey: opts.demoApiKey, now: new Date() }),
    );
    demoApiKey = apiKey;
    await seedDemoSettings(table, new Date());

    const sqsClient = createSqsClient({ endpoint: sqs.endpoint });
    const load = handlerLoader(ROOT);
    for (const q of queues) {
      if (!existsSync(join(ROOT, q.handler))) continue;
      const poller = startPoller({
        sqs: sqsClient,
        queue: q,
        queueUrl: sqs.urls[q.id],
        handler: () => load(q.handler) as never,
        onError: (e) => log(`[${q.name}] consumer error: ${(e as Error).message}`),
      });
      stops.push(() => poller.stop());
    }

    // The hourly EventBridge rule of the stack, as a local timer (default every 15 minutes).
    const driftEveryMs = Number(process.env.RECONCILE_EVERY_MINUTES ?? 15) * 60_000;
    const drift = startDriftTimer({
      everyMs: driftEveryMs,
      onError: (e) => log(`[reconcile] ${(e as Error).message}`),
      run: async () => {
        const out = (await (
          await load(RECONCILE_JOB)
        )(scheduledEvent() as never, lambdaContext('reconcile', 300_000))) as {
          run?: { run_id: string; status: string; drifts: { found: number; fixed: number }; attention: unknown[] };
        };
        const r = out?.run;
        if (r)
          log(
            `[reconcile] drift run ${r.run_id}: ${r.status}, ${r.drifts.found} drift(s) found, ${r.drifts.fixed} fixed, ${r.attention.length} need attention (GET /api/v1/admin/reconciliation/runs/${r.run_id})`,
          );
      },
    });
    stops.push(() => drift.stop());

    // The stack's daily `usage.aggregated` schedule: yesterday's totals, hourly here (a run that
    // finds them reported already publishes nothing).
    const aggregate = startDriftTimer({
      everyMs: Number(process.env.AGGREGATE_EVERY_MINUTES ?? 60) * 60_000,
      onError: (e) => log(`[usage-aggregate] ${(e as Error).message}`),
      run: async () =>
        (await load(AGGREGATE_JOB))(scheduledEvent() as never, lambdaContext('usage-aggregate', 300_000)),
    });
    stops.push(() => aggregate.stop());

    const gateway: Server = createGateway({
      routes,
      root: ROOT,
      onError: (e) => log(`gateway error: ${(e as Error).stack}`),
    });
    await piece(
      `HTTP gateway on port ${opts.ports.http}`,
      () =>
        new Promise<void>((resolve, reject) => {
          gateway.once('error', reject);
          gateway.listen(opts.ports.http, '127.0.0.1', () => resolve());
        }),
    );
    stops.push(
      () =>
        new Promise<void>((r) => {
          gateway.closeAllConnections();
          gateway.close(() => r());
        }),
    );
    const httpPort = (gateway.address() as { port: number }).port;

    return {
      baseUrl: `http://127.0.0.1:${httpPort}`,
      dynamodbEndpoint: ddb.endpoint,
      sqsEndpoint: sqs.endpoint,
      queueUrls: sqs.urls,
      dlqUrls: sqs.dlqUrls,
      tableName: LOCAL_TABLE,
      demoApiKey: apiKey,
      stripeApiBase: providers.stripeApiBase,
      razorpayApiBase: providers.razorpayApiBase,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
