import { getRun } from '#shared/domain/reconciliation/runs';
import { httpHandler } from '#shared/http/handler';
import { getRunRoute } from '#shared/http/routes/reconciliation';
import { runReportPorts } from '#shared/wiring/finance';

export const handler = httpHandler(getRunRoute, async ({ auth, params }) =>
  getRun(runReportPorts(), auth.projectId, params.run_id),
);
