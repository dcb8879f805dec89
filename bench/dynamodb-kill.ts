import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { queueDepth } from '#shared/adapters/sqs/dlq';
import { localPorts } from '../dev/ports';
import { processFamily, startStackProcess } from '../test/support/stack-process';

/**
 * The DynamoDB kill run: while usage events are published to the local stack's usage queue,
 * DynamoDB Local is killed (kill -9); the stack restarts it on the same data (--persist), the
 * queue drains, and whatever the consumer gave up on in the meantime sits in the DLQ. Then the
 * DLQ is redriven with `npm run dlq -- redrive usage` and the counters are read again.
 *
 *   npx tsx bench/dynamodb-kill.ts [--events 3000] [--duplicates 300] [--kill-after 1000]
 *
 * Prints events sent / unique / counted / in the DLQ, before and after the redrive command.
 * Not part of `npm test`: it takes a minute or two and kills processes of its own stack.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '3000' },
    duplicates: { type: 'string', default: '300' },
    'kill-after': { type: 'string', default: '1000' },
    workspaces: { type: 'string', default: '10' },
    rate: { type: 'string', default: '150' },
  },
});
const total = Number(values.events);
const duplicates = Number(values.duplicates);
const killAfter = Number(values['kill-after']);
const workspaceCount = Number(values.workspaces);
const perSecond = Number(values.rate);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`${s}\n`);

const localDir = mkdtempSync(join(tmpdir(), 'tollgate-kill-run-'));
// PORT, DYNAMODB_PORT, … choose the ports when set; free ones otherwise.
const stack = await startStackProcess(
  { TOLLGATE_LOCAL_DIR: localDir, LOG_LEVEL: 'ERROR' },
  { args: ['--persist'], readyTimeoutMs: 180_000, ports: process.env.PORT ? localPorts() : undefined },
);
const sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
const pair = { id: 'usage' as const, url: stack.queueUrls.usage, dlqUrl: stack.dlqUrls.usage };
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.baseUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', ...init.headers },
  });

try {
  const run = Date.now().toString(36);
  const workspaces = Array.from({ length: workspaceCount }, (_, i) => `ws_kill_${run}_${i}`);
  for (const ws of workspaces) {
    const r = await api(`/api/v1/workspaces/${ws}`, {
      method: 'PUT',
      body: JSON.stringify({ name: ws, email: 'kill@example.com', country: 'US', currency: 'usd' }),
    });
    if (r.status >= 300) throw new Error(`PUT workspace ${ws}: ${r.status} ${await r.text()}`);
  }

  // `total` sends, of which `duplicates` repeat an earlier key (as a producer's own retries would).
  const unique = total - duplicates;
  const events = Array.from({ length: unique }, (_, i) => ({
    project_id: 'demo',
    event_type: 'ai_credits',
    workspace_id: workspaces[i % workspaces.length],
    value: '1',
    idempotency_key: `kill-${run}-${i}`,
  }));
  const sends = [...events];
  for (let d = 0; d < duplicates; d++)
    sends.splice(Math.floor(((d + 1) * sends.length) / (duplicates + 1)), 0, events[(d * 7) % unique]);

  const javaOf = () => processFamily(stack.pid).find((p) => p.cmd.includes('DynamoDBLocal.jar') && p.state !== 'Z');
  const t0 = Date.now();
  let killedAt: number | undefined;
  let sent = 0;
  for (let i = 0; i < sends.length; i += 10) {
    const chunk = sends.slice(i, i + 10);
    const r = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: pair.url,
        Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
      }),
    );
    if (r.Failed?.length) throw new Error(`${r.Failed.length} sends failed`);
    sent += chunk.length;
    if (killedAt === undefined && sent >= killAfter) {
      const java = javaOf();
      if (!java) throw new Error('DynamoDB Local not found in the stack');
      process.kill(java.pid, 'SIGKILL');
      killedAt = Date.now();
      say(`kill -9 DynamoDB Local (pid ${java.pid}) after ${sent} sends`);
    }
    // Pace the producer.
    const due = t0 + (sent / perSecond) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  say(`sent ${sent} events (${unique} unique) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const restarted = async () => {
    while (!stack.logs().includes('is back after')) await sleep(250);
    return stack.logs().match(/is back after ([\d.]+) s/)?.[1];
  };
  const backAfter = await restarted();
  say(`DynamoDB Local back after ${backAfter} s`);

  /** Waits until the queue is empty (nothing waiting, nothing in flight) for a few polls in a row. */
  const drained = async (timeoutMs = 300_000) => {
    const deadline = Date.now() + timeoutMs;
    for (let calm = 0; calm < 4; ) {
      const d = await queueDepth(sqs, pair);
      calm = d.messages + d.in_flight === 0 ? calm + 1 : 0;
      if (Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(d)}`);
      await sleep(1000);
    }
    return queueDepth(sqs, pair);
  };
  const counted = async () => {
    let sum = 0;
    for (const ws of workspaces) {
      const r = (await (await api(`/api/v1/usage/${ws}`)).json()) as { meters: { meter: string; used: string }[] };
      sum += Number(r.meters.find((m) => m.meter === 'ai_credits')?.used ?? 0);
    }
    return sum;
  };

  const before = await drained();
  const countedBefore = await counted();
  const redrive = await promisify(execFile)(
    'npx',
    ['tsx', 'dev/cli/dlq.ts', 'redrive', 'usage', '--endpoint', stack.sqsEndpoint],
    { cwd: ROOT, env: { ...process.env, AWS_REGION: 'us-east-1' } },
  );
  const after = await drained();
  const countedAfter = await counted();

  say(`\n$ npm run dlq -- redrive usage\n${redrive.stdout.trim()}\n`);
  const rows = [
    ['', 'before redrive', 'after redrive'],
    ['events sent', String(sent), String(sent)],
    ['unique idempotency keys', String(unique), String(unique)],
    ['counted', String(countedBefore), String(countedAfter)],
    ['in usage-events-dlq', String(before.dlq_messages), String(after.dlq_messages)],
  ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  say(rows.map((r) => r.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ')).join('\n'));
  say(
    `\nDynamoDB Local killed ${killedAt ? ((killedAt - t0) / 1000).toFixed(1) : '?'} s into the run, back after ${backAfter} s; ${countedAfter === unique ? 'every unique event counted exactly once' : `MISMATCH: ${countedAfter} counted for ${unique} unique events`}.`,
  );
  process.exitCode = countedAfter === unique && after.dlq_messages === 0 ? 0 : 1;
} finally {
  const stopped = await stack.stop();
  if (stopped.leftovers.length) say(`leftover processes: ${stopped.leftovers.map((p) => p.pid).join(', ')}`);
  rmSync(localDir, { recursive: true, force: true });
}
