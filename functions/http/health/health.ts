import { runHealthChecks } from '#shared/domain/health/checks';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { health } from '#shared/http/routes/health';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '#shared/time-budgets';
import { healthPorts } from '#shared/wiring/health';

export const handler = httpHandler(health, async () => {
  const report = await runHealthChecks(healthPorts());
  if (report.status === 'ok') return new HttpResult(200, report);
  return new HttpResult(503, report, { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
});
