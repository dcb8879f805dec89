import type Stripe from 'stripe';
import { paymentMethodView } from '#shared/domain/checkout/payment-methods';
import type { EntitlementReadPorts } from '#shared/domain/entitlements/ports';
import { readEntitlements } from '#shared/domain/entitlements/read';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { subscriptionAccess } from '#shared/domain/subscriptions/snapshot';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import type { CreditBalanceReader } from './ports';

export interface SummaryPorts {
  sync: Pick<SyncPorts, 'stripe' | 'subscriptions' | 'workspaces' | 'clock' | 'graceDays'>;
  entitlements: EntitlementReadPorts;
  credits: CreditBalanceReader;
}

const iso = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);
const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));
const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused']);

/** What the customer will be charged next, as Stripe previews it (null when nothing is coming). */
async function nextInvoice(stripe: Stripe, customer: string, subscriptionId: string) {
  try {
    const inv = await stripe.invoices.createPreview({ customer, subscription: subscriptionId });
    return {
      amount_due: inv.amount_due,
      total: inv.total,
      currency: inv.currency,
      period_start: iso(inv.period_start),
      period_end: iso(inv.period_end),
      next_payment_attempt: iso(inv.next_payment_attempt),
    };
  } catch (e) {
    // Stripe has no upcoming invoice for a subscription that is ending or ended.
    // (the translated error keeps Stripe's code in its details).
    const code =
      (e as { code?: string; details?: { stripe_code?: string } }).details?.stripe_code ??
      (e as { code?: string }).code;
    if (code === 'invoice_upcoming_none') return null;
    throw e;
  }
}

async function defaultPaymentMethod(stripe: Stripe, customer: string) {
  const c = (await stripe.customers.retrieve(customer, { expand: ['invoice_settings.default_payment_method'] })) as
    | Stripe.Customer
    | Stripe.DeletedCustomer;
  if ('deleted' in c && c.deleted) return null;
  const pm = (c as Stripe.Customer).invoice_settings?.default_payment_method;
  if (!pm || typeof pm === 'string')
    return pm ? { id: pm, type: 'unknown', brand: null, last4: null, exp_month: null, exp_year: null } : null;
  return paymentMethodView(pm);
}

/**
 * One page for a workspace's billing: its plan and subscription status and period, the next
 * invoice as Stripe previews it, usage against limits, the credit balance, the default payment
 * method, and the open invoices with the page where each is paid. A workspace Stripe does not
 * know yet answers from the table alone (nothing is created at Stripe by looking).
 */
export async function billingSummary(ports: SummaryPorts, projectId: string, workspaceId: string) {
  const ws = await requireWorkspace(ports.sync, projectId, workspaceId);
  const [view, sub, credits] = await Promise.all([
    readEntitlements(ports.entitlements, projectId, workspaceId),
    ports.sync.subscriptions.getSubscription(projectId, workspaceId),
    ports.credits.balanceOf(projectId, workspaceId),
  ]);
  const customer = ws.stripeCustomerId;
  const stripe = customer ? await ports.sync.stripe() : undefined;
  const [next, pm, open] =
    stripe && customer
      ? await Promise.all([
          sub && LIVE.has(sub.status) ? nextInvoice(stripe, customer, sub.subscription_id) : Promise.resolve(null),
          defaultPaymentMethod(stripe, customer),
          stripe.invoices.list({ customer, status: 'open', limit: 100 }),
        ])
      : [null, null, null];
  const access = subscriptionAccess(sub, ports.sync.clock(), ports.sync.graceDays);
  return {
    workspace_id: workspaceId,
    plan: view.plan,
    plan_source: view.plan_source,
    status: sub?.status ?? null,
    has_access: access.granted,
    access_reason: view.access_reason,
    subscription: sub
      ? {
          subscription_id: sub.subscription_id,
          plan: sub.plan,
          interval: sub.interval,
          seats: sub.seats,
          currency: sub.currency,
          cancel_at_period_end: sub.cancel_at_period_end,
          cancel_at: sub.cancel_at,
          trial_end: sub.trial_end,
          pending_plan: sub.pending_plan,
        }
      : null,
    period: sub ? { start: sub.current_period_start, end: sub.current_period_end } : view.billing_period,
    next_invoice: next,
    usage: Object.fromEntries(
      Object.entries(view.meters).map(([meter, m]) => [
        meter,
        {
          used: m.used,
          limit: m.limit,
          remaining: m.remaining,
          exceeded: m.exceeded,
          window: m.window,
          resets_at: m.resets_at,
        },
      ]),
    ),
    credits,
    default_payment_method: pm,
    open_invoices: (open?.data ?? []).map((inv) => ({
      id: inv.id!,
      number: inv.number ?? null,
      amount_due: inv.amount_due,
      amount_remaining: inv.amount_remaining,
      currency: inv.currency,
      due_date: iso(inv.due_date),
      subscription_id: idOf(inv.parent?.subscription_details?.subscription as string | undefined),
      hosted_invoice_url: inv.hosted_invoice_url ?? null,
    })),
  };
}
