import { usageReport } from '#shared/domain/usage/report';
import { httpHandler } from '#shared/http/handler';
import { usageReportRoute } from '#shared/http/routes/usage';
import { usageReadPorts } from '#shared/wiring/read';

export const handler = httpHandler(usageReportRoute, async ({ auth, params, query }) =>
  usageReport(usageReadPorts(), auth.projectId, params.workspace_id, query.period),
);
