import type Stripe from 'stripe';
import { packLookupKey, packProductId } from '#shared/domain/catalog/catalog';
import { findPrice } from '#shared/domain/catalog/plans';
import { ensureCustomer } from '#shared/domain/subscriptions/lifecycle';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { stripeIdempotencyKey } from '#shared/domain/tenancy/stripe-idempotency';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { ConflictError, NotFoundError, UnprocessableError } from '#shared/errors';
import type { PackMetadata } from './purchases';

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);
const key = (projectId: string, workspaceId: string, requestKey: string | undefined, op: string) => ({
  idempotencyKey: stripeIdempotencyKey(projectId, `${op}:${workspaceId}`, requestKey),
});

export interface CheckoutInput {
  workspace_id: string;
  plan?: string;
  pack?: string;
  interval?: 'month' | 'year';
  seats?: number;
  quantity?: number;
  success_url: string;
  cancel_url: string;
}

/** A Checkout Session for a plan (subscription mode) or a credit pack (payment mode). */
export async function createCheckoutSession(
  ports: SyncPorts,
  projectId: string,
  input: CheckoutInput,
  requestKey?: string,
): Promise<{ id: string; url: string }> {
  const ws = await requireWorkspace(ports, projectId, input.workspace_id);
  const params = input.pack
    ? await packCheckout(ports, projectId, ws, input.pack, input.quantity ?? 1)
    : await planCheckout(ports, projectId, ws, input);
  const customer = await ensureCustomer(ports, ws);
  const stripe = await ports.stripe();
  const session = await stripe.checkout.sessions.create(
    {
      ...params,
      customer,
      client_reference_id: ws.workspaceId,
      success_url: input.success_url,
      cancel_url: input.cancel_url,
    },
    key(projectId, ws.workspaceId, requestKey, `checkout-${params.mode}`),
  );
  return { id: session.id, url: session.url! };
}

type Workspace = Awaited<ReturnType<typeof requireWorkspace>>;

async function planCheckout(
  ports: SyncPorts,
  projectId: string,
  ws: Workspace,
  input: CheckoutInput,
): Promise<Stripe.Checkout.SessionCreateParams> {
  const existing = await ports.subscriptions.getSubscription(projectId, ws.workspaceId);
  if (existing && LIVE.has(existing.status))
    throw new ConflictError('Workspace already has a subscription; change its plan instead', 'subscription_exists');
  const plan = (await ports.plans()).find((p) => p.plan === input.plan);
  if (!plan) throw new NotFoundError('Plan', input.plan!);
  const interval = input.interval ?? 'month';
  const price = findPrice(plan, interval, ws.currency);
  if (!price)
    throw new UnprocessableError(
      `Plan '${plan.plan}' has no ${interval}ly price in ${ws.currency.toUpperCase()}`,
      'price_unavailable',
    );
  const metadata = { workspace_id: ws.workspaceId, project_id: projectId, plan: plan.plan };
  return {
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: input.seats ?? 1 }],
    metadata,
    subscription_data: { metadata },
  };
}

/** The pack's product and price come from Stripe (the catalog's home), its credits from the product. */
async function packCheckout(
  ports: SyncPorts,
  projectId: string,
  ws: Workspace,
  pack: string,
  quantity: number,
): Promise<Stripe.Checkout.SessionCreateParams> {
  const stripe = await ports.stripe();
  const product = await stripe.products.retrieve(packProductId(pack)).catch((e) => {
    throw e instanceof NotFoundError ? new NotFoundError('Credit pack', pack) : e;
  });
  const perPack = Number(product.metadata.tollgate_credits);
  if (
    product.metadata.tollgate_kind !== 'credit_pack' ||
    !product.active ||
    !Number.isSafeInteger(perPack) ||
    perPack <= 0
  )
    throw new NotFoundError('Credit pack', pack);
  const prices = await stripe.prices.list({ lookup_keys: [packLookupKey(pack, ws.currency)], active: true, limit: 1 });
  // The credits come from the product, so the price must be this product's one-time price.
  const price = prices.data.find(
    (p) => (typeof p.product === 'string' ? p.product : p.product.id) === product.id && p.type === 'one_time',
  );
  if (!price)
    throw new UnprocessableError(
      `Credit pack '${pack}' has no price in ${ws.currency.toUpperCase()}`,
      'price_unavailable',
    );
  const metadata: PackMetadata = {
    workspace_id: ws.workspaceId,
    project_id: projectId,
    pack,
    credits: String(perPack * quantity),
  };
  return {
    mode: 'payment',
    line_items: [{ price: price.id, quantity }],
    metadata: { ...metadata },
    payment_intent_data: { metadata: { ...metadata } },
  };
}

export async function createPortalSession(
  ports: SyncPorts,
  projectId: string,
  input: { workspace_id: string; return_url: string },
  requestKey?: string,
) {
  const ws = await requireWorkspace(ports, projectId, input.workspace_id);
  const customer = await ensureCustomer(ports, ws);
  const stripe = await ports.stripe();
  const s = await stripe.billingPortal.sessions.create(
    { customer, return_url: input.return_url },
    key(projectId, ws.workspaceId, requestKey, 'portal'),
  );
  return { url: s.url };
}
