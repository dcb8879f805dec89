import { config } from '../../../shared/config';
import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { sqsFromConfig } from '../../../shared/adapters/sqs/client';
import { runHealthChecks } from '../../../shared/domain/health/checks';
import { httpHandler, HttpResult } from '../../../shared/http/handler';
import { health } from '../../../shared/http/routes/health';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../../shared/time-budgets';

const c = config();
const ports = {
  table: tableFromConfig(),
  sqs: sqsFromConfig(),
  queues: { usage: c.USAGE_QUEUE_URL, stripe: c.STRIPE_QUEUE_URL, payment: c.PAYMENT_QUEUE_URL },
};

export const handler = httpHandler(health, async () => {
  const report = await runHealthChecks(ports);
  if (report.status === 'ok') return new HttpResult(200, report);
  return new HttpResult(503, report, { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
});
