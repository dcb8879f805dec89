import { sqsFromConfig } from '#shared/adapters/sqs/client';
import { type QueuePair, queueDepth, type RedriveOptions, redriveDlq } from '#shared/adapters/sqs/dlq';
import { config } from '#shared/config';
import { NotFoundError } from '#shared/errors';
import { queues } from '#shared/sqs/queues';
import { lazy } from './lazy';

/** The operators' dead-letter queues: each queue of the manifest with its DLQ, by URL from the config. */
export const deadLetterQueues = lazy(() => {
  const c = config();
  // A queue this deployment does not configure (no URL) has no depth to report and nothing to redrive.
  const pairs: QueuePair[] = queues
    .map((q) => ({ id: q.id, url: c[q.urlEnv], dlqUrl: c[q.dlqUrlEnv] }))
    .filter((q) => q.url && q.dlqUrl);
  return {
    depths: () => Promise.all(pairs.map((q) => queueDepth(sqsFromConfig(), q))),
    redrive: (queue: QueuePair['id'], opts: RedriveOptions) => {
      const pair = pairs.find((q) => q.id === queue);
      if (!pair) throw new NotFoundError('Queue', queue);
      return redriveDlq(sqsFromConfig(), pair, opts);
    },
  };
});
