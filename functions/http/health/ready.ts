import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { checkTable } from '../../../shared/domain/health/checks';
import { ServiceUnavailableError } from '../../../shared/errors';
import { httpHandler } from '../../../shared/http/handler';
import { ready } from '../../../shared/http/routes/health';

const table = tableFromConfig();

export const handler = httpHandler(ready, async () => {
  const t = await checkTable(table);
  if (t.status !== 'ok') throw new ServiceUnavailableError(`The table is not reachable: ${t.error}`, undefined, { checks: { dynamodb: t } });
  return { status: 'ready' as const };
});
