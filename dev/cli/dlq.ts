import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { type QueueDepth, type QueuePair, queueDepth, type RedriveResult, redriveDlq } from '#shared/adapters/sqs/dlq';
import { AppError } from '#shared/errors';
import { type QueueDef, queues } from '#shared/sqs/queues';
import { formatColumns, parseFlags, ROOT, readDemoFile, UsageError } from './common';

// Kept free of dev/local-stack's imports so the CLI starts fast and works against AWS alone.

export const HELP = `npm run dlq -- <command> [options]

Commands
  list
      Depth of every queue and its dead-letter queue (waiting / in flight), and the last redrive
      of each DLQ. Counts only: the queues are shared by every project.
  redrive <queue>
      Moves the messages of <queue>'s DLQ back to <queue> (${queues.map((q) => q.id).join(', ')}) for
      another attempt, follows the move, and prints how many moved. The consumers are idempotent
      (usage by idempotency key, webhooks by event id), so a message that had been processed
      before it reached the DLQ changes nothing the second time. Fix the cause first, or the
      messages come back to the DLQ after ${queues[0].maxReceiveCount} more attempts.

Which queues
  --stage <stage>     the deployed stack of that stage in AWS (queues tollgate-<stage>-<name>), with
                      the usual AWS credentials (AWS_PROFILE, AWS_REGION, …)
  --endpoint <url>    an SQS endpoint, e.g. http://127.0.0.1:9324, with the local queue names
  --region <name>     the AWS region (default: AWS_REGION, else us-east-1)
  Without flags the local stack of \`npm start\`: the endpoint from .local/demo.json, else
  http://127.0.0.1:$SQS_PORT (9324).

How it moves
  --method <m>        auto (default): SQS's message move task (StartMessageMoveTask), or, where the
                      server has none, receive / send to the queue / delete from the DLQ
  --wait <seconds>    how long to follow the move before reporting (default 300)

Other
  --json      machine-readable output
  -h, --help  this text
Exit status: 0 done, 1 failed (e.g. unreachable, a move that failed or is still running), 2 bad arguments.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

function parse(argv: string[]) {
  return parseFlags(argv, {
    stage: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    method: { type: 'string' },
    wait: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

type Flags = ReturnType<typeof parse>['values'];

export interface DlqTarget {
  endpoint?: string;
  region: string;
  /** Prefix of the queue names: `tollgate-<stage>-` in AWS, none locally. */
  prefix: string;
  where: string;
}

export function resolveTarget(flags: Flags, env: Record<string, string | undefined>): DlqTarget {
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (flags.stage !== undefined) {
    if (!/^[a-z][a-z0-9-]{0,19}$/.test(flags.stage))
      throw new UsageError(`--stage must be lower-case letters, digits and dashes, got '${flags.stage}'`);
    if (flags.endpoint) throw new UsageError('--stage and --endpoint exclude each other');
    return { region, prefix: `tollgate-${flags.stage}-`, where: `stage ${flags.stage} in AWS ${region}` };
  }
  if (flags.endpoint !== undefined) {
    try {
      new URL(flags.endpoint);
    } catch {
      throw new UsageError(`--endpoint must be a URL, got '${flags.endpoint}'`);
    }
  }
  const demo = readDemoFile(join(env.TOLLGATE_LOCAL_DIR || join(ROOT, '.local'), 'demo.json')) as
    | { sqs_endpoint?: string }
    | undefined;
  const endpoint = flags.endpoint ?? demo?.sqs_endpoint ?? `http://127.0.0.1:${env.SQS_PORT || 9324}`;
  return { endpoint, region, prefix: '', where: endpoint };
}

async function pairOf(sqs: SQSClient, t: DlqTarget, q: QueueDef): Promise<QueuePair> {
  const url = async (name: string) =>
    (await sqs.send(new GetQueueUrlCommand({ QueueName: `${t.prefix}${name}` }))).QueueUrl!;
  return { id: q.id, url: await url(q.name), dlqUrl: await url(q.dlqName) };
}

function depthTable(rows: QueueDepth[]): string {
  const lines = [
    ['QUEUE', 'WAITING', 'IN FLIGHT', 'DLQ', 'DLQ IN FLIGHT', 'LAST REDRIVE'],
    ...rows.map((r) => [
      r.queue,
      String(r.messages),
      String(r.in_flight),
      String(r.dlq_messages),
      String(r.dlq_in_flight),
      r.last_redrive
        ? `${r.last_redrive.status}: ${r.last_redrive.moved}/${r.last_redrive.to_move} moved, ${r.last_redrive.started_at}`
        : '-',
    ]),
  ];
  return formatColumns(lines);
}

function describe(r: RedriveResult, where: string): string {
  const how = r.method === 'message-move-task' ? 'SQS message move task' : 'receive / send / delete';
  if (r.status === 'empty') return `The ${r.queue} DLQ in ${where} is empty: nothing to move.`;
  const head = `Redrive of the ${r.queue} DLQ in ${where} (${how}): ${r.status}, ${r.moved} of ${r.to_move} message(s) moved back to the queue, ${r.remaining} left in the DLQ.`;
  return r.failure_reason ? `${head}\n  ${r.failure_reason}` : head;
}

/** Runs one command; returns the exit status instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let sqs: SQSClient | undefined;
  let target: DlqTarget | undefined;
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (!command) throw new UsageError('A command is required: list or redrive <queue>');
    if (command !== 'list' && command !== 'redrive') throw new UsageError(`Unknown command '${command}'`);
    if (command === 'list' && rest.length) throw new UsageError(`Unexpected argument '${rest[0]}'`);
    const queue = command === 'redrive' ? queues.find((q) => q.id === rest[0] || q.name === rest[0]) : undefined;
    if (command === 'redrive' && (rest.length !== 1 || !queue)) {
      throw new UsageError(
        `redrive takes one queue: ${queues.map((q) => q.id).join(', ')}${rest[0] ? ` (got '${rest[0]}')` : ''}`,
      );
    }
    const method = (values.method ?? 'auto') as 'auto' | 'message-move-task' | 'receive-send-delete';
    if (!['auto', 'message-move-task', 'receive-send-delete'].includes(method))
      throw new UsageError(`--method must be auto, message-move-task or receive-send-delete`);
    const waitSeconds = values.wait === undefined ? 300 : Number(values.wait);
    if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 3600)
      throw new UsageError('--wait must be a whole number of seconds, 0-3600');

    target = resolveTarget(values, io.env);
    sqs = createSqsClient({ endpoint: target.endpoint, region: target.region });
    if (command === 'list') {
      const t = target;
      const rows = await Promise.all(queues.map(async (q) => queueDepth(sqs!, await pairOf(sqs!, t, q))));
      io.out(values.json ? `${JSON.stringify({ queues: rows })}\n` : `${target.where}\n${depthTable(rows)}\n`);
      return 0;
    }
    const result = await redriveDlq(sqs, await pairOf(sqs, target, queue!), { waitMs: waitSeconds * 1000, method });
    io.out(values.json ? `${JSON.stringify(result)}\n` : `${describe(result, target.where)}\n`);
    return result.status === 'completed' || result.status === 'empty' ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`dlq: ${e.message}\nRun \`npm run dlq -- --help\` for usage.\n`);
      return 2;
    }
    const err = e as Error;
    const local = target !== undefined && target.prefix === '';
    const hint =
      local && e instanceof AppError && e.statusCode === 503
        ? ' (is the local stack running? `npm start`)'
        : err.name === 'QueueDoesNotExist' || err.name?.includes('NonExistentQueue')
          ? ' (wrong --stage or --endpoint?)'
          : '';
    io.err(`dlq: ${e instanceof AppError ? e.message : `${err.name}: ${err.message}`}${hint}\n`);
    return 1;
  } finally {
    sqs?.destroy();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await main(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  process.exit(code);
}
