import { createGrant } from '#shared/domain/entitlements/grants';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { createGrantRoute, grantAliasRoute } from '#shared/http/routes/grants';
import { grantPorts } from '#shared/wiring/entitlements';

const create = httpHandler(createGrantRoute, async ({ auth, body }) => createGrant(grantPorts(), auth.projectId, body));
const alias = httpHandler(grantAliasRoute, async ({ auth, body }) => createGrant(grantPorts(), auth.projectId, body));

/** `POST /admin/grants` and its alias `POST /admin/grant` (seed 004's path). */
export const handler = httpRouter(create, alias);
