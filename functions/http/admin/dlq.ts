import { config } from '../../../shared/config';
import { queueDepth, redriveDlq, type QueuePair } from '../../../shared/adapters/sqs/dlq';
import { sqsFromConfig } from '../../../shared/adapters/sqs/client';
import { httpHandler } from '../../../shared/http/handler';
import { httpRouter } from '../../../shared/http/router';
import { listDlqsRoute, redriveDlqRoute } from '../../../shared/http/routes/dlq';
import { queues } from '../../../shared/sqs/queues';
import { ANSWER_MARGIN_MS, functionTimeoutSeconds } from '../../../shared/time-budgets';

const c = config();
const pairs: QueuePair[] = queues.map((q) => ({ id: q.id, url: c[q.urlEnv], dlqUrl: c[q.dlqUrlEnv] }));
// Follow the move for half the function's time; a longer one answers `running` and carries on.
const waitMs = (functionTimeoutSeconds([redriveDlqRoute]) * 1000 - ANSWER_MARGIN_MS) / 2;

const list = httpHandler(listDlqsRoute, async () => ({ queues: await Promise.all(pairs.map((q) => queueDepth(sqsFromConfig(), q))) }));

const redrive = httpHandler(redriveDlqRoute, async ({ params }) => redriveDlq(sqsFromConfig(), pairs.find((q) => q.id === params.queue)!, { waitMs }));

export const handler = httpRouter(list, redrive);
