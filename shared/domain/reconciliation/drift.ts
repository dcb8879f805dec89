import type Stripe from 'stripe';
import { ulid } from 'ulid';
import type { ReconciliationRepository } from '../../adapters/dynamodb/reconciliation-repository';
import { stripeCall } from '../../adapters/stripe/errors';
import { stripePages } from '../../adapters/stripe/pagination';
import { logger, METRIC, metrics, MetricUnit } from '../../observability';
import { attentionId, flagAttention } from '../payments/attention';
import { invoiceCustomerId } from '../payments/invoices';
import type { PaymentPorts } from '../payments/ports';
import { applyRazorpayPayment } from '../payments/razorpay-processor';
import { settleInvoice } from '../payments/settlement';
import type { AttentionItem } from '../payments/types';
import { syncSubscription, type WorkspaceRef } from '../subscriptions/sync';
import { cancelsAtPeriodEnd, type SubscriptionSnapshot } from '../subscriptions/snapshot';
import type { InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import { API_VERSION_REFUSED } from '../webhooks/stripe-events';
import { MAX_ENTRIES, newRun, type CheckKind, type DriftEntry, type DriftKind, type RunRecord, type RunTrigger } from './report';

export interface DriftPorts extends PaymentPorts {
  runs: Pick<ReconciliationRepository, 'putRun' | 'getRun'>;
  inbox: Pick<InboxRepository, 'list'>;
}

export interface DriftProgress {
  phase: CheckKind;
  checked: number;
  found: number;
  fixed: number;
  /** True once the phase has gone through everything. */
  done: boolean;
}

export interface DriftOptions {
  trigger: RunTrigger;
  /** Only this project's workspaces; omitted: every project. */
  projectId?: string;
  /** Find and report, change nothing. */
  dryRun?: boolean;
  /** Epoch ms after which the run stops and reports itself `incomplete` (a Lambda's or API's time budget). */
  deadline?: number;
  /** Paid invoices older than this are not re-examined (the hourly schedule saw them already). */
  lookbackDays?: number;
  /** A settlement claimed less than this long ago may still be in flight; it is left alone. */
  settleGraceMs?: number;
  onProgress?: (p: DriftProgress) => void;
}

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);
const iso = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);
const idOf = (x: string | { id: string } | null | undefined) => (typeof x === 'string' ? x : (x?.id ?? null));

class OutOfTime extends Error {}

/** Collects a run's findings and keeps the stored report bounded. */
class RunLog {
  private counts = { found: 0, fixed: 0 };
  constructor(
    readonly run: RunRecord,
    private readonly opts: DriftOptions,
  ) {}
  phase: CheckKind = 'subscriptions';
  private phaseCounts = { checked: 0, found: 0, fixed: 0 };

  begin(phase: CheckKind) {
    this.phase = phase;
    this.phaseCounts = { checked: 0, found: 0, fixed: 0 };
  }
  end() {
    this.opts.onProgress?.({ phase: this.phase, ...this.phaseCounts, done: true });
  }
  tick() {
    if (this.opts.deadline !== undefined && Date.now() > this.opts.deadline) throw new OutOfTime();
  }
  checked(projectId: string | null) {
    this.run.checked[this.phase]++;
    const p = (this.run.checked_by_project[projectId ?? '-'] ??= {});
    p[this.phase] = (p[this.phase] ?? 0) + 1;
    this.phaseCounts.checked++;
    this.opts.onProgress?.({ phase: this.phase, ...this.phaseCounts, done: false });
  }
  drift(kind: DriftKind, subject: string, ref: Partial<WorkspaceRef> | undefined, detail: string, fixed: boolean, attention?: AttentionItem) {
    this.counts.found++;
    this.phaseCounts.found++;
    if (fixed) (this.counts.fixed++, this.phaseCounts.fixed++);
    this.run.totals = { ...this.counts };
    if (attention) this.attention(attention);
    if (this.run.drifts.length >= MAX_ENTRIES) {
      this.run.truncated = true;
      return;
    }
    const entry: DriftEntry = { kind, subject, project_id: ref?.projectId ?? null, workspace_id: ref?.workspaceId ?? null, detail, fixed, attention_id: attention?.id ?? null };
    this.run.drifts.push(entry);
  }
  attention(a: AttentionItem) {
    if (this.run.attention.some((x) => x.id === a.id)) return;
    if (this.run.attention.length >= MAX_ENTRIES) {
      this.run.truncated = true;
      return;
    }
    this.run.attention.push({ id: a.id, reason: a.reason, message: a.message, project_id: a.projectId, workspace_id: a.workspaceId, invoice_id: a.invoiceId });
  }
}


async function* tablePages<T>(list: (cursor?: string) => Promise<{ items: T[]; cursor: string | null }>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    for (const x of page.items) yield x;
    cursor = page.cursor ?? undefined;
  } while (cursor);
}

/** How a table snapshot differs from the subscription Stripe has; empty when they agree. */
export function subscriptionDrift(sub: Stripe.Subscription, snap: SubscriptionSnapshot | undefined): { kind: DriftKind; detail: string }[] {
  const item = sub.items.data[0];
  if (!snap || snap.subscription_id !== sub.id) {
    const tableLive = snap && LIVE.has(snap.status);
    return LIVE.has(sub.status) && !tableLive ? [{ kind: 'subscription_missing', detail: `Stripe has ${sub.status} subscription ${sub.id}; the table has ${snap ? `${snap.subscription_id} (${snap.status})` : 'none'}` }] : [];
  }
  const out: { kind: DriftKind; detail: string }[] = [];
  if (snap.status !== sub.status) out.push({ kind: 'subscription_status', detail: `status ${snap.status} in the table, ${sub.status} at Stripe` });
  if (item && (snap.price_id !== item.price.id || snap.seats !== (item.quantity ?? 1))) {
    out.push({ kind: 'subscription_plan', detail: `price ${snap.price_id} × ${snap.seats} in the table, ${item.price.id} × ${item.quantity ?? 1} at Stripe` });
  }
  if (item && (snap.current_period_end !== iso(item.current_period_end) || snap.cancel_at_period_end !== cancelsAtPeriodEnd(sub))) {
    out.push({ kind: 'subscription_period', detail: `period end ${snap.current_period_end} (cancel at end: ${snap.cancel_at_period_end}) in the table, ${iso(item.current_period_end)} (${cancelsAtPeriodEnd(sub)}) at Stripe` });
  }
  return out;
}

async function checkSubscriptions(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  log.begin('subscriptions');
  for await (const sub of stripePages((after) => stripe.subscriptions.list({ status: 'all', limit: 100, ...(after ? { starting_after: after } : {}) }))) {
    log.tick();
    const customer = idOf(sub.customer as string)!;
    const link = await ports.billing.findCustomer(customer);
    const md = sub.metadata ?? {};
    const ref: WorkspaceRef | undefined = link ? { projectId: link.projectId, workspaceId: link.workspaceId } : md.project_id && md.workspace_id ? { projectId: md.project_id, workspaceId: md.workspace_id } : undefined;
    if (!ref || (opts.projectId && ref.projectId !== opts.projectId)) continue;
    if (!(await ports.workspaces.get(ref.projectId, ref.workspaceId))) continue; // not this deployment's
    log.checked(ref.projectId);
    const drifts = subscriptionDrift(sub, await ports.billing.getSubscription(ref.projectId, ref.workspaceId));
    if (!drifts.length) continue;
    let fixed = false;
    if (!opts.dryRun) {
      const r = await syncSubscription(ports, sub, `drift:${log.run.run_id}:${sub.id}`);
      fixed = Boolean(r) && subscriptionDrift(sub, await ports.billing.getSubscription(ref.projectId, ref.workspaceId)).length === 0;
    }
    for (const d of drifts) log.drift(d.kind, sub.id, ref, d.detail, fixed);
  }
  log.end();
}

async function checkCustomers(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  log.begin('customers');
  for await (const c of stripePages((after) => stripe.customers.list({ limit: 100, ...(after ? { starting_after: after } : {}) }))) {
    log.tick();
    const md = c.metadata ?? {};
    if (!md.project_id || !md.workspace_id || (opts.projectId && md.project_id !== opts.projectId)) continue;
    const ref = { projectId: md.project_id, workspaceId: md.workspace_id };
    const ws = await ports.workspaces.get(ref.projectId, ref.workspaceId);
    if (!ws) continue;
    log.checked(ref.projectId);
    const link = await ports.billing.findCustomer(c.id);
    if (!link) {
      if (!opts.dryRun) await ports.billing.linkCustomer({ customerId: c.id, ...ref });
      log.drift('customer_link', c.id, ref, 'no customer → workspace link', !opts.dryRun);
    } else if (link.projectId !== ref.projectId || link.workspaceId !== ref.workspaceId) {
      // A link is never moved automatically: a customer bills one workspace, and an adopted
      // customer's metadata may name another. Which one is right is a human's call.
      log.drift('customer_link', c.id, link, `linked to ${link.projectId}/${link.workspaceId}; the customer's metadata names ${ref.projectId}/${ref.workspaceId}`, false);
      continue;
    }
    if (!ws.stripeCustomerId) {
      if (!opts.dryRun) await ports.workspaces.setStripeCustomer(ref.projectId, ref.workspaceId, c.id);
      log.drift('workspace_customer', c.id, ref, 'the workspace names no Stripe customer', !opts.dryRun);
    } else if (ws.stripeCustomerId !== c.id) {
      // Two customers claim one workspace: which one is billed is a human's call.
      log.drift('workspace_customer', c.id, ref, `the workspace is billed to ${ws.stripeCustomerId}; ${c.id} also claims it`, false);
    }
  }
  log.end();
}

async function checkSettlements(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  const grace = opts.settleGraceMs ?? 60_000;
  log.begin('settlements');
  for await (const s of tablePages((cursor) => ports.payments.listSettlements('pending', { limit: 100, cursor }))) {
    log.tick();
    if (opts.projectId && s.projectId !== opts.projectId) continue;
    if (ports.clock().getTime() - Date.parse(s.createdAt) < grace) continue;
    const ref = { projectId: s.projectId, workspaceId: s.workspaceId };
    log.checked(s.projectId);
    if (opts.dryRun) {
      log.drift('settlement_unfinished', s.invoiceId, ref, `claimed by ${s.source} ${s.reference} at ${s.createdAt}, never finished`, false);
      continue;
    }
    const invoice = await stripeCall(() => stripe.invoices.retrieve(s.invoiceId));
    const r = await settleInvoice(ports, {
      invoiceId: s.invoiceId,
      source: s.source,
      reference: s.reference,
      amount: s.amount,
      currency: s.currency,
      expected: ref,
      raisedBy: 'drift',
    });
    if (r.outcome === 'attention') await ports.payments.markSettlementFailed(s.invoiceId, s.attempt, r.attention.message);
    log.drift('settlement_unfinished', s.invoiceId, ref, `claimed by ${s.source} ${s.reference} at ${s.createdAt}; the invoice was ${invoice.status}`, r.outcome === 'settled', r.outcome === 'attention' ? r.attention : undefined);
  }
  log.end();
}

async function checkInvoices(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  const since = Math.floor(ports.clock().getTime() / 1000) - (opts.lookbackDays ?? 35) * 86_400;
  log.begin('invoices');
  const scan = async (status: 'paid' | 'open') => {
    const pages = stripePages((after) =>
      // amount_paid_off_stripe is expand-only: Stripe omits it unless asked for.
      stripe.invoices.list({ status, limit: 100, expand: ['data.amount_paid_off_stripe'], ...(status === 'paid' ? { created: { gte: since } } : {}), ...(after ? { starting_after: after } : {}) }),
    );
    for await (const inv of pages) {
      log.tick();
      const customer = invoiceCustomerId(inv);
      const link = customer ? await ports.billing.findCustomer(customer) : undefined;
      if (!link || (opts.projectId && link.projectId !== opts.projectId)) continue;
      const ref = { projectId: link.projectId, workspaceId: link.workspaceId };
      log.checked(ref.projectId);
      const settlement = await ports.payments.getSettlement(inv.id);
      // A disagreement finance looked at and resolved is not reported again every hour.
      const resolved = async (reason: 'paid_out_of_band_unrecorded' | 'settled_but_not_paid') =>
        (await ports.payments.getAttention(attentionId({ reason, source: 'drift', reference: inv.id, invoiceId: inv.id })))?.status === 'resolved';
      if (status === 'paid') {
        if ((inv.amount_paid_off_stripe ?? 0) > 0 && !settlement && !(await resolved('paid_out_of_band_unrecorded'))) {
          const attention = opts.dryRun
            ? undefined
            : await flagAttention(ports, {
                reason: 'paid_out_of_band_unrecorded',
                message: `Invoice ${inv.id} is paid out of band at Stripe (${inv.amount_paid_off_stripe} ${inv.currency.toUpperCase()}) but Tollgate recorded no payment for it`,
                source: 'drift',
                reference: inv.id,
                invoiceId: inv.id,
                ...ref,
                amount: inv.amount_paid_off_stripe ?? null,
                currency: inv.currency,
              });
          log.drift('paid_out_of_band_unrecorded', inv.id, ref, 'paid out of band at Stripe, no recorded payment', false, attention);
        }
        continue;
      }
      if (settlement?.status === 'settled') {
        if (await resolved('settled_but_not_paid')) continue;
        const attention = opts.dryRun
          ? undefined
          : await flagAttention(ports, {
              reason: 'settled_but_not_paid',
              message: `Tollgate settled invoice ${inv.id} with ${settlement.source} ${settlement.reference}, yet Stripe shows it open`,
              source: 'drift',
              reference: inv.id,
              invoiceId: inv.id,
              ...ref,
              amount: settlement.amount,
              currency: settlement.currency,
            });
        log.drift('settled_but_open', inv.id, ref, `settled by ${settlement.reference} in the table, open at Stripe`, false, attention);
        continue;
      }
      const ledger = await ports.payments.getLedger(inv.id);
      if (!ledger || ledger.recorded < ledger.target || settlement?.status === 'pending') continue;
      if (opts.dryRun) {
        log.drift('payments_unsettled', inv.id, ref, `recorded payments total ${ledger.recorded} of ${ledger.target}; invoice still open`, false);
        continue;
      }
      const last = (await ports.payments.listInvoicePayments(inv.id)).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)).pop()!;
      const r = await settleInvoice(ports, {
        invoiceId: inv.id,
        source: 'manual',
        reference: `${last.gateway}:${last.reference}`,
        amount: ledger.recorded,
        currency: ledger.currency,
        expected: ref,
        raisedBy: 'drift',
      });
      log.drift('payments_unsettled', inv.id, ref, `recorded payments total ${ledger.recorded} of ${ledger.target}; invoice still open`, r.outcome === 'settled', r.outcome === 'attention' ? r.attention : undefined);
    }
  };
  await scan('paid');
  await scan('open');
  log.end();
}

async function checkRazorpayOrders(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  log.begin('razorpay_orders');
  const razorpay = await ports.razorpay();
  const stripe = await ports.stripe();
  for await (const order of tablePages((cursor) => ports.payments.listOpenOrders({ limit: 100, cursor }))) {
    log.tick();
    if (opts.projectId && order.projectId !== opts.projectId) continue;
    const ref = { projectId: order.projectId, workspaceId: order.workspaceId };
    log.checked(order.projectId);
    const captured = (await razorpay.fetchOrderPayments(order.orderId)).filter((p) => p.status === 'captured');
    for (const payment of captured) {
      const detail = `payment ${payment.id} of ${payment.amountPaise} ${payment.currency} captured at Razorpay; no webhook processed`;
      if (opts.dryRun) {
        log.drift('razorpay_payment_unseen', order.orderId, ref, detail, false);
        continue;
      }
      const r = await applyRazorpayPayment(ports, payment, 'drift');
      log.drift('razorpay_payment_unseen', order.orderId, ref, detail, r.outcome !== 'attention', r.outcome === 'attention' ? r.attention : undefined);
    }
    // An order nobody paid whose invoice is settled some other way will never be paid: stop
    // asking Razorpay about it (a late payment still arrives by webhook and is flagged).
    if (!captured.length && !opts.dryRun && ports.clock().getTime() - Date.parse(order.createdAt) > 86_400_000) {
      const inv = await stripeCall(() => stripe.invoices.retrieve(order.invoiceId)).catch(() => undefined);
      if (inv && inv.status !== 'open') await ports.payments.closeOrder(order.orderId, 'superseded', null, ports.clock().toISOString());
    }
  }
  log.end();
}

/**
 * Stripe events refused because they were rendered in another API version than the SDK's: their
 * changes never reached the table. Nothing to fix here (the endpoint's api_version is), so each is
 * reported until it falls out of the lookback window. They belong to no project yet.
 */
async function checkWebhooks(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  log.begin('webhooks');
  if (!opts.projectId) {
    const from = new Date(ports.clock().getTime() - (opts.lookbackDays ?? 35) * 86_400_000).toISOString();
    for await (const row of tablePages((cursor) => ports.inbox.list('stripe', { status: 'failed', from }, { limit: 100, cursor }))) {
      log.tick();
      if (!row.lastError?.startsWith(API_VERSION_REFUSED)) continue;
      log.checked(null);
      log.drift('webhook_api_version', row.eventId, undefined, `${row.type}: ${row.lastError}`, false);
    }
  }
  log.end();
}

/**
 * Compares Stripe (and Razorpay) with the table, fixes what the source of truth settles, flags
 * what needs a human, and stores the run report. Each check is independent; the order puts the
 * cheap, table-driven ones (unfinished settlements, open orders) before the long Stripe scans,
 * so a run cut short by its time budget has done the money first.
 */
export async function runDrift(ports: DriftPorts, opts: DriftOptions): Promise<RunRecord> {
  const run = newRun(`run_${ulid()}`, opts.projectId ?? '*', opts.trigger, Boolean(opts.dryRun), ports.clock().toISOString());
  await ports.runs.putRun(run);
  const log = new RunLog(run, opts);
  try {
    await checkSettlements(ports, log, opts);
    await checkRazorpayOrders(ports, log, opts);
    await checkInvoices(ports, log, opts);
    await checkCustomers(ports, log, opts);
    await checkSubscriptions(ports, log, opts);
    await checkWebhooks(ports, log, opts);
    run.status = 'completed';
  } catch (e) {
    if (e instanceof OutOfTime) run.status = 'incomplete';
    else {
      run.status = 'failed';
      run.error = (e as Error).message.slice(0, 1000);
      logger.error('drift run failed', { run_id: run.run_id, error: e as Error });
      metrics.addMetric(METRIC.driftRunFailures, MetricUnit.Count, 1);
    }
  }
  run.finished_at = ports.clock().toISOString();
  await ports.runs.putRun(run);
  return run;
}
