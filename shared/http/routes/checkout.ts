import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { WorkspaceId, WorkspaceParams } from '#shared/http/schemas';

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const stripeAccess = { table: 'write' as const, stripe: true };

export const CheckoutBody = z
  .strictObject({
    workspace_id: WorkspaceId,
    plan: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,30}$/)
      .optional()
      .meta({ description: 'A plan to subscribe to (Checkout in subscription mode).' }),
    pack: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,30}$/)
      .optional()
      .meta({
        description:
          'A credit pack to buy once (Checkout in payment mode); once paid its credits land in the purchased credits of the workspace (never expiring), and a refund takes back what is unconsumed.',
      }),
    interval: z.enum(['month', 'year']).optional().meta({ description: 'Plans only; default month.' }),
    seats: z.number().int().min(1).max(100000).optional().meta({ description: 'Plans only; default 1.' }),
    quantity: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Packs only: how many packs; default 1.' }),
    success_url: HttpUrl,
    cancel_url: HttpUrl,
  })
  .superRefine((b, ctx) => {
    if (!b.plan === !b.pack) ctx.addIssue({ code: 'custom', path: ['plan'], message: 'give either plan or pack' });
    if (b.pack && b.interval) ctx.addIssue({ code: 'custom', path: ['interval'], message: 'applies to plans only' });
    if (b.pack && b.seats)
      ctx.addIssue({ code: 'custom', path: ['seats'], message: 'applies to plans only; use quantity' });
    if (b.plan && b.quantity)
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'applies to packs only; use seats' });
  });

export const checkoutSessionRoute = defineRoute({
  id: 'createCheckoutSession',
  method: 'POST',
  path: '/api/v1/checkout/session',
  summary:
    'A Stripe Checkout Session for a plan (the subscription lands via webhooks) or a credit pack (the credits land via webhooks)',
  tag: 'Checkout',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  status: 201,
  body: CheckoutBody,
  response: z.object({ id: z.string(), url: z.string() }),
  handler: 'functions/http/checkout/session.ts',
  access: stripeAccess,
  errors: [404, 409, 422, 502],
});

export const portalSessionRoute = defineRoute({
  id: 'createPortalSession',
  method: 'POST',
  path: '/api/v1/portal/session',
  summary: 'A Stripe billing portal link for the workspace',
  tag: 'Checkout',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  status: 201,
  body: z.strictObject({ workspace_id: WorkspaceId, return_url: HttpUrl }),
  response: z.object({ url: z.string() }),
  handler: 'functions/http/checkout/portal.ts',
  access: stripeAccess,
  errors: [404, 502],
});

const PaymentMethodDto = z.object({
  id: z.string(),
  type: z.string(),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  exp_month: z.number().nullable(),
  exp_year: z.number().nullable(),
  is_default: z.boolean(),
});
const PmParams = z.strictObject({
  workspace_id: WorkspaceId,
  payment_method_id: z.string().regex(/^pm_[A-Za-z0-9]{1,64}$/),
});
const pm = {
  tag: 'Payment methods',
  auth: 'api-key' as const,
  scopes: ['subscriptions:manage' as const],
  handler: 'functions/http/checkout/payment-methods.ts',
  access: stripeAccess,
  errors: [404, 502],
};

export const listPaymentMethodsRoute = defineRoute({
  ...pm,
  id: 'listPaymentMethods',
  method: 'GET',
  path: '/api/v1/workspaces/{workspace_id}/payment-methods',
  summary: "The workspace's saved cards",
  params: WorkspaceParams,
  response: z.object({ payment_methods: z.array(PaymentMethodDto) }),
});
export const setupIntentRoute = defineRoute({
  ...pm,
  id: 'createSetupIntent',
  method: 'POST',
  path: '/api/v1/workspaces/{workspace_id}/payment-methods/setup-intent',
  summary: 'A SetupIntent to save a card with Stripe.js',
  status: 201,
  params: WorkspaceParams,
  body: z.strictObject({}),
  response: z.object({ id: z.string(), client_secret: z.string().nullable() }),
});
export const defaultPaymentMethodRoute = defineRoute({
  ...pm,
  id: 'setDefaultPaymentMethod',
  method: 'POST',
  path: '/api/v1/workspaces/{workspace_id}/payment-methods/{payment_method_id}/default',
  summary: 'Make a saved card the default for invoices',
  params: PmParams,
  body: z.strictObject({}),
  response: PaymentMethodDto,
});
export const detachPaymentMethodRoute = defineRoute({
  ...pm,
  id: 'detachPaymentMethod',
  method: 'DELETE',
  path: '/api/v1/workspaces/{workspace_id}/payment-methods/{payment_method_id}',
  summary: 'Remove a saved card',
  params: PmParams,
  response: z.object({ id: z.string(), detached: z.literal(true) }),
});
