import { creditEventsOf, creditProductsOf } from '#shared/domain/credits/balance';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { listCreditEventsRoute, listCreditProductsRoute } from '#shared/http/routes/credits';
import { creditPorts } from '#shared/wiring/credits';

const events = httpHandler(listCreditEventsRoute, async ({ auth }) => ({
  data: creditEventsOf(await creditPorts().catalog.forProject(auth.projectId)),
}));
const products = httpHandler(listCreditProductsRoute, async ({ auth }) => ({
  data: creditProductsOf(await creditPorts().catalog.forProject(auth.projectId)),
}));

export const handler = httpRouter(events, products);
