import { createPageLink } from '#shared/domain/billing-page/session';
import { httpHandler } from '#shared/http/handler';
import { publicBaseUrl } from '#shared/http/public-url';
import { billingPageSessionRoute } from '#shared/http/routes/billing-page';
import { pageLinkPorts } from '#shared/wiring/page-links';

export const handler = httpHandler(billingPageSessionRoute, async ({ auth, body, headers }) =>
  createPageLink(pageLinkPorts(), auth, body, publicBaseUrl(headers)),
);
