import { startProjectRun } from '../../../shared/domain/reconciliation/service';
import { driftPorts } from '../../../shared/domain/reconciliation/wiring';
import { httpHandler } from '../../../shared/http/handler';
import { startRunRoute } from '../../../shared/http/routes/reconciliation';

const ports = driftPorts();
/** Leaves room to store the report and answer before API Gateway's 30 s limit. */
const BUDGET_MS = (startRunRoute.timeoutSeconds! - 5) * 1000;

export const handler = httpHandler(startRunRoute, async ({ auth, body }) => startProjectRun(ports, auth.projectId, body, BUDGET_MS));
