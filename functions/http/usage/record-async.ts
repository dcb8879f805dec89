import { publishUsage } from '#shared/domain/usage/record';
import { httpHandler } from '#shared/http/handler';
import { recordUsageAsyncRoute } from '#shared/http/routes/usage';
import { usagePublishPorts } from '#shared/wiring/usage-queue';

export const handler = httpHandler(recordUsageAsyncRoute, async ({ auth, body }) =>
  publishUsage(usagePublishPorts(), auth.projectId, body),
);
