import { adjustCredits } from '#shared/domain/credits/adjust';
import { httpHandler } from '#shared/http/handler';
import { adjustCreditsRoute } from '#shared/http/routes/credits';
import { creditPorts } from '#shared/wiring/credits';

export const handler = httpHandler(adjustCreditsRoute, async ({ auth, body, headers }) =>
  adjustCredits(creditPorts(), auth.projectId, body, { keyId: auth.keyId, idempotencyKey: headers['idempotency-key'] }),
);
