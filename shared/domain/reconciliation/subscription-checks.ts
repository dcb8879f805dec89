import type Stripe from 'stripe';
import { cancelsAtPeriodEnd, type SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { syncSubscription, type WorkspaceRef } from '#shared/domain/subscriptions/sync';
import type { DriftOptions } from './drift';
import type { DriftPorts } from './ports';
import type { DriftKind } from './report';
import { type RunLog, stripePages } from './run-log';

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);
const iso = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);
const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));

/** How a table snapshot differs from the subscription Stripe has; empty when they agree. */
export function subscriptionDrift(
  sub: Stripe.Subscription,
  snap: SubscriptionSnapshot | undefined,
): { kind: DriftKind; detail: string }[] {
  const item = sub.items.data[0];
  if (!snap || snap.subscription_id !== sub.id) {
    const tableLive = snap && LIVE.has(snap.status);
    return LIVE.has(sub.status) && !tableLive
      ? [
          {
            kind: 'subscription_missing',
            detail: `Stripe has ${sub.status} subscription ${sub.id}; the table has ${snap ? `${snap.subscription_id} (${snap.status})` : 'none'}`,
          },
        ]
      : [];
  }
  const out: { kind: DriftKind; detail: string }[] = [];
  if (snap.status !== sub.status)
    out.push({ kind: 'subscription_status', detail: `status ${snap.status} in the table, ${sub.status} at Stripe` });
  if (item && (snap.price_id !== item.price.id || snap.seats !== (item.quantity ?? 1))) {
    out.push({
      kind: 'subscription_plan',
      detail: `price ${snap.price_id} × ${snap.seats} in the table, ${item.price.id} × ${item.quantity ?? 1} at Stripe`,
    });
  }
  if (
    item &&
    (snap.current_period_end !== iso(item.current_period_end) || snap.cancel_at_period_end !== cancelsAtPeriodEnd(sub))
  ) {
    out.push({
      kind: 'subscription_period',
      detail: `period end ${snap.current_period_end} (cancel at end: ${snap.cancel_at_period_end}) in the table, ${iso(item.current_period_end)} (${cancelsAtPeriodEnd(sub)}) at Stripe`,
    });
  }
  return out;
}

/** Stripe's subscriptions against the table's snapshots; a drift is fixed by syncing the subscription. */
export async function checkSubscriptions(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  log.begin('subscriptions');
  for await (const sub of stripePages((after) =>
    stripe.subscriptions.list({ status: 'all', limit: 100, ...(after ? { starting_after: after } : {}) }),
  )) {
    log.tick();
    const customer = idOf(sub.customer as string)!;
    const link = await ports.customers.findCustomer(customer);
    const md = sub.metadata ?? {};
    const ref: WorkspaceRef | undefined = link
      ? { projectId: link.projectId, workspaceId: link.workspaceId }
      : md.project_id && md.workspace_id
        ? { projectId: md.project_id, workspaceId: md.workspace_id }
        : undefined;
    if (!ref || (opts.projectId && ref.projectId !== opts.projectId)) continue;
    if (!(await ports.workspaces.get(ref.projectId, ref.workspaceId))) continue; // not this deployment's
    log.checked(ref.projectId);
    const drifts = subscriptionDrift(sub, await ports.subscriptions.getSubscription(ref.projectId, ref.workspaceId));
    if (!drifts.length) continue;
    let fixed = false;
    if (!opts.dryRun) {
      const r = await syncSubscription(ports, sub, `drift:${log.run.run_id}:${sub.id}`);
      fixed =
        Boolean(r) &&
        subscriptionDrift(sub, await ports.subscriptions.getSubscription(ref.projectId, ref.workspaceId)).length === 0;
    }
    for (const d of drifts) log.drift(d.kind, sub.id, ref, d.detail, fixed);
  }
  log.end();
}

/** Stripe's customers against the customer links and the workspaces they name. */
export async function checkCustomers(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  log.begin('customers');
  for await (const c of stripePages((after) =>
    stripe.customers.list({ limit: 100, ...(after ? { starting_after: after } : {}) }),
  )) {
    log.tick();
    const md = c.metadata ?? {};
    if (!md.project_id || !md.workspace_id || (opts.projectId && md.project_id !== opts.projectId)) continue;
    const ref = { projectId: md.project_id, workspaceId: md.workspace_id };
    const ws = await ports.workspaces.get(ref.projectId, ref.workspaceId);
    if (!ws) continue;
    log.checked(ref.projectId);
    const link = await ports.customers.findCustomer(c.id);
    if (!link) {
      if (!opts.dryRun) await ports.customers.linkCustomer({ customerId: c.id, ...ref });
      log.drift('customer_link', c.id, ref, 'no customer → workspace link', !opts.dryRun);
    } else if (link.projectId !== ref.projectId || link.workspaceId !== ref.workspaceId) {
      // A link is never moved automatically: a customer bills one workspace, and an adopted
      // customer's metadata may name another. Which one is right is a human's call.
      log.drift(
        'customer_link',
        c.id,
        link,
        `linked to ${link.projectId}/${link.workspaceId}; the customer's metadata names ${ref.projectId}/${ref.workspaceId}`,
        false,
      );
      continue;
    }
    if (!ws.stripeCustomerId) {
      if (!opts.dryRun) await ports.workspaces.setStripeCustomer(ref.projectId, ref.workspaceId, c.id);
      log.drift('workspace_customer', c.id, ref, 'the workspace names no Stripe customer', !opts.dryRun);
    } else if (ws.stripeCustomerId !== c.id) {
      // Two customers claim one workspace: which one is billed is a human's call.
      log.drift(
        'workspace_customer',
        c.id,
        ref,
        `the workspace is billed to ${ws.stripeCustomerId}; ${c.id} also claims it`,
        false,
      );
    }
  }
  log.end();
}
