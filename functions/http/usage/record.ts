import { recordUsage } from '../../../shared/domain/usage/service';
import { usagePortsFromConfig } from '../../../shared/domain/usage/wiring';
import { httpHandler } from '../../../shared/http/handler';
import { recordUsageRoute } from '../../../shared/http/routes/usage';

const ports = usagePortsFromConfig();

export const handler = httpHandler(recordUsageRoute, async ({ auth, body }) => recordUsage(ports, auth.projectId, body));
