import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRazorpayClient } from '#shared/adapters/razorpay/client';
import { razorpayEventId } from '#shared/adapters/razorpay/webhook';
import { recordManualPayment } from '#shared/domain/payments/manual';
import { createInvoicePaymentLink, linkReference } from '#shared/domain/payments/razorpay-links';
import { runDrift } from '#shared/domain/reconciliation/drift';
import { type PaymentHarness, RZP_KEY_ID, RZP_KEY_SECRET, startPaymentHarness } from '../support/payment-harness';

/**
 * Razorpay Payment Links for open INR invoices on real local servers: the Razorpay emulator makes
 * the links, its hosted page pays them and its signed webhooks reach the real receiver; the real
 * consumer drains payment-events and the Stripe emulator holds the invoices.
 */
describe('Razorpay Payment Links settle the Stripe invoice once', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const sdk = () =>
    createRazorpayClient({ keyId: RZP_KEY_ID, keySecret: RZP_KEY_SECRET, baseUrl: h.razorpayEmulator.url });
  const payOnPage = (url: string) =>
    fetch(`${url}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=upi',
    });
  const noteOf = (l: { notes: unknown }, key: string) => (l.notes as Record<string, string> | null)?.[key];
  const attentionOf = async (projectId: string | null) =>
    (await h.ports.payments.listAttention(projectId, { limit: 100 })).items;

  it('makes one link per invoice and amount due, carrying the project, and hands the same link out again', async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    // Act
    const first = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    const again = await createInvoicePaymentLink(h.ports, projectId, invoice.id, { workspaceId });
    // Assess
    expect(first).toMatchObject({
      amount: invoice.amount_remaining,
      currency: 'INR',
      invoice_id: invoice.id,
      workspace_id: workspaceId,
      reference_id: `${invoice.id}-${invoice.amount_remaining}-1`,
      created: true,
    });
    expect(first.url).toMatch(new RegExp(`^${h.razorpayEmulator.url}/i/`));
    expect(again).toEqual({ ...first, created: false });
    const atRazorpay = h.razorpayEmulator.paymentLinks().filter((l) => noteOf(l, 'invoice_id') === invoice.id);
    expect(atRazorpay).toHaveLength(1);
    expect(atRazorpay[0]).toMatchObject({
      id: first.payment_link_id,
      amount: invoice.amount_remaining,
      currency: 'INR',
      reference_id: first.reference_id,
      notes: { project_id: projectId, workspace_id: workspaceId, invoice_id: invoice.id },
      notify: { sms: false, email: false },
    });
    expect(atRazorpay[0].expire_by - Date.now() / 1000).toBeGreaterThan(29 * 86_400);
    expect(await h.ports.payments.getLink(first.payment_link_id)).toMatchObject({
      invoiceId: invoice.id,
      projectId,
      workspaceId,
      status: 'open',
      generation: 1,
    });
  });

  it('after a lost answer, finds the link Razorpay already made under the same reference', async () => {
    // Prepare: the link exists at Razorpay, Tollgate never recorded it (the process died).
    const { projectId, invoice } = await h.openInvoice();
    const made = await sdk().paymentLink.create({
      amount: invoice.amount_remaining,
      currency: 'INR',
      reference_id: linkReference(invoice.id, invoice.amount_remaining, 1),
      customer: {},
      notes: { project_id: projectId, invoice_id: invoice.id },
    });
    // Act
    const link = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    // Assess
    expect(link.payment_link_id).toBe(made.id);
    expect(h.razorpayEmulator.paymentLinks().filter((l) => l.reference_id === link.reference_id)).toHaveLength(1);
    expect((await h.ports.payments.getLink(made.id))?.invoiceId).toBe(invoice.id);
  });

  it("refuses another project's or another workspace's invoice (404) and a USD invoice (422)", async () => {
    // Prepare
    const inr = await h.openInvoice();
    const usd = await h.openInvoice({ currency: 'usd' });
    // Act
    const otherProject = await createInvoicePaymentLink(h.ports, 'proj_other', inr.invoice.id).catch((e) => e);
    const otherWorkspace = await createInvoicePaymentLink(h.ports, inr.projectId, inr.invoice.id, {
      workspaceId: 'ws_someone_else',
    }).catch((e) => e);
    const dollars = await createInvoicePaymentLink(h.ports, usd.projectId, usd.invoice.id).catch((e) => e);
    // Assess
    expect(otherProject).toMatchObject({ statusCode: 404 });
    expect(otherWorkspace).toMatchObject({ statusCode: 404 });
    expect(dollars).toMatchObject({ statusCode: 422, code: 'currency_not_supported' });
    expect(h.razorpayEmulator.paymentLinks().filter((l) => noteOf(l, 'invoice_id') === inr.invoice.id)).toEqual([]);
  });

  it('replaces the link when a part-payment changes the amount due, cancelling the old one at Razorpay', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const old = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    await recordManualPayment(
      h.ports,
      {
        invoice_id: invoice.id,
        amount: 1_00_000,
        currency: 'inr',
        reference: `UTR${Date.now()}`,
        method: 'neft',
        paid_at: new Date().toISOString(),
        allow_partial: true,
      },
      { origin: 'api', projectId },
    );
    // Act
    const fresh = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    // Assess
    expect(fresh).toMatchObject({ amount: invoice.amount_remaining - 1_00_000, created: true });
    expect(fresh.payment_link_id).not.toBe(old.payment_link_id);
    expect(fresh.reference_id).toBe(`${invoice.id}-${invoice.amount_remaining - 1_00_000}-2`);
    expect(h.razorpayEmulator.getPaymentLink(old.payment_link_id)?.status).toBe('cancelled');
    expect(await h.ports.payments.getLink(old.payment_link_id)).toMatchObject({ status: 'superseded' });
  });

  it('is paid on the hosted page: three webhooks, delivered twice, settle the invoice out of band once', async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    const link = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    const paysBefore = h.stripePaid.length;
    // Act
    const page = await payOnPage(link.url);
    await h.razorpayEmulator.flush();
    const paymentId = h.razorpayEmulator.getPaymentLink(link.payment_link_id)!.payments![0].payment_id;
    const sent = h.razorpayEmulator.deliveries.filter((d) => d.body.includes(paymentId));
    for (const d of sent) h.razorpayEmulator.resend(d.eventId);
    await h.razorpayEmulator.flush();
    await h.drain({ deliver: (records) => [...records, ...records].reverse() });
    // Assess
    expect(page.status).toBe(200);
    expect(sent.map((d) => d.event)).toEqual(['payment.captured', 'order.paid', 'payment_link.paid']);
    const inv = await h.stripe.invoices.retrieve(invoice.id, { expand: ['amount_paid_off_stripe'] });
    expect(inv.status).toBe('paid');
    expect(inv.amount_paid_off_stripe).toBe(invoice.amount_due);
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(await h.ports.payments.getSettlement(invoice.id)).toMatchObject({
      status: 'settled',
      source: 'razorpay',
      reference: paymentId,
      projectId,
      workspaceId,
    });
    expect(await h.ports.payments.getLink(link.payment_link_id)).toMatchObject({ status: 'paid', paymentId });
    for (const d of sent)
      expect((await h.ports.inbox.get('razorpay', razorpayEventId(d.body)))?.status).toBe('processed');
    expect(
      h.published.filter((e) => e.type === 'invoice.paid_out_of_band' && e.data.invoice_id === invoice.id),
    ).toHaveLength(1);
    expect((await attentionOf(projectId)).filter((a) => a.invoiceId === invoice.id)).toEqual([]);
    const paidAgain = await createInvoicePaymentLink(h.ports, projectId, invoice.id).catch((e) => e);
    expect(paidAgain).toMatchObject({ statusCode: 409, code: 'invoice_not_open' });
  });

  it('settles from payment_link.paid alone', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const link = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    // Act
    await h.razorpayEmulator.payPaymentLink(link.payment_link_id, { emit: ['payment_link.paid'] });
    await h.razorpayEmulator.flush();
    await h.drain();
    // Assess
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
  });

  it("flags a link whose notes name another project than Tollgate's record, and a link Tollgate never made", async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    const forged = await sdk().paymentLink.create({
      amount: invoice.amount_remaining,
      currency: 'INR',
      customer: {},
      notes: { project_id: 'proj_intruder', invoice_id: invoice.id },
    });
    await h.ports.payments.putLink({
      linkId: forged.id,
      invoiceId: invoice.id,
      projectId,
      workspaceId,
      amount: invoice.amount_remaining,
      currency: 'inr',
      referenceId: '',
      generation: 1,
      shortUrl: forged.short_url,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      status: 'open',
      paymentId: null,
      createdAt: new Date().toISOString(),
      closedAt: null,
    });
    const stranger = await sdk().paymentLink.create({ amount: 50_000, currency: 'INR', customer: {} });
    const paysBefore = h.payCalls.length;
    // Act
    const a = await h.razorpayEmulator.payPaymentLink(forged.id, { emit: ['payment_link.paid'] });
    const b = await h.razorpayEmulator.payPaymentLink(stranger.id);
    await h.razorpayEmulator.flush();
    await h.drain();
    // Assess
    expect(h.payCalls.length - paysBefore).toBe(0);
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('open');
    expect((await attentionOf(projectId)).filter((x) => x.reference === a.payment.id).map((x) => x.reason)).toEqual([
      'workspace_mismatch',
    ]);
    expect([
      ...new Set((await attentionOf(null)).filter((x) => x.reference === b.payment.id).map((x) => x.reason)),
    ]).toEqual(['unknown_payment_link']);
  });

  it('stops handing out a link Razorpay cancelled, and makes the next one', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const first = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    // Act: cancelled in Razorpay's dashboard; its webhook closes Tollgate's record.
    await sdk().paymentLink.cancel(first.payment_link_id);
    await h.razorpayEmulator.flush();
    await h.drain();
    const next = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    // Assess
    expect(await h.ports.payments.getLink(first.payment_link_id)).toMatchObject({ status: 'superseded' });
    expect(next).toMatchObject({ created: true, reference_id: `${invoice.id}-${invoice.amount_remaining}-2` });
  });

  it('applies a paid link whose webhooks never came at the next drift run, once', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const link = await createInvoicePaymentLink(h.ports, projectId, invoice.id);
    const paid = await h.razorpayEmulator.payPaymentLink(link.payment_link_id, { emit: [] });
    const paysBefore = h.stripePaid.length;
    // Act
    const run = await runDrift(h.ports, { trigger: 'cli', projectId, settleGraceMs: 0 });
    const again = await runDrift(h.ports, { trigger: 'cli', projectId, settleGraceMs: 0 });
    // Assess
    expect(run.drifts.filter((d) => d.subject === link.payment_link_id).map((d) => [d.kind, d.fixed])).toEqual([
      ['razorpay_link_payment_unseen', true],
    ]);
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(await h.ports.payments.getSettlement(invoice.id)).toMatchObject({ reference: paid.payment.id });
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(again.drifts.filter((d) => d.subject === link.payment_link_id)).toEqual([]);
    expect(run.checked.razorpay_links).toBeGreaterThanOrEqual(1);
  });
});
