import { runHealthChecks } from '#shared/domain/health/checks';
import { ServiceUnavailableError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { ready } from '#shared/http/routes/health';
import { readinessPorts } from '#shared/wiring/readiness';

export const handler = httpHandler(ready, async () => {
  const t = (await runHealthChecks(readinessPorts())).checks.dynamodb;
  if (t.status !== 'ok')
    throw new ServiceUnavailableError(`The table is not reachable: ${t.error}`, undefined, { checks: { dynamodb: t } });
  return { status: 'ready' as const };
});
