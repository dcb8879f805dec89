import type { Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';
import { type QueueDef, queues, visibilityTimeoutSeconds } from '#shared/sqs/queues';

export const LOCAL_ACCOUNT = '123456789012';
export const LOCAL_REGION = 'us-east-1';

export interface SqsLocal {
  endpoint: string;
  urls: Record<QueueDef['id'], string>;
  dlqUrls: Record<QueueDef['id'], string>;
  stop(): Promise<void>;
}

/** The same queues and DLQs as the stack, on an SQS-protocol server (JSON protocol). */
export async function startSqsLocal(opts: { port: number }): Promise<SqsLocal> {
  const queueInputs = queues.flatMap((q) => [
    { QueueName: q.dlqName, Attributes: { MessageRetentionPeriod: 14 * 24 * 3600 } },
    {
      QueueName: q.name,
      Attributes: {
        VisibilityTimeout: visibilityTimeoutSeconds(q),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${q.dlqName}`,
          maxReceiveCount: q.maxReceiveCount,
        }),
      },
    },
  ]);
  const server: Server = await createSqsServer({
    port: opts.port,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    emulateQueueCreationLifecycle: false,
    queues: queueInputs,
  });
  const port = (server.address() as { port: number }).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const url = (name: string) => `${endpoint}/${LOCAL_ACCOUNT}/${name}`;
  return {
    endpoint,
    urls: Object.fromEntries(queues.map((q) => [q.id, url(q.name)])) as SqsLocal['urls'],
    dlqUrls: Object.fromEntries(queues.map((q) => [q.id, url(q.dlqName)])) as SqsLocal['dlqUrls'],
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
