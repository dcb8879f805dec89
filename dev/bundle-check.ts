import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, SQSEvent, SQSRecord } from 'aws-lambda';
import { type BuildOptions, build } from 'esbuild';
import Stripe from 'stripe';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { routes } from '#shared/http/manifest';
import { queues } from '#shared/sqs/queues';
import { esbuildOptions } from '../lib/constructs/billing-function';
import { PROJECT_ROOT, RECONCILE_JOB } from '../lib/tollgate-stack';
import { scheduledEvent } from './drift-timer';
import { type DynamoLocal, ensureTable, startDynamoLocal } from './dynamodb-local';
import { freePort } from './free-port';
import { apiGatewayEvent } from './gateway';
import { type RazorpayEmulator, startRazorpayEmulator } from './razorpay-emulator/index';
import { type StripeEmulator, startStripeEmulator } from './stripe-emulator/index';

/**
 * Runs the deployed artifacts: each Lambda entry bundled with the stack's esbuild options, loaded
 * by a fresh Node process the way the Lambda Node runtime loads `index.mjs`, and invoked with an
 * event shaped as AWS sends it. Only `@aws-sdk/*` resolves outside the bundle, as in Lambda,
 * where the runtime provides it. A missing module, an ESM/CJS mix-up or a top-level crash fails
 * the load; the answer must be the mapped one for that input.
 */

/** What one invocation left behind, as the runner process reports it. */
export interface Invocation {
  ok: boolean;
  result?: any;
  error?: { name: string; message: string };
}

export interface RunOutput {
  invocations: Invocation[];
  /** Load failures (missing module, syntax, top-level throw) end here. */
  loadError?: { name: string; message: string };
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface CaseEnv {
  /** Extra variables the function gets (resources, secrets), on top of the stack's own. */
  env: Record<string, string>;
  stripeWebhookSecret: string;
  razorpayWebhookSecret: string;
  /** Poison records a consumer stored, read back from the table the bundle wrote to. */
  poisonIds(queue: string): Promise<string[]>;
}

export interface BundleCase {
  kind: string;
  entry: string;
  /** The event of invocation `i` (0: the cold start). */
  event(i: number, c: CaseEnv): unknown;
  /** Problems with one invocation's answer; empty when it is the mapped one. */
  check(answer: Invocation, i: number, c: CaseEnv): Promise<string[]> | string[];
}

const UNAUTHENTICATED_GET: APIGatewayProxyEventV2 = apiGatewayEvent({
  method: 'GET',
  routePath: '/api/v1/entitlements/{workspace_id}',
  rawPath: '/api/v1/entitlements/ws_bundle',
  pathParameters: { workspace_id: 'ws_bundle' },
  headers: {
    host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'user-agent': 'bundle-check',
    accept: 'application/json',
  },
});

/** A Function URL event: payload 2.0 with the `$default` route key and the URL's domain. */
function functionUrlEvent(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  const e = apiGatewayEvent({
    method: 'POST',
    routePath: '$default',
    rawPath: '/',
    headers: {
      host: 'abcdefghij.lambda-url.us-east-1.on.aws',
      'content-type': 'application/json',
      'user-agent': 'Stripe/1.0',
      ...headers,
    },
    body,
  });
  return {
    ...e,
    routeKey: '$default',
    requestContext: {
      ...e.requestContext,
      routeKey: '$default',
      apiId: 'abcdefghij',
      domainPrefix: 'abcdefghij',
      stage: '$default',
    },
  };
}

function sqsEvent(queue: string, messageId: string, body: string): SQSEvent {
  const now = String(Date.now());
  const record: SQSRecord = {
    messageId,
    receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:tollgate-dev-${queue}`,
    awsRegion: 'us-east-1',
  };
  return { Records: [record] };
}

const statusOf = (a: Invocation) => a.result?.statusCode as number | undefined;
const errorCodeOf = (a: Invocation): string | undefined => {
  try {
    return JSON.parse(a.result?.body ?? '{}').error?.code;
  } catch {
    return undefined;
  }
};
const failedToRun = (a: Invocation) => (a.ok ? [] : [`handler threw ${a.error?.name}: ${a.error?.message}`]);

function httpCheck(status: number, code: string) {
  return (a: Invocation): string[] => {
    const problems = failedToRun(a);
    if (problems.length) return problems;
    if (statusOf(a) !== status || errorCodeOf(a) !== code)
      problems.push(`expected ${status} ${code}, got ${statusOf(a)} ${a.result?.body}`);
    if (!a.result?.headers?.['x-request-id']) problems.push('no x-request-id header');
    return problems;
  };
}

const stripeBody = JSON.stringify({
  id: 'evt_bundle',
  object: 'event',
  type: 'customer.created',
  created: 1_700_000_000,
  data: { object: { id: 'cus_bundle' } },
});
const consumerEntries = new Map(queues.map((q) => [q.handler, q.name]));
const entryOf = (id: string) => {
  const r = routes.find((x) => x.id === id);
  if (!r) throw new Error(`route ${id} is not in the manifest`);
  return r.handler;
};

/** One function of each kind the stack deploys. */
export const BUNDLE_CASES: BundleCase[] = [
  {
    kind: 'HTTP route (API Gateway HTTP API)',
    entry: entryOf('getEntitlements'),
    event: () => UNAUTHENTICATED_GET,
    check: httpCheck(401, 'missing_api_key'),
  },
  {
    kind: 'webhook receiver (Stripe, Function URL)',
    entry: entryOf('stripeWebhook'),
    // Signed with another secret: the Stripe SDK inside the bundle verifies and refuses it.
    event: () =>
      functionUrlEvent(stripeBody, {
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: stripeBody,
          secret: 'whsec_not_the_one',
        }),
      }),
    check: httpCheck(400, 'invalid_signature'),
  },
  {
    kind: 'webhook receiver (Razorpay, Function URL)',
    entry: entryOf('razorpayWebhook'),
    event: () =>
      functionUrlEvent('{"event":"payment.captured"}', {
        'x-razorpay-signature': 'f'.repeat(64),
        'x-razorpay-event-id': 'evt_bundle',
      }),
    check: httpCheck(400, 'invalid_signature'),
  },
  ...queues.map(
    (q): BundleCase => ({
      kind: `consumer (${q.name}, SQS)`,
      entry: q.handler,
      // A body that can never parse: recorded as poison in the table and acknowledged.
      event: (i) => sqsEvent(q.name, `bundle-${q.id}-${i}`, 'not json'),
      check: async (a, i, c) => {
        const problems = failedToRun(a);
        if (problems.length) return problems;
        if (JSON.stringify(a.result) !== JSON.stringify({ batchItemFailures: [] }))
          problems.push(`expected an empty partial batch failure, got ${JSON.stringify(a.result)}`);
        const stored = await c.poisonIds(consumerEntries.get(q.handler)!);
        if (!stored.includes(`bundle-${q.id}-${i}`))
          problems.push(`poison record bundle-${q.id}-${i} not in the table (found ${stored.join(', ') || 'none'})`);
        return problems;
      },
    }),
  ),
  {
    kind: 'reconcile job (EventBridge schedule)',
    entry: RECONCILE_JOB.entry,
    event: () => scheduledEvent(),
    check: (a) => {
      const problems = failedToRun(a);
      if (problems.length) return problems;
      const run = a.result?.run;
      if (a.result?.ok !== true || run?.status !== 'completed' || run?.trigger !== 'schedule')
        problems.push(`expected a completed scheduled drift run, got ${JSON.stringify(a.result).slice(0, 300)}`);
      return problems;
    },
  },
];

/**
 * The runner the fresh process executes: plain ESM with no dependencies, so it runs on any
 * Node. It imports the bundle as Lambda's runtime does, then invokes the handler once per event
 * with a Lambda-shaped context and writes what happened to a file.
 */
const RUNNER = `
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
const [bundle, eventsFile, outFile, functionName, timeoutMs] = process.argv.slice(2);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const out = { invocations: [] };
const err = (e) => ({ name: e?.name ?? 'Error', message: String(e?.message ?? e) });
try {
  const mod = await import(pathToFileURL(bundle).href);
  if (typeof mod.handler !== 'function') throw new TypeError('the bundle exports no handler function');
  for (const event of events) {
    const deadline = Date.now() + Number(timeoutMs);
    const context = {
      callbackWaitsForEmptyEventLoop: true, functionName, functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:' + functionName,
      memoryLimitInMB: '512', awsRequestId: randomUUID(), logGroupName: '/aws/lambda/' + functionName,
      logStreamName: '2026/01/01/[$LATEST]bundle', getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    try {
      out.invocations.push({ ok: true, result: await mod.handler(event, context) });
    } catch (e) {
      out.invocations.push({ ok: false, error: err(e) });
    }
  }
} catch (e) {
  out.loadError = err(e);
}
writeFileSync(outFile, JSON.stringify(out));
process.exit(0);
`;

/** A directory laid out like the Lambda task root: one subfolder per bundle, the AWS SDK beside. */
export function bundleRoot(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bundles-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(PROJECT_ROOT, 'node_modules', '@aws-sdk'), join(dir, 'node_modules', '@aws-sdk'), 'dir');
  writeFileSync(join(dir, 'runner.mjs'), RUNNER);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bundles an entry as the stack does, to `<dir>/<name>/index.mjs` (NodejsFunction's ESM file name). */
export async function buildBundle(
  entry: string,
  target: string,
  dir: string,
  adjust: (o: BuildOptions) => BuildOptions = (o) => o,
): Promise<{ file: string; bytes: number }> {
  const out = join(dir, entry.replace(/[^A-Za-z0-9]+/g, '-'));
  mkdirSync(out, { recursive: true });
  const file = join(out, 'index.mjs');
  await build({ ...adjust(esbuildOptions(join(PROJECT_ROOT, entry), target)), outfile: file, write: true });
  return { file, bytes: readFileSync(file).byteLength };
}

/** Loads a bundle in a new Node process and invokes its handler with each event. */
export function runBundle(opts: {
  node: string;
  root: string;
  file: string;
  events: unknown[];
  env: Record<string, string>;
  functionName: string;
  timeoutMs?: number;
}): Promise<RunOutput> {
  const id = randomUUID().slice(0, 8);
  const eventsFile = join(opts.root, `events-${id}.json`);
  const outFile = join(opts.root, `out-${id}.json`);
  writeFileSync(eventsFile, JSON.stringify(opts.events));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(
      opts.node,
      [join(opts.root, 'runner.mjs'), opts.file, eventsFile, outFile, opts.functionName, String(timeoutMs)],
      {
        cwd: opts.root,
        // Only what Lambda would set, not this process's environment.
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    // Generous: a loaded machine is slow, and a hung handler is a failure, not a wait.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs * (opts.events.length + 1));
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      let out: Pick<RunOutput, 'invocations' | 'loadError'> = {
        invocations: [],
        loadError: {
          name: 'NoResult',
          message: `runner exited ${exitCode} without a result: ${stderr.trim().slice(-800)}`,
        },
      };
      try {
        out = JSON.parse(readFileSync(outFile, 'utf8'));
      } catch {
        // keep the NoResult above
      }
      resolve({ ...out, stdout, stderr, exitCode });
    });
  });
}

/** EMF records in a process's stdout: application metrics and Powertools' ColdStart. */
export function metricRecords(stdout: string): { application: number; coldStart: number } {
  let application = 0;
  let coldStart = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"_aws"')) continue;
    const names = (JSON.parse(line)._aws.CloudWatchMetrics as { Metrics: { Name: string }[] }[]).flatMap((m) =>
      m.Metrics.map((x) => x.Name),
    );
    if (names.includes('ColdStart')) coldStart++;
    else application++;
  }
  return { application, coldStart };
}

/** The Node binary of a major version: this one, or one fetched from the npm registry by npx. */
export function nodeBinary(major: string): string {
  if (major === 'current' || major === process.versions.node.split('.')[0]) return process.execPath;
  return execFileSync('npx', ['-y', '-p', `node@${major}`, 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export interface CaseReport {
  kind: string;
  entry: string;
  node: string;
  bytes: number;
  invocations: number;
  metrics: { application: number; coldStart: number };
  problems: string[];
}

/** The backing services the cases need: DynamoDB Local with the table, and both emulators. */
export interface Backing {
  caseEnv: CaseEnv;
  stop(): Promise<void>;
}

export async function startBacking(opts: { dynamodbEndpoint?: string } = {}): Promise<Backing> {
  let ddb: DynamoLocal | undefined;
  let stripe: StripeEmulator | undefined;
  let razorpay: RazorpayEmulator | undefined;
  try {
    const endpoint = opts.dynamodbEndpoint ?? (ddb = await startDynamoLocal({ port: await freePort() })).endpoint;
    const tableName = `bundles-${randomUUID().slice(0, 8)}`;
    const table = createTableContext({ tableName, endpoint });
    await ensureTable(table.doc as never, tableName);
    stripe = await startStripeEmulator({ port: 0 });
    razorpay = await startRazorpayEmulator({
      port: 0,
      keyId: 'rzp_test_Bundles00001',
      keySecret: 'bundles_key_secret',
    });
    const stripeWebhookSecret = 'whsec_bundles';
    const razorpayWebhookSecret = 'bundles_webhook_secret';
    const poison = poisonRepository(table);
    const caseEnv: CaseEnv = {
      env: {
        TABLE_NAME: tableName,
        DYNAMODB_ENDPOINT: endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        STRIPE_API_BASE: stripe.url,
        STRIPE_SECRET_KEY: 'sk_test_bundles',
        STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
        RAZORPAY_API_BASE: razorpay.url,
        RAZORPAY_KEY_ID: 'rzp_test_Bundles00001',
        RAZORPAY_KEY_SECRET: 'bundles_key_secret',
        RAZORPAY_WEBHOOK_SECRET: razorpayWebhookSecret,
      },
      stripeWebhookSecret,
      razorpayWebhookSecret,
      poisonIds: async (queue) => (await poison.list(queue, 100)).map((p) => p.messageId),
    };
    return {
      caseEnv,
      async stop() {
        table.doc.destroy();
        await razorpay?.close();
        await stripe?.close();
        await ddb?.stop();
      },
    };
  } catch (e) {
    await razorpay?.close();
    await stripe?.close();
    await ddb?.stop();
    throw e;
  }
}

/**
 * Builds and runs every case on one Node binary. Each bundle is invoked twice, as a cold and a
 * warm start, so the report also shows one metrics record per invocation from the real bundle.
 */
export async function verifyBundles(opts: {
  node: string;
  target: string;
  backing: Backing;
  cases?: BundleCase[];
  log?: (line: string) => void;
  /** Changes the build options (the tests use it to break a bundle on purpose). */
  adjustBuild?: (o: BuildOptions) => BuildOptions;
}): Promise<CaseReport[]> {
  const root = bundleRoot();
  const reports: CaseReport[] = [];
  try {
    for (const c of opts.cases ?? BUNDLE_CASES) {
      const functionName = `tollgate-bundle-${c.entry
        .replace(/^functions\//, '')
        .replace(/\.ts$/, '')
        .replace(/[^A-Za-z0-9]+/g, '-')}`;
      const { file, bytes } = await buildBundle(c.entry, opts.target, root.dir, opts.adjustBuild);
      const events = [c.event(0, opts.backing.caseEnv), c.event(1, opts.backing.caseEnv)];
      const out = await runBundle({
        node: opts.node,
        root: root.dir,
        file,
        events,
        functionName,
        env: {
          // What BillingFunction sets on every function, then what the Lambda runtime sets.
          STAGE: 'bundles',
          LOG_LEVEL: 'INFO',
          POWERTOOLS_SERVICE_NAME: 'tollgate',
          POWERTOOLS_METRICS_NAMESPACE: 'Tollgate',
          NODE_OPTIONS: '--enable-source-maps',
          AWS_REGION: 'us-east-1',
          AWS_LAMBDA_FUNCTION_NAME: functionName,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          ...opts.backing.caseEnv.env,
        },
      });
      const problems: string[] = [];
      if (out.loadError) problems.push(`load failed: ${out.loadError.name}: ${out.loadError.message}`);
      else if (out.invocations.length !== events.length)
        problems.push(`${out.invocations.length} of ${events.length} invocations ran`);
      for (const [i, a] of out.invocations.entries())
        for (const p of await c.check(a, i, opts.backing.caseEnv)) problems.push(`invocation ${i + 1}: ${p}`);
      const metrics = metricRecords(out.stdout);
      if (!out.loadError && (metrics.application !== events.length || metrics.coldStart !== 1)) {
        problems.push(
          `expected ${events.length} metrics records and 1 ColdStart, got ${metrics.application} and ${metrics.coldStart}`,
        );
      }
      const report: CaseReport = {
        kind: c.kind,
        entry: c.entry,
        node: opts.node,
        bytes,
        invocations: out.invocations.length,
        metrics,
        problems,
      };
      reports.push(report);
      opts.log?.(
        `${problems.length ? 'FAIL' : 'ok  '} ${c.kind.padEnd(42)} ${c.entry.padEnd(38)} ${(bytes / 1024).toFixed(0).padStart(5)} KB  ${metrics.application} records + ${metrics.coldStart} ColdStart${problems.length ? `\n       ${problems.join('\n       ')}` : ''}`,
      );
    }
  } finally {
    root.remove();
  }
  return reports;
}
