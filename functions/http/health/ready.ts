import { runHealthChecks } from '#shared/domain/health/checks';
import { ServiceUnavailableError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { ready, readyV1 } from '#shared/http/routes/health';
import { readinessPorts } from '#shared/wiring/readiness';

const check = async () => {
  const t = (await runHealthChecks(readinessPorts())).checks.dynamodb;
  if (t.status !== 'ok')
    throw new ServiceUnavailableError(`The table is not reachable: ${t.error}`, undefined, { checks: { dynamodb: t } });
  return { status: 'ready' as const };
};

/** `/ready` and `/api/v1/ready`. */
export const handler = httpRouter(httpHandler(ready, check), httpHandler(readyV1, check));
