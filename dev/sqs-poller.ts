import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueDef } from '#shared/sqs/queues';
import { lambdaContext } from './gateway';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './sqs-local';

type SqsHandler = (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queue: QueueDef;
  queueUrl: string;
  handler: () => Promise<SqsHandler>;
  /**
   * Lambda leaves a failed message invisible for the whole visibility timeout. Locally a failed
   * message comes back after this many seconds instead (at least 1), so retries and the DLQ
   * redrive are visible in seconds rather than minutes. The receive count and redrive are the
   * server's.
   */
  retryDelaySeconds?: number;
  idleSleepMs?: number;
  onError?: (e: unknown) => void;
  onBatch?: (info: { size: number; failed: number }) => void;
}

export function toRecord(m: Message, q: QueueDef): SQSRecord {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${q.name}`,
    awsRegion: LOCAL_REGION,
  };
}

/**
 * Behaves like Lambda's SQS event source mapping: gathers up to `batchSize` messages within the
 * batching window, invokes the consumer, deletes what succeeded, and lets the failures of a
 * partial batch response come back (and eventually move to the DLQ by the redrive policy).
 */
export function startPoller(opts: PollerOptions): { stop(): Promise<void> } {
  const { sqs, queue, queueUrl } = opts;
  let stopped = false;
  const idle = opts.idleSleepMs ?? 150;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // The retry delay is set as the visibility of the receive itself, not by a later
  // ChangeMessageVisibility: the local SQS server counts that call as one more receive, which
  // would move a failing message to the DLQ after about half of maxReceiveCount attempts. The
  // batching window is added so a message cannot come back while its batch is still gathering.
  const retryDelay = Math.max(1, opts.retryDelaySeconds ?? 1);
  const holdSeconds = retryDelay + queue.maxBatchingWindowSeconds;
  const receiveCount = (m: Message) => Number(m.Attributes?.ApproximateReceiveCount ?? 1);
  const changeVisibility = async (messages: Message[], seconds: number) => {
    for (let i = 0; i < messages.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages
            .slice(i, i + 10)
            .map((m) => ({ Id: randomUUID(), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: seconds })),
        }),
      );
    }
  };

  const receive = async (max: number) =>
    (
      await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, max),
          WaitTimeSeconds: 0,
          VisibilityTimeout: holdSeconds,
          // The local server only honours the older `AttributeNames` for the receive count.
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      )
    ).Messages ?? [];

  const loop = (async () => {
    while (!stopped) {
      try {
        let batch = await receive(queue.batchSize);
        if (!batch.length) {
          await sleep(idle);
          continue;
        }
        const windowEnds = Date.now() + queue.maxBatchingWindowSeconds * 1000;
        while (batch.length < queue.batchSize && Date.now() < windowEnds && !stopped) {
          const more = await receive(queue.batchSize - batch.length);
          if (!more.length) await sleep(50);
          batch = batch.concat(more);
        }
        // On its last attempt a message is held for the whole consumer timeout, as Lambda does,
        // so a slow success is not redriven to the DLQ while it is still being handled.
        const lastAttempts = batch.filter((m) => receiveCount(m) >= queue.maxReceiveCount);
        if (lastAttempts.length) await changeVisibility(lastAttempts, queue.consumerTimeoutSeconds);
        const records = batch.map((m) => toRecord(m, queue));
        let failedIds: Set<string>;
        try {
          const handler = await opts.handler();
          const res = await handler(
            { Records: records },
            lambdaContext(`${queue.name}-consumer`, queue.consumerTimeoutSeconds * 1000),
          );
          const items = res?.batchItemFailures ?? [];
          // Like Lambda: an empty or unknown identifier fails the whole batch.
          failedIds = items.some((f) => !f.itemIdentifier || !records.some((r) => r.messageId === f.itemIdentifier))
            ? new Set(records.map((r) => r.messageId))
            : new Set(items.map((f) => f.itemIdentifier));
        } catch (e) {
          opts.onError?.(e);
          failedIds = new Set(records.map((r) => r.messageId));
        }
        const ok = batch.filter((m) => !failedIds.has(m.MessageId!));
        const failed = batch.filter((m) => failedIds.has(m.MessageId!));
        for (let i = 0; i < ok.length; i += 10) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: ok.slice(i, i + 10).map((m) => ({ Id: randomUUID(), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
        // Other failures come back by themselves when the receive's visibility ends; a failed
        // last attempt is released now so the server redrives it to the DLQ without waiting.
        await changeVisibility(
          failed.filter((m) => lastAttempts.includes(m)),
          0,
        );
        opts.onBatch?.({ size: batch.length, failed: failed.length });
      } catch (e) {
        if (stopped) break;
        opts.onError?.(e);
        await sleep(500);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
