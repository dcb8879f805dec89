import { startProjectRun } from '#shared/domain/reconciliation/runs';
import { httpHandler } from '#shared/http/handler';
import { startRunRoute } from '#shared/http/routes/reconciliation';
import { driftPorts } from '#shared/wiring/reconciliation';

/** Leaves room to store the report and answer before API Gateway's 30 s limit. */
const BUDGET_MS = (startRunRoute.timeoutSeconds! - 5) * 1000;

export const handler = httpHandler(startRunRoute, async ({ auth, body }) =>
  startProjectRun(driftPorts(), auth.projectId, body, BUDGET_MS),
);
