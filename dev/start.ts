import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startLocalStack } from './local-stack';
import { localPorts } from './ports';

/** `npm start`: the whole service on this machine, no cloud account needed. */
const { values } = parseArgs({ options: { persist: { type: 'boolean', default: false } } });
const t0 = performance.now();
// Tests that run their own stacks point this elsewhere so a developer's .local/ stays intact.
const localDir = process.env.TOLLGATE_LOCAL_DIR || join(ROOT, '.local');
const say = (s: string) => process.stdout.write(`${s}\n`);

say('Starting Tollgate locally…');
const stack = await startLocalStack({
  ports: localPorts(),
  persistDir: values.persist ? join(localDir, 'dynamodb') : undefined,
  // With --persist the emulators keep their state beside the table: .local/stripe-emulator.json, .local/razorpay-emulator.json.
  stateDir: values.persist ? localDir : undefined,
  demoApiKey: process.env.TOLLGATE_DEMO_API_KEY || undefined,
  log: (l) => say(`  ${l}`),
  warn: (l) => process.stderr.write(`\n!! ${new Date().toISOString()} ${l}\n`),
}).catch((e: Error) => {
  process.stderr.write(`\nCould not start the local stack: ${e.message}\n`);
  process.exit(1);
});

mkdirSync(localDir, { recursive: true });
const demo = {
  base_url: stack.baseUrl,
  stripe_api_base: stack.stripeApiBase ?? null,
  razorpay_api_base: stack.razorpayApiBase ?? null,
  api_key: stack.demoApiKey,
  project_id: 'demo',
  queue_urls: stack.queueUrls,
  sqs_endpoint: stack.sqsEndpoint,
  dynamodb_endpoint: stack.dynamodbEndpoint,
  table: stack.tableName,
};
writeFileSync(join(localDir, 'demo.json'), `${JSON.stringify(demo, null, 2)}\n`);

const b = stack.baseUrl;
const k = stack.demoApiKey;
say(`  HTTP API         ${b}  (docs: ${b}/docs, OpenAPI: ${b}/api/v1/openapi.json)`);
say(
  `\nReady in ${((performance.now() - t0) / 1000).toFixed(1)} s. Demo API key (all scopes, also in .local/demo.json):\n  ${k}\n`,
);
say('Try:');
say(`  curl -s ${b}/health`);
say(
  `  curl -s -X PUT ${b}/api/v1/workspaces/ws_demo -H 'Authorization: Bearer ${k}' -H 'content-type: application/json' \\`,
);
say(`       -d '{"name":"Demo Inc","email":"billing@demo.example","country":"IN","currency":"inr"}'`);
say(`  curl -s ${b}/api/v1/workspaces/ws_demo -H 'Authorization: Bearer ${k}'`);
say(
  `  aws sqs send-message --endpoint-url ${stack.sqsEndpoint} --queue-url ${stack.queueUrls.usage} --message-body '{…}'`,
);
say('\nCtrl-C stops everything.');

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping…`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
