import { consumeCredits } from '#shared/domain/credits/consume';
import { httpHandler } from '#shared/http/handler';
import { consumeCreditsRoute } from '#shared/http/routes/credits';
import { creditPorts } from '#shared/wiring/credits';

export const handler = httpHandler(consumeCreditsRoute, async ({ auth, body }) =>
  consumeCredits(creditPorts(), auth.projectId, body),
);
