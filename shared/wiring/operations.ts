import { queueDepth, redriveDlq, type QueuePair, type RedriveOptions } from '../adapters/sqs/dlq';
import { sqsFromConfig } from '../adapters/sqs/client';
import { config } from '../config';
import { queues } from '../sqs/queues';
import { NotFoundError } from '../errors';
import { lazy } from './lazy';

/** The operators' dead-letter queues: each queue of the manifest with its DLQ, by URL from the config. */
export const deadLetterQueues = lazy(() => {
  const c = config();
  // A queue this deployment does not configure (no URL) has no depth to report and nothing to redrive.
  const pairs: QueuePair[] = queues.map((q) => ({ id: q.id, url: c[q.urlEnv], dlqUrl: c[q.dlqUrlEnv] })).filter((q) => q.url && q.dlqUrl);
  return {
    depths: () => Promise.all(pairs.map((q) => queueDepth(sqsFromConfig(), q))),
    redrive: (queue: QueuePair['id'], opts: RedriveOptions) => {
      const pair = pairs.find((q) => q.id === queue);
      if (!pair) throw new NotFoundError('Queue', queue);
      return redriveDlq(sqsFromConfig(), pair, opts);
    },
  };
});
