import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { createTableContext, type TableContext } from '#shared/adapters/dynamodb/client';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { ensureTable } from '../../dev/dynamodb-local';

/** A new, empty table built from the shared definition, on the run's DynamoDB Local. */
export async function freshTable(prefix = 't'): Promise<TableContext> {
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const ctx = createTableContext({ tableName, endpoint: inject('dynamodbEndpoint') });
  await ensureTable(ctx.doc as never, tableName);
  return ctx;
}

export function localSqs(): SQSClient {
  return createSqsClient({ endpoint: inject('sqsEndpoint') });
}

/** A new queue (and DLQ with the given redrive) on the run's SQS server. */
export async function freshQueue(sqs: SQSClient, opts: { maxReceiveCount?: number; visibility?: number } = {}) {
  const name = `q-${randomUUID().slice(0, 8)}`;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const q = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(opts.visibility ?? 30),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:us-east-1:123456789012:${name}-dlq`,
          maxReceiveCount: opts.maxReceiveCount ?? 3,
        }),
      },
    }),
  );
  return { name, url: q.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}
