import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsRequestHandler, reportOutagesAs } from '#shared/adapters/outages';
import { config } from '#shared/config';
import { AWS_CLIENT } from '#shared/time-budgets';

/**
 * An SQS client whose attempts time out (see shared/time-budgets.ts) and whose outages surface as
 * ServiceUnavailableError (503). Short polls only: a long poll (WaitTimeSeconds) needs a client
 * with a longer request timeout.
 */
export function createSqsClient(opts: { endpoint?: string; region?: string }): SQSClient {
  return reportOutagesAs(
    new SQSClient({
      region: opts.region ?? 'us-east-1',
      maxAttempts: AWS_CLIENT.maxAttempts,
      requestHandler: awsRequestHandler(),
      ...(opts.endpoint
        ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    }),
    'SQS',
  );
}

let shared: SQSClient | undefined;
export const sqsFromConfig = (): SQSClient =>
  (shared ??= createSqsClient({ endpoint: config().SQS_ENDPOINT, region: config().AWS_REGION }));

export interface QueuePublisher {
  send(body: unknown, opts?: { delaySeconds?: number }): Promise<string>;
  sendBatch(bodies: unknown[]): Promise<{ failed: number[] }>;
}

export function queuePublisher(client: SQSClient, queueUrl: string): QueuePublisher {
  return {
    async send(body, opts) {
      const r = await client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(body),
          DelaySeconds: opts?.delaySeconds,
        }),
      );
      return r.MessageId!;
    },
    async sendBatch(bodies) {
      const failed: number[] = [];
      for (let i = 0; i < bodies.length; i += 10) {
        const chunk = bodies.slice(i, i + 10);
        const r = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((b, j) => ({ Id: String(i + j), MessageBody: JSON.stringify(b) })),
          }),
        );
        for (const f of r.Failed ?? []) failed.push(Number(f.Id));
      }
      return { failed };
    },
  };
}

export async function queueDepth(client: SQSClient, queueUrl: string): Promise<number> {
  const r = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(r.Attributes?.ApproximateNumberOfMessages ?? 0);
}
