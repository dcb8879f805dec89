import { parseArgs } from 'node:util';
import { freePort } from '../dev/free-port';
import type { SimReport } from '../test/support/usage-simulation';

const HELP = `npm run sim -- [--seeds N] [--from S] [--seed S] [--parallel P] [--stripe-every K]

Runs the usage-counting simulation (the one \`npm test\` runs for 100 seeds) for more seeds:
random usage streams through the real consumer with duplicates, reordering, partial batch
failures and crashes between writes, on its own DynamoDB Local, checking counters, dedupe
records, Stripe meter events and thresholds after each seed.

  --seeds N        how many seeds (default 10000)
  --from S         first seed (default 1)
  --seed S         replay one seed (as printed by a failure)
  --parallel P     seeds in flight at once (default 16)
  --stripe-every K every K-th seed sends to the Stripe emulator and checks its meter summaries
                   (default 10; 0 = never)`;

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10000' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    parallel: { type: 'string', default: '16' },
    'stripe-every': { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const from = Number(values.seed ?? values.from);
const count = values.seed ? 1 : Number(values.seeds);
const parallel = values.seed ? 1 : Number(values.parallel);
const stripeEvery = Number(values['stripe-every']);
if (![from, count, parallel, stripeEvery].every((n) => Number.isInteger(n) && n >= 0) || count < 1 || parallel < 1) {
  process.stderr.write(`${HELP}\n`);
  process.exit(2);
}

// The consumer logs every injected failure; the logger reads its level when first imported.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { createTableContext } = await import('#shared/adapters/dynamodb/client');
const { createStripeClient } = await import('#shared/adapters/stripe/client');
const { ensureTable, startDynamoLocal } = await import('../dev/dynamodb-local');
const { startStripeEmulator } = await import('../dev/stripe-emulator/index');
const { emulatorMeters, runSeed } = await import('../test/support/usage-simulation');
const say = (s: string) => process.stdout.write(`${s}\n`);

const ddb = await startDynamoLocal({ port: await freePort() });
const table = createTableContext({ tableName: 'usage-sim', endpoint: ddb.endpoint });
await ensureTable(ddb.client, 'usage-sim');
const emulator = stripeEvery ? await startStripeEmulator({ port: 0 }) : undefined;
const client = emulator
  ? createStripeClient({ secretKey: 'sk_test_sim', apiBase: emulator.url, maxNetworkRetries: 0 })
  : undefined;
const stripe = client ? { client, meterIds: await emulatorMeters(client) } : undefined;

const t0 = performance.now();
const reports: SimReport[] = [];
let failure: Error | undefined;
let next = 0;
let lastPrint = 0;
await Promise.all(
  Array.from({ length: parallel }, async () => {
    while (next < count && !failure) {
      const seed = from + next++;
      const withStripe = stripe && stripeEvery && (values.seed ? true : seed % stripeEvery === 0);
      try {
        reports.push(await runSeed({ table, seed, stripe: withStripe ? stripe : undefined }));
      } catch (e) {
        failure ??= e as Error;
      }
      if (performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        say(`  ${reports.length}/${count} seeds, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
  }),
);

const sum = (k: keyof SimReport) => reports.reduce((a, r) => a + r[k], 0);
say(
  `${reports.length} seed(s) from ${from} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${sum('uniqueEvents')} unique events in ${sum('messages')} messages, ` +
    `${sum('invocations')} invocations, ${sum('crashes')} crashes, ${sum('transientFailures')} partial failures, ${sum('concurrentRounds')} concurrent rounds, ${sum('thresholds')} threshold events`,
);
if (failure) process.stderr.write(`\nFAILED: ${failure.stack ?? failure.message}\n`);
await emulator?.close();
await ddb.stop();
process.exit(failure ? 1 : 0);
