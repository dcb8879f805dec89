import type { Plan } from '#shared/domain/catalog/plans';
import type { CatalogSource } from '#shared/domain/catalog/ports';
import { type InvoiceDto, listInvoices } from '#shared/domain/payments/invoices';
import { getSubscription, previewChange, toSubscriptionDto } from '#shared/domain/subscriptions/lifecycle';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import type { UsageReadPorts } from '#shared/domain/usage/ports';
import { type UsageReport, usageReport } from '#shared/domain/usage/report';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { NotFoundError } from '#shared/errors';
import type { CreditBalance, CreditBalanceSource } from './credits';

export interface BillingPagePorts {
  sync: SyncPorts;
  usage: UsageReadPorts;
  catalog: CatalogSource;
  /** The credits ledger's balance; absent, the page shows no credit section. */
  credits?: CreditBalanceSource;
  /** Razorpay Payment Links for open INR invoices; absent (Razorpay not configured), INR invoices pay through Stripe only. */
  razorpay?: InvoicePayLinks;
}

/** A link the customer follows to pay an open invoice of their workspace. */
export interface InvoicePayLinks {
  paymentLink(projectId: string, workspaceId: string, invoiceId: string): Promise<{ url: string }>;
}

export type PageSubscription = ReturnType<typeof toSubscriptionDto> & {
  /** When a past-due subscription loses access (past_due_since + the grace days). */
  grace_ends_at: string | null;
};

export interface PackOffer {
  key: string;
  name: string;
  credits: number;
  amount: number;
  currency: string;
}

/** Everything the billing page shows, read for one workspace of one project. */
export interface BillingPageView {
  workspace: { id: string; name: string; country: string; currency: string };
  subscription: PageSubscription | null;
  usage: UsageReport;
  invoices: InvoiceDto[];
  /** Plans with a price in the workspace's currency: the pricing table. */
  plans: Plan[];
  packs: PackOffer[];
  credits: CreditBalance | null;
  /** What the next invoice will be (Stripe's preview of the subscription as it stands). */
  upcoming: { amount_due: number; currency: string; at: string } | null;
  /** Open INR invoices can be paid through a Razorpay Payment Link. */
  razorpay: boolean;
}

const INVOICES_SHOWN = 12;

export async function readBillingPage(
  ports: BillingPagePorts,
  projectId: string,
  workspaceId: string,
): Promise<BillingPageView> {
  const { sync } = ports;
  const ws = await requireWorkspace(sync, projectId, workspaceId);
  const currency = ws.currency.toLowerCase();
  const snapshot = await getSubscription(sync, projectId, workspaceId).catch((e) => {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  });
  const now = sync.clock();
  const subscription: PageSubscription | null = snapshot
    ? {
        ...toSubscriptionDto(workspaceId, snapshot, now, sync.graceDays),
        grace_ends_at:
          snapshot.status === 'past_due' && snapshot.past_due_since
            ? new Date(Date.parse(snapshot.past_due_since) + sync.graceDays * 86_400_000).toISOString()
            : null,
      }
    : null;
  const live = subscription && !['canceled', 'incomplete_expired'].includes(subscription.stripe_status);
  const [usage, invoices, plans, doc, credits, upcoming] = await Promise.all([
    usageReport(ports.usage, projectId, workspaceId, 'current'),
    listInvoices(sync, projectId, workspaceId, { limit: INVOICES_SHOWN }).then((p) => p.invoices),
    sync.plans(projectId),
    ports.catalog.forProject(projectId),
    ports.credits ? ports.credits.balance(projectId, workspaceId) : Promise.resolve(null),
    // A subscription ending at the period end has no next invoice; Stripe's preview is skipped.
    live && subscription.stripe_status !== 'incomplete' && !subscription.cancel_at_period_end
      ? previewChange(sync, projectId, workspaceId, {}).then(
          (p) => ({ amount_due: p.amount_due, currency: p.currency, at: subscription.current_period_end }),
          () => null,
        )
      : Promise.resolve(null),
  ]);
  return {
    workspace: { id: ws.workspaceId, name: ws.name, country: ws.country, currency },
    subscription,
    usage,
    invoices,
    plans: plans.filter((p) => p.prices.some((x) => x.currency === currency)),
    packs: doc.credit_packs
      .filter((p) => p.prices[currency] !== undefined)
      .map((p) => ({ key: p.key, name: p.name, credits: p.credits, amount: p.prices[currency], currency })),
    credits,
    upcoming,
    razorpay: ports.razorpay !== undefined,
  };
}
