import { config } from '../../../shared/config';
import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { sqsFromConfig } from '../../../shared/adapters/sqs/client';
import { runHealthChecks } from '../../../shared/domain/health/checks';
import { httpHandler, HttpResult } from '../../../shared/http/handler';
import { health } from '../../../shared/http/routes/health';

const c = config();
const ports = {
  table: tableFromConfig(),
  sqs: sqsFromConfig(),
  queues: { usage: c.USAGE_QUEUE_URL, stripe: c.STRIPE_QUEUE_URL, payment: c.PAYMENT_QUEUE_URL },
};

export const handler = httpHandler(health, async () => {
  const report = await runHealthChecks(ports);
  return new HttpResult(report.status === 'ok' ? 200 : 503, report);
});
