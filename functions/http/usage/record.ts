import { recordUsage } from '#shared/domain/usage/record';
import { httpHandler } from '#shared/http/handler';
import { recordUsageRoute } from '#shared/http/routes/usage';
import { usagePorts } from '#shared/wiring/usage';

export const handler = httpHandler(recordUsageRoute, async ({ auth, body }) =>
  recordUsage(usagePorts(), auth.projectId, body),
);
