import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { listDlqsRoute, redriveDlqRoute } from '#shared/http/routes/dlq';
import { ANSWER_MARGIN_MS, functionTimeoutSeconds } from '#shared/time-budgets';
import { deadLetterQueues } from '#shared/wiring/operations';

// Follow the move for half the function's time; a longer one answers `running` and carries on.
const waitMs = (functionTimeoutSeconds([redriveDlqRoute]) * 1000 - ANSWER_MARGIN_MS) / 2;

const list = httpHandler(listDlqsRoute, async () => ({ queues: await deadLetterQueues().depths() }));

const redrive = httpHandler(redriveDlqRoute, async ({ params }) =>
  deadLetterQueues().redrive(params.queue, { waitMs }),
);

export const handler = httpRouter(list, redrive);
