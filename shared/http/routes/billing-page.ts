import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { WorkspaceId } from '#shared/http/schemas';

/**
 * The customer billing page: an app asks for a short-lived signed link for one workspace and
 * opens or embeds it; the page's own routes take that link's token in their path (no API key
 * reaches the browser). The pages answer HTML (an error page for a bad link), not JSON.
 */
export const PAGE_LINK_DEFAULT_SECONDS = 3600;
export const PAGE_LINK_MAX_SECONDS = 86_400;

export const billingPageSessionRoute = defineRoute({
  id: 'createBillingPageSession',
  method: 'POST',
  path: '/api/v1/billing-page/session',
  summary:
    "A signed link to the workspace's billing page (plan, usage, credits, invoices; change plan, buy credits, cancel, payment methods), valid for `expires_in` seconds. Open it in the customer's browser or embed it in a frame on `return_url`'s origin; it grants that one workspace only.",
  tag: 'Billing page',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  status: 201,
  body: z.strictObject({
    workspace_id: WorkspaceId,
    return_url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .meta({ description: "Where the page's Back link goes; its origin may frame the page." }),
    expires_in: z
      .number()
      .int()
      .min(60)
      .max(PAGE_LINK_MAX_SECONDS)
      .default(PAGE_LINK_DEFAULT_SECONDS)
      .meta({ description: 'Seconds the link stays valid (default 3600).' }),
  }),
  response: z.object({ url: z.string(), expires_at: z.string() }),
  handler: 'functions/http/pages/session.ts',
  access: { table: 'read', cursorSecret: true },
  errors: [404],
});

/** The token is checked by the handler, which answers an HTML error page for a bad one. */
const Token = z.string().min(1).max(2000);
const pageAccess = { table: 'write' as const, stripe: true, razorpay: true, bus: true, cursorSecret: true };
const page = {
  tag: 'Pages',
  auth: 'none' as const,
  scopes: [],
  produces: ['text/html'] as const,
  handler: 'functions/http/pages/billing.ts',
  access: pageAccess,
};

export const billingPageRoute = defineRoute({
  ...page,
  id: 'billingPage',
  method: 'GET',
  path: '/billing/{token}',
  summary: "The workspace's billing page",
  params: z.strictObject({ token: Token }),
  query: z.object({ done: z.string().max(40).optional(), error: z.string().max(40).optional() }),
});

export const billingPlanChangeRoute = defineRoute({
  ...page,
  id: 'billingPagePlanChange',
  method: 'GET',
  path: '/billing/{token}/change-plan',
  summary: 'The amounts of a change of plan (Stripe preview), to confirm',
  params: z.strictObject({ token: Token }),
  query: z.object({ plan: z.string().max(40) }),
});

export const billingCancelRoute = defineRoute({
  ...page,
  id: 'billingPageCancel',
  method: 'GET',
  path: '/billing/{token}/cancel',
  summary: 'Cancelling at the period end, to confirm',
  params: z.strictObject({ token: Token }),
});

export const billingEventsRoute = defineRoute({
  ...page,
  id: 'billingPageEvents',
  method: 'GET',
  path: '/billing/{token}/events',
  summary:
    "The workspace's billing events as Server-Sent Events, answered as soon as there are some (or empty before the function's time runs out); the browser reconnects with Last-Event-ID",
  params: z.strictObject({ token: Token }),
  query: z.object({ after: z.string().max(40).optional() }),
  produces: ['text/event-stream', 'text/html'] as const,
});

export const PAGE_ACTIONS = ['checkout', 'change-plan', 'cancel', 'undo-cancel', 'portal', 'razorpay'] as const;

export const billingActionRoute = defineRoute({
  ...page,
  id: 'billingPageAction',
  method: 'POST',
  path: '/billing/{token}/{action}',
  summary:
    "A form of the billing page (application/x-www-form-urlencoded); answers 303 to the page, to Stripe's Checkout or portal, or to a Razorpay Payment Link for an open INR invoice",
  params: z.strictObject({ token: Token, action: z.enum(PAGE_ACTIONS) }),
  rawBody: true,
  maxBodyBytes: 4096,
});

export const PAGE_ASSET_NAMES = ['billing.js', 'console.js', 'pages.css'] as const;

export const pageAssetRoute = defineRoute({
  id: 'pageAsset',
  method: 'GET',
  path: '/pages/{asset}',
  summary: "The pages' script and stylesheet (built into the function)",
  tag: 'Pages',
  auth: 'none',
  scopes: [],
  params: z.strictObject({ asset: z.enum(PAGE_ASSET_NAMES) }),
  query: z.object({ v: z.string().max(40).optional() }),
  produces: ['application/javascript', 'text/css'],
  handler: 'functions/http/pages/static.ts',
  access: { table: 'none' },
});

export const consoleRoute = defineRoute({
  id: 'operatorConsole',
  method: 'GET',
  path: '/console',
  summary: 'The operator console: calls this API with an admin key kept in the browser tab',
  tag: 'Pages',
  auth: 'none',
  scopes: [],
  produces: ['text/html'],
  handler: 'functions/http/pages/static.ts',
  access: { table: 'none' },
});

export const consoleLinkRoute = defineRoute({
  id: 'operatorConsoleLink',
  method: 'GET',
  path: '/console/{token}',
  summary:
    "The operator console opened by a signed link from `npm run console -- link`: the console gets that link's short-lived admin key for its project (an expired or altered link answers an error page)",
  tag: 'Pages',
  auth: 'none',
  scopes: [],
  params: z.strictObject({ token: Token }),
  produces: ['text/html'],
  handler: 'functions/http/pages/static.ts',
  access: { table: 'none', cursorSecret: true },
});
