import { recomputePorts, repositories } from '../../../shared/adapters/wiring';
import { revokeGrant } from '../../../shared/domain/entitlements/grants';
import { httpHandler } from '../../../shared/http/handler';
import { deleteGrantRoute } from '../../../shared/http/routes/grants';

const ports = { ...repositories(), recompute: recomputePorts(), clock: () => new Date() };

export const handler = httpHandler(deleteGrantRoute, async ({ auth, params }) => revokeGrant(ports, auth.projectId, params.grant_id));
