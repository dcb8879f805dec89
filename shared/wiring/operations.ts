import { sqsFromConfig } from '#shared/adapters/sqs/client';
import { type QueuePair, queueDepth, type RedriveOptions, redriveDlq } from '#shared/adapters/sqs/dlq';
import { config } from '#shared/config';
import { queues } from '#shared/sqs/queues';
import { lazy } from './lazy';

/** The operators' dead-letter queues: each queue of the manifest with its DLQ, by URL from the config. */
export const deadLetterQueues = lazy(() => {
  const c = config();
  const pairs: QueuePair[] = queues.map((q) => ({ id: q.id, url: c[q.urlEnv], dlqUrl: c[q.dlqUrlEnv] }));
  return {
    depths: () => Promise.all(pairs.map((q) => queueDepth(sqsFromConfig(), q))),
    redrive: (queue: QueuePair['id'], opts: RedriveOptions) =>
      redriveDlq(sqsFromConfig(), pairs.find((q) => q.id === queue)!, opts),
  };
});
