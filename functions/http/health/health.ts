import { runHealthChecks } from '#shared/domain/health/checks';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { health, healthV1 } from '#shared/http/routes/health';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '#shared/time-budgets';
import { healthPorts } from '#shared/wiring/health';

const check = async () => {
  const report = await runHealthChecks(healthPorts());
  if (report.status === 'ok') return new HttpResult(200, report);
  return new HttpResult(503, report, { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
};

/** `/health` and `/api/v1/health`. */
export const handler = httpRouter(httpHandler(health, check), httpHandler(healthV1, check));
