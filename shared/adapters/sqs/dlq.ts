import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { QueueDef } from '#shared/sqs/queues';

/** A queue of the manifest and its DLQ, by URL. */
export interface QueuePair {
  id: QueueDef['id'];
  url: string;
  dlqUrl: string;
}

export interface MoveTask {
  status: string;
  moved: number;
  to_move: number;
  started_at: string;
  failure_reason?: string;
}

export interface QueueDepth {
  queue: QueueDef['id'];
  /** Waiting in the queue, and received but not yet deleted. */
  messages: number;
  in_flight: number;
  dlq_messages: number;
  dlq_in_flight: number;
  /** The DLQ's most recent redrive task, when the server keeps one. */
  last_redrive: MoveTask | null;
}

export interface RedriveResult {
  queue: QueueDef['id'];
  /** How the messages moved: SQS's own message move task, or receive/send/delete where the server has none. */
  method: 'message-move-task' | 'receive-send-delete';
  /** `running`: still moving when the wait ended (ask the depths again); `empty`: nothing to move. */
  status: 'completed' | 'running' | 'failed' | 'cancelled' | 'empty';
  /** Messages moved back to the queue by this redrive. */
  moved: number;
  /** Messages the DLQ held when the redrive started. */
  to_move: number;
  /** Messages left in the DLQ when this answer was made. */
  remaining: number;
  failure_reason?: string;
}

async function attributes(
  sqs: SQSClient,
  url: string,
  names: ('QueueArn' | 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible')[],
) {
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }))).Attributes ?? {};
}

const toTask = (t: ListMessageMoveTasksResultEntry): MoveTask => ({
  status: (t.Status ?? 'UNKNOWN').toLowerCase(),
  moved: t.ApproximateNumberOfMessagesMoved ?? 0,
  to_move: t.ApproximateNumberOfMessagesToMove ?? 0,
  started_at: new Date(t.StartedTimestamp ?? 0).toISOString(),
  ...(t.FailureReason ? { failure_reason: t.FailureReason } : {}),
});

async function latestTask(sqs: SQSClient, dlqArn: string): Promise<ListMessageMoveTasksResultEntry | undefined> {
  const r = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 10 }));
  return (r.Results ?? []).sort((a, b) => (b.StartedTimestamp ?? 0) - (a.StartedTimestamp ?? 0))[0];
}

/** Counts only: queues are shared by every project, so no message content ever leaves here. */
export async function queueDepth(sqs: SQSClient, q: QueuePair): Promise<QueueDepth> {
  const counts = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
  const [main, dlq] = await Promise.all([
    attributes(sqs, q.url, [...counts]),
    attributes(sqs, q.dlqUrl, ['QueueArn', ...counts]),
  ]);
  const task = dlq.QueueArn ? await latestTask(sqs, dlq.QueueArn).catch(() => undefined) : undefined;
  return {
    queue: q.id,
    messages: Number(main.ApproximateNumberOfMessages ?? 0),
    in_flight: Number(main.ApproximateNumberOfMessagesNotVisible ?? 0),
    dlq_messages: Number(dlq.ApproximateNumberOfMessages ?? 0),
    dlq_in_flight: Number(dlq.ApproximateNumberOfMessagesNotVisible ?? 0),
    last_redrive: task ? toTask(task) : null,
  };
}

/** Servers without message move tasks answer with one of these. */
const UNSUPPORTED = /Unsupported|UnknownOperation|InvalidAction|NotImplemented|not ?supported/i;
const isUnsupported = (e: unknown) => UNSUPPORTED.test(`${(e as Error)?.name ?? ''} ${(e as Error)?.message ?? ''}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RedriveOptions {
  /** How long to follow the move before answering with what moved so far. */
  waitMs: number;
  pollMs?: number;
  /** `auto`: a message move task where the server has them, else receive/send/delete. */
  method?: 'auto' | 'message-move-task' | 'receive-send-delete';
}

/**
 * Moves what the DLQ holds back to its queue, so the consumer processes it again. Exactly-once
 * is the consumer's: each message is handled by its idempotency key (usage) or event id
 * (webhooks), so a message that had in fact been processed before it reached the DLQ changes
 * nothing the second time. Message bodies and attributes move unchanged.
 */
export async function redriveDlq(sqs: SQSClient, q: QueuePair, opts: RedriveOptions): Promise<RedriveResult> {
  const method = opts.method ?? 'auto';
  if (method !== 'receive-send-delete') {
    try {
      return await moveTask(sqs, q, opts);
    } catch (e) {
      if (method === 'message-move-task' || !isUnsupported(e)) throw e;
    }
  }
  return receiveSendDelete(sqs, q, opts);
}

async function moveTask(sqs: SQSClient, q: QueuePair, opts: RedriveOptions): Promise<RedriveResult> {
  const [dlq, main] = await Promise.all([
    attributes(sqs, q.dlqUrl, ['QueueArn', 'ApproximateNumberOfMessages']),
    attributes(sqs, q.url, ['QueueArn']),
  ]);
  const dlqArn = dlq.QueueArn!;
  const depth = Number(dlq.ApproximateNumberOfMessages ?? 0);
  const running = await latestTask(sqs, dlqArn);
  // One task per DLQ at a time (SQS's rule): a redrive asked for while one runs follows that one.
  let startedAt = running?.Status === 'RUNNING' ? running.StartedTimestamp : undefined;
  if (startedAt === undefined) {
    if (depth === 0)
      return { queue: q.id, method: 'message-move-task', status: 'empty', moved: 0, to_move: 0, remaining: 0 };
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: main.QueueArn }));
    startedAt = (await latestTask(sqs, dlqArn))?.StartedTimestamp;
  }
  const deadline = Date.now() + opts.waitMs;
  let task: ListMessageMoveTasksResultEntry | undefined;
  for (;;) {
    task = await latestTask(sqs, dlqArn);
    if (task?.Status !== 'RUNNING' || Date.now() >= deadline) break;
    await sleep(opts.pollMs ?? 500);
  }
  const t = task && task.StartedTimestamp === startedAt ? toTask(task) : undefined;
  const remaining = Number(
    (await attributes(sqs, q.dlqUrl, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages ?? 0,
  );
  const status = (t?.status ?? 'completed') as RedriveResult['status'];
  return {
    queue: q.id,
    method: 'message-move-task',
    status: ['completed', 'running', 'failed', 'cancelled'].includes(status) ? status : 'running',
    moved: t?.moved ?? 0,
    to_move: t?.to_move ?? depth,
    remaining,
    ...(t?.failure_reason ? { failure_reason: t.failure_reason } : {}),
  };
}

/**
 * For servers without message move tasks: receive a batch, send it to the queue, delete from
 * the DLQ only what was sent. A crash between send and delete leaves a copy in both queues,
 * which the consumer's idempotency absorbs; nothing is deleted before it is safely sent.
 */
async function receiveSendDelete(sqs: SQSClient, q: QueuePair, opts: RedriveOptions): Promise<RedriveResult> {
  const toMove = Number(
    (await attributes(sqs, q.dlqUrl, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages ?? 0,
  );
  const deadline = Date.now() + opts.waitMs;
  let moved = 0;
  let failed = 0;
  while (moved + failed < toMove && Date.now() < deadline) {
    const batch =
      (
        await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: q.dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            VisibilityTimeout: 60,
            MessageAttributeNames: ['All'],
          }),
        )
      ).Messages ?? [];
    if (!batch.length) break;
    const ids = new Map<string, (typeof batch)[number]>(batch.map((m) => [randomUUID(), m]));
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [...ids].map(([Id, m]) => ({
          Id,
          MessageBody: m.Body ?? '',
          ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
        })),
      }),
    );
    const ok = (sent.Successful ?? []).map((s) => ids.get(s.Id!)!);
    failed += (sent.Failed ?? []).length;
    if (ok.length) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: q.dlqUrl,
          Entries: ok.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    moved += ok.length;
  }
  const remaining = Number(
    (await attributes(sqs, q.dlqUrl, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages ?? 0,
  );
  const done = moved >= toMove || remaining === 0;
  return {
    queue: q.id,
    method: 'receive-send-delete',
    status: toMove === 0 ? 'empty' : failed ? 'failed' : done ? 'completed' : 'running',
    moved,
    to_move: toMove,
    remaining,
    ...(failed ? { failure_reason: `${failed} message(s) could not be sent back; they stay in the DLQ` } : {}),
  };
}
