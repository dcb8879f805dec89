import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys';
import { resolveAttention } from '#shared/domain/payments/attention';
import { createRazorpayOrder } from '#shared/domain/payments/razorpay-orders';
import { settleInvoice } from '#shared/domain/payments/settlement';
import { type DriftProgress, runDrift } from '#shared/domain/reconciliation/drift';
import { toRunDto } from '#shared/domain/reconciliation/report';
import { getRun } from '#shared/domain/reconciliation/runs';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

/**
 * The drift job against state changed behind Tollgate's back: the Stripe emulator (which sends
 * this harness no webhooks) and the Razorpay emulator (paid without a webhook).
 */
describe('drift reconciliation', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fixes what Stripe and Razorpay settle, flags what needs a human, and reports it', async () => {
    // Prepare
    const canceled = await h.openInvoice();
    await h.stripe.subscriptions.cancel(canceled.subscriptionId);

    const silent = await h.openInvoice();
    const order = await createRazorpayOrder(h.ports, silent.projectId, silent.invoice.id);
    const paid = await h.razorpayEmulator.payOrderSilently(order.order_id);

    const unlinked = await h.openInvoice();
    await h.table.doc.send(
      new DeleteCommand({ TableName: h.table.tableName, Key: keys.stripeCustomer(unlinked.customerId) }),
    );

    const crashed = await h.openInvoice();
    h.crashNextPay('after');
    await settleInvoice(h.ports, {
      invoiceId: crashed.invoice.id,
      source: 'manual',
      reference: 'manual:UTRCRASH1',
      amount: crashed.invoice.amount_remaining,
      currency: 'inr',
    }).catch(() => undefined);

    const dashboard = await h.openInvoice();
    await h.stripe.invoices.pay(dashboard.invoice.id, { paid_out_of_band: true });

    const otherProject = await h.openInvoice({ projectId: 'proj_other' });
    await h.stripe.subscriptions.cancel(otherProject.subscriptionId);
    const paysBefore = h.stripePaid.length;
    const progress: DriftProgress[] = [];

    // Act
    const run = await runDrift(h.ports, { trigger: 'cli', settleGraceMs: 0, onProgress: (p) => progress.push(p) });

    // Assess: fixed from the source of truth.
    expect(run.status).toBe('completed');
    const kinds = (subject: string) => run.drifts.filter((d) => d.subject === subject).map((d) => [d.kind, d.fixed]);
    expect(kinds(canceled.subscriptionId)).toContainEqual(['subscription_status', true]);
    expect((await h.ports.billing.getSubscription(canceled.projectId, canceled.workspaceId))?.status).toBe('canceled');
    expect((await h.ports.billing.getEntitlements(canceled.projectId, canceled.workspaceId))?.plan).toBe('free');

    expect(kinds(order.order_id)).toEqual([['razorpay_payment_unseen', true]]);
    expect((await h.stripe.invoices.retrieve(silent.invoice.id)).status).toBe('paid');
    expect(await h.ports.payments.getSettlement(silent.invoice.id)).toMatchObject({
      status: 'settled',
      reference: paid.payment.id,
    });

    expect(kinds(unlinked.customerId)).toEqual([['customer_link', true]]);
    expect(await h.ports.billing.findCustomer(unlinked.customerId)).toMatchObject({
      projectId: unlinked.projectId,
      workspaceId: unlinked.workspaceId,
    });

    expect(kinds(crashed.invoice.id)).toEqual([['settlement_unfinished', true]]);
    expect(await h.ports.payments.getSettlement(crashed.invoice.id)).toMatchObject({ status: 'settled' });
    // One real pay for the silent Razorpay order; the crashed settlement had already paid.
    expect(h.stripePaid.length - paysBefore).toBe(1);

    // Assess: flagged, not fixed.
    expect(kinds(dashboard.invoice.id)).toEqual([['paid_out_of_band_unrecorded', false]]);
    expect(run.attention.map((a) => a.reason)).toContain('paid_out_of_band_unrecorded');

    // Assess: counts and progress.
    expect(run.checked.subscriptions).toBeGreaterThanOrEqual(6);
    expect(run.checked.razorpay_orders).toBe(1);
    expect(run.checked.settlements).toBe(1);
    expect(run.totals.found).toBe(run.drifts.length);
    expect(progress.filter((p) => p.done).map((p) => p.phase)).toEqual([
      'settlements',
      'razorpay_orders',
      'razorpay_links',
      'invoices',
      'customers',
      'subscriptions',
      'webhooks',
    ]);

    // Assess: the report, as each project may read it.
    const mine = await getRun(h.ports, 'proj_pay', run.run_id);
    expect(mine.items.every((i) => i.workspace_id !== otherProject.workspaceId)).toBe(true);
    expect(mine.drifts.by_kind.subscription_status).toEqual({ found: 1, fixed: 1 });
    const theirs = await getRun(h.ports, 'proj_other', run.run_id);
    expect(theirs.items.map((i) => i.subject)).toEqual([otherProject.subscriptionId]);
    expect(theirs.checked.subscriptions).toBe(1);
  });

  it('finds nothing new on a second run, and stops reporting a drift finance resolved', async () => {
    // Prepare
    const first = await runDrift(h.ports, { trigger: 'cli', settleGraceMs: 0 });
    const open = first.attention.filter((a) => a.reason === 'paid_out_of_band_unrecorded');
    for (const a of open) await resolveAttention(h.ports, a.project_id!, a.id, 'recorded by hand');
    // Act
    const second = await runDrift(h.ports, { trigger: 'cli', settleGraceMs: 0 });
    // Assess
    expect(first.drifts.filter((d) => d.fixed)).toEqual([]);
    expect(second.drifts).toEqual([]);
  });

  it('changes nothing on a dry run but reports what it would fix', async () => {
    // Prepare
    const { projectId, workspaceId, subscriptionId } = await h.openInvoice();
    await h.stripe.subscriptions.cancel(subscriptionId);
    // Act
    const run = await runDrift(h.ports, { trigger: 'api', projectId, dryRun: true });
    // Assess
    expect(toRunDto(run, projectId).items).toContainEqual(
      expect.objectContaining({ kind: 'subscription_status', subject: subscriptionId, fixed: false }),
    );
    expect((await h.ports.billing.getSubscription(projectId, workspaceId))?.status).toBe('active');
    expect((await h.ports.runs.getRun(run.run_id))?.dry_run).toBe(true);
  });

  it('reports itself incomplete when it runs out of time', async () => {
    // Act
    const run = await runDrift(h.ports, { trigger: 'api', deadline: Date.now() - 1 });
    // Assess
    expect(run.status).toBe('incomplete');
    expect((await h.ports.runs.getRun(run.run_id))?.status).toBe('incomplete');
  });

  it('keeps runs of one project from another', async () => {
    // Prepare
    const run = await runDrift(h.ports, { trigger: 'api', projectId: 'proj_pay', dryRun: true });
    // Act
    const other = getRun(h.ports, 'proj_other', run.run_id);
    // Assess
    await expect(other).rejects.toMatchObject({ statusCode: 404 });
  });
});
