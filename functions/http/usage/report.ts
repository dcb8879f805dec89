import { usageReadPortsFromConfig } from '../../../shared/domain/usage/read-ports';
import { usageReport } from '../../../shared/domain/usage/service';
import { httpHandler } from '../../../shared/http/handler';
import { usageReportRoute } from '../../../shared/http/routes/usage';

const ports = usageReadPortsFromConfig();

export const handler = httpHandler(usageReportRoute, async ({ auth, params, query }) => usageReport(ports, auth.projectId, params.workspace_id, query.period));
