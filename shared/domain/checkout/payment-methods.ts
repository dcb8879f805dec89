import type Stripe from 'stripe';
import { ensureCustomer } from '#shared/domain/subscriptions/lifecycle';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { stripeIdempotencyKey } from '#shared/domain/tenancy/stripe-idempotency';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { NotFoundError } from '#shared/errors';

const key = (projectId: string, workspaceId: string, requestKey: string | undefined, op: string) => ({
  idempotencyKey: stripeIdempotencyKey(projectId, `${op}:${workspaceId}`, requestKey),
});

/** A payment method as the API shows it: its card's brand, last digits and expiry, if a card. */
export const paymentMethodView = (pm: Stripe.PaymentMethod) => ({
  id: pm.id,
  type: pm.type,
  brand: pm.card?.brand ?? null,
  last4: pm.card?.last4 ?? null,
  exp_month: pm.card?.exp_month ?? null,
  exp_year: pm.card?.exp_year ?? null,
});

const pmDto = (pm: Stripe.PaymentMethod, defaultId: string | null) => ({
  ...paymentMethodView(pm),
  is_default: pm.id === defaultId,
});

async function customerOf(ports: SyncPorts, projectId: string, workspaceId: string) {
  const ws = await requireWorkspace(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  return { ws, stripe, customer: await ensureCustomer(ports, ws) };
}

async function defaultPaymentMethod(stripe: Stripe, customer: string): Promise<string | null> {
  const c = (await stripe.customers.retrieve(customer)) as Stripe.Customer;
  const d = c.invoice_settings?.default_payment_method;
  return typeof d === 'string' ? d : (d?.id ?? null);
}

export async function listPaymentMethods(ports: SyncPorts, projectId: string, workspaceId: string) {
  const { stripe, customer } = await customerOf(ports, projectId, workspaceId);
  const [list, def] = await Promise.all([
    stripe.paymentMethods.list({ customer, type: 'card', limit: 100 }),
    defaultPaymentMethod(stripe, customer),
  ]);
  return { payment_methods: list.data.map((pm) => pmDto(pm, def)) };
}

export async function createSetupIntent(ports: SyncPorts, projectId: string, workspaceId: string, requestKey?: string) {
  const { stripe, customer } = await customerOf(ports, projectId, workspaceId);
  const si = await stripe.setupIntents.create(
    { customer, usage: 'off_session' },
    key(projectId, workspaceId, requestKey, 'setup-intent'),
  );
  return { id: si.id, client_secret: si.client_secret };
}

/** A payment method of another customer is "not found": ids must not leak across workspaces. */
async function ownedPaymentMethod(stripe: Stripe, customer: string, id: string) {
  const pm = await stripe.paymentMethods.retrieve(id);
  const owner = typeof pm.customer === 'string' ? pm.customer : pm.customer?.id;
  if (owner !== customer) throw new NotFoundError('Payment method', id);
  return pm;
}

export async function setDefaultPaymentMethod(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  id: string,
  requestKey?: string,
) {
  const { stripe, customer } = await customerOf(ports, projectId, workspaceId);
  const pm = await ownedPaymentMethod(stripe, customer, id);
  await stripe.customers.update(
    customer,
    { invoice_settings: { default_payment_method: pm.id } },
    key(projectId, workspaceId, requestKey, 'pm-default'),
  );
  return pmDto(pm, pm.id);
}

export async function detachPaymentMethod(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  id: string,
  requestKey?: string,
) {
  const { stripe, customer } = await customerOf(ports, projectId, workspaceId);
  await ownedPaymentMethod(stripe, customer, id);
  const pm = await stripe.paymentMethods.detach(id, {}, key(projectId, workspaceId, requestKey, 'pm-detach'));
  return { id: pm.id, detached: true as const };
}
