import './env';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../dev/free-port';
import type { LocalStack } from '../dev/local-stack';
import { catalogPropagation } from './catalog';
import { credits } from './credits';
import { entitlements } from './entitlements';
import { foundation } from './foundation';
import { type BenchContext, type Benchmark, formatTable } from './harness';
import { outbound } from './outbound';
import { usage } from './usage';
import { usageReport } from './usage-report';
import { webhooks } from './webhooks';

/** Every benchmark of `npm run bench`, in the order they run; add new ones here. */
const benchmarks: Benchmark[] = [
  foundation,
  entitlements,
  usage,
  usageReport,
  webhooks,
  outbound,
  credits,
  catalogPropagation,
];

const HELP = `npm run bench -- [--only name[,name]] [--iterations N] [--warmup N] [--out file]

Benchmarks: ${benchmarks.map((b) => `\n  ${b.name.padEnd(12)} ${b.description}`).join('')}

Prints a table per benchmark and merges the figures into bench/results.json (other sections
are kept), next to the baseline each was measured against in the same run.`;

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    iterations: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '50' },
    out: { type: 'string', default: join(here, 'results.json') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const wanted = values.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = wanted?.filter((w) => !benchmarks.some((b) => b.name === w)) ?? [];
const iterations = Number(values.iterations);
const warmup = Number(values.warmup);
if (unknown.length || !Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(warmup) || warmup < 0) {
  process.stderr.write(
    `${unknown.length ? `Unknown benchmark(s): ${unknown.join(', ')}\n` : 'Bad --iterations or --warmup\n'}${HELP}\n`,
  );
  process.exit(2);
}
const selected = benchmarks.filter((b) => !wanted || wanted.includes(b.name));

const say = (line: string) => process.stdout.write(`${line}\n`);
let stack: Promise<LocalStack> | undefined;
const ctx: BenchContext = {
  iterations,
  warmup,
  log: say,
  stack: () =>
    (stack ??= (async () => {
      const t0 = performance.now();
      say('Starting the local stack in this process…');
      // Imported here so a run that needs no stack does not load it.
      const { startLocalStack } = await import('../dev/local-stack');
      const s = await startLocalStack({
        ports: {
          http: await freePort(),
          dynamodb: await freePort(),
          sqs: await freePort(),
          stripe: await freePort(),
          razorpay: await freePort(),
        },
        env: { LOG_LEVEL: 'ERROR' },
      });
      say(
        `  ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${s.baseUrl}, DynamoDB Local ${s.dynamodbEndpoint})`,
      );
      return s;
    })()),
};

const environment = {
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpus: availableParallelism(),
  cpu_model: cpus()[0]?.model ?? 'unknown',
};

let failed = false;
const sections: Record<string, unknown> = {};
const t0 = performance.now();
try {
  for (const b of selected) {
    say(`\n== ${b.name}: ${b.description}`);
    const out = await b.run(ctx);
    for (const t of out.tables) say(`\n${formatTable(t)}`);
    sections[b.name] = { measured_at: new Date().toISOString(), environment, ...out.results };
  }
} catch (e) {
  failed = true;
  process.stderr.write(`\nBenchmark failed: ${(e as Error).stack ?? e}\n`);
} finally {
  if (stack) await (await stack.catch(() => undefined))?.stop();
}

if (Object.keys(sections).length) {
  const previous = existsSync(values.out)
    ? (JSON.parse(readFileSync(values.out, 'utf8')) as Record<string, unknown>)
    : {};
  const merged = { ...previous, ...sections, generated_at: new Date().toISOString() };
  writeFileSync(values.out, `${JSON.stringify(merged, null, 2)}\n`);
  say(
    `\nWrote ${Object.keys(sections).join(', ')} to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  );
}
// SDK keep-alive sockets and emulator timers would otherwise hold the process open.
process.exit(failed ? 1 : 0);
