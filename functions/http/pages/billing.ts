import { httpHandler } from '#shared/http/handler';
import { publicBaseUrl } from '#shared/http/public-url';
import { httpRouter } from '#shared/http/router';
import {
  billingActionRoute,
  billingCancelRoute,
  billingEventsRoute,
  billingPageRoute,
  billingPlanChangeRoute,
} from '#shared/http/routes/billing-page';
import { pageAction, pageEvents, showCancel, showPage, showPlanChange } from '#shared/pages/billing-flows';
import { billingPagePorts, pageEventPorts, pageLinkPorts } from '#shared/wiring/billing-page';

const ports = () => ({ link: pageLinkPorts(), page: billingPagePorts() });
const request = (r: { params: { token: string }; headers: Record<string, string | undefined> }) => ({
  token: r.params.token,
  headers: r.headers,
  baseUrl: publicBaseUrl(r.headers),
});

const page = httpHandler(billingPageRoute, async (r) => showPage(ports(), request(r), r.query));
const planChange = httpHandler(billingPlanChangeRoute, async (r) => showPlanChange(ports(), request(r), r.query.plan));
const cancel = httpHandler(billingCancelRoute, async (r) => showCancel(ports(), request(r)));
const events = httpHandler(billingEventsRoute, async (r) =>
  pageEvents({ ...ports(), events: pageEventPorts() }, request(r), r.query.after),
);
const action = httpHandler(billingActionRoute, async (r) =>
  pageAction(ports(), request(r), r.params.action, r.rawBody),
);

/** The billing page, its confirmations, its forms and its live updates share one function. */
export const handler = httpRouter(page, planChange, cancel, events, action);
