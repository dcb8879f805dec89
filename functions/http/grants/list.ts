import { recomputePorts, repositories } from '../../../shared/adapters/wiring';
import { listWorkspaceGrants } from '../../../shared/domain/entitlements/grants';
import { httpHandler } from '../../../shared/http/handler';
import { listGrantsRoute } from '../../../shared/http/routes/grants';

const ports = { ...repositories(), recompute: recomputePorts(), clock: () => new Date() };

export const handler = httpHandler(listGrantsRoute, async ({ auth, query }) => ({ grants: await listWorkspaceGrants(ports, auth.projectId, query.workspace_id) }));
