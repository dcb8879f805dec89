import { recomputePorts, repositories } from '../../../shared/adapters/wiring';
import { createGrant } from '../../../shared/domain/entitlements/grants';
import { httpHandler } from '../../../shared/http/handler';
import { createGrantRoute } from '../../../shared/http/routes/grants';

const ports = { ...repositories(), recompute: recomputePorts(), clock: () => new Date() };

export const handler = httpHandler(createGrantRoute, async ({ auth, body }) => createGrant(ports, auth.projectId, body));
