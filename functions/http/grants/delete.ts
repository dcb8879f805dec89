import { revokeSelected } from '#shared/domain/entitlements/grant-selection';
import { revokeGrant } from '#shared/domain/entitlements/grants';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { deleteGrantRoute, revokeAliasRoute } from '#shared/http/routes/grants';
import { grantPorts } from '#shared/wiring/entitlements';

const remove = httpHandler(deleteGrantRoute, async ({ auth, params }) =>
  revokeGrant(grantPorts(), auth.projectId, params.grant_id),
);
const revoke = httpHandler(revokeAliasRoute, async ({ auth, body }) =>
  revokeSelected(
    grantPorts(),
    auth.projectId,
    body.grant_id
      ? { grant_id: body.grant_id }
      : { workspace_id: body.workspace_id!, feature: body.feature, meter: body.meter },
  ),
);

/** `DELETE /admin/grants/{id}` and seed 004's `POST /admin/revoke`. */
export const handler = httpRouter(remove, revoke);
