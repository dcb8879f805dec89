import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { razorpayEventId } from '#shared/adapters/razorpay/webhook';
import { createRazorpayOrder } from '#shared/domain/payments/razorpay-orders';
import { settleInvoice } from '#shared/domain/payments/settlement';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

/**
 * Razorpay → Stripe settlement on real local servers: the Razorpay emulator pays and sends signed
 * webhooks to the real receiver, the real consumer drains payment-events, the Stripe emulator
 * holds the invoices.
 */
describe('Razorpay payments settle the Stripe invoice once', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const attentionOf = async (projectId: string | null) =>
    (await h.ports.payments.listAttention(projectId, { limit: 100 })).items;

  it('creates an INR order for the amount remaining, and the same order again for the same invoice', async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    // Act
    const first = await createRazorpayOrder(h.ports, projectId, invoice.id);
    const again = await createRazorpayOrder(h.ports, projectId, invoice.id);
    // Assess
    expect(first).toMatchObject({
      amount: invoice.amount_remaining,
      currency: 'INR',
      key_id: 'rzp_test_Harness0001',
      invoice_id: invoice.id,
      workspace_id: workspaceId,
      created: true,
    });
    expect(again).toEqual({ ...first, created: false });
    const atRazorpay = h.razorpayEmulator.getOrder(first.order_id)!;
    expect(atRazorpay).toMatchObject({
      amount: invoice.amount_remaining,
      currency: 'INR',
      receipt: invoice.id,
      notes: expect.objectContaining({ invoice_id: invoice.id }),
    });
    expect(await h.ports.payments.getOrder(first.order_id)).toMatchObject({
      invoiceId: invoice.id,
      projectId,
      workspaceId,
      amount: invoice.amount_remaining,
      status: 'open',
    });
  });

  it('refuses a non-INR invoice with a 422 and another project with a 404', async () => {
    // Prepare
    const usd = await h.openInvoice({ currency: 'usd' });
    const inr = await h.openInvoice();
    // Act
    const wrongCurrency = await createRazorpayOrder(h.ports, usd.projectId, usd.invoice.id).catch((e: unknown) => e);
    const otherProject = await createRazorpayOrder(h.ports, 'proj_other', inr.invoice.id).catch((e: unknown) => e);
    // Assess
    expect(wrongCurrency).toMatchObject({ statusCode: 422, code: 'currency_not_supported' });
    expect(otherProject).toMatchObject({ statusCode: 404 });
  });

  it('pays once although both webhooks arrive out of order, twice each, and SQS delivers them twice', async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
    const paysBefore = h.stripePaid.length;
    // Act: order.paid before payment.captured, each redelivered by Razorpay, each batch doubled.
    const paid = await h.razorpayEmulator.payOrder(order.order_id, { emit: ['order.paid', 'payment.captured'] });
    for (const w of paid.webhooks) h.razorpayEmulator.resend(w.eventId);
    await h.razorpayEmulator.flush();
    await h.drain({ deliver: (records) => [...records, ...records].reverse() });
    // Assess
    // amount_paid_off_stripe is expand-only on Stripe.
    const inv = await h.stripe.invoices.retrieve(invoice.id, { expand: ['amount_paid_off_stripe'] });
    expect(inv.status).toBe('paid');
    expect(inv.amount_paid).toBe(invoice.amount_due);
    expect(inv.amount_paid_off_stripe).toBe(invoice.amount_due);
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(h.stripePaid.filter((id) => id === invoice.id)).toHaveLength(1);
    expect(await h.ports.payments.getSettlement(invoice.id)).toMatchObject({
      status: 'settled',
      source: 'razorpay',
      reference: paid.payment.id,
      amount: invoice.amount_due,
    });
    expect(await h.ports.payments.getOrder(order.order_id)).toMatchObject({
      status: 'paid',
      paymentId: paid.payment.id,
    });
    // Stored under the digest of the signed body (Razorpay's event-id header is not signed).
    for (const w of paid.webhooks)
      expect((await h.ports.inbox.get('razorpay', razorpayEventId(w.body)))?.status).toBe('processed');
    expect(
      h.published.filter((e) => e.type === 'invoice.paid_out_of_band' && e.data.invoice_id === invoice.id),
    ).toHaveLength(1);
    expect((await h.ports.billing.getEntitlements(projectId, workspaceId))?.plan).toBe('pro');
    expect((await attentionOf(projectId)).filter((a) => a.invoiceId === invoice.id)).toEqual([]);
  });

  it('pays once when two consumers handle both webhooks at the same moment', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
    await h.razorpayEmulator.payOrder(order.order_id);
    await h.razorpayEmulator.flush();
    const records = await h.takeRecords(2);
    const paysBefore = h.stripePaid.length;
    // Act: four concurrent invocations, each webhook twice.
    const outcomes = await Promise.all([...records, ...records].map((r) => h.consumer({ Records: [r] })));
    // Assess
    expect(outcomes.flatMap((o) => o.batchItemFailures)).toEqual([]);
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(
      h.stripeEmulator.events('invoice.paid').filter((e) => (e.data.object as { id: string }).id === invoice.id),
    ).toHaveLength(1);
  });

  it('survives a crash after Stripe paid but before the answer: the retry records it without paying again', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
    const paid = await h.razorpayEmulator.payOrder(order.order_id, { emit: ['payment.captured'] });
    await h.razorpayEmulator.flush();
    const [record] = await h.takeRecords(1);
    const paysBefore = h.stripePaid.length;
    h.crashNextPay('after');
    // Act
    const first = await h.consumer({ Records: [record] });
    const pendingAfterCrash = await h.ports.payments.getSettlement(invoice.id);
    const retry = await h.consumer({
      Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }],
    });
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(pendingAfterCrash).toMatchObject({ status: 'pending', reference: paid.payment.id, attempt: 1 });
    expect(retry.batchItemFailures).toEqual([]);
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(await h.ports.payments.getSettlement(invoice.id)).toMatchObject({ status: 'settled', attempt: 1 });
  });

  it('survives a crash between the claim and the Stripe call: the retry pays once with the same key', async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    const req = {
      invoiceId: invoice.id,
      source: 'razorpay' as const,
      reference: 'pay_CrashBefore1',
      amount: invoice.amount_remaining,
      currency: 'inr',
      expected: { projectId, workspaceId },
    };
    const paysBefore = h.stripePaid.length;
    h.crashNextPay('before');
    // Act
    const crashed = await settleInvoice(h.ports, req).catch((e: Error) => e);
    const retried = await settleInvoice(h.ports, req);
    const replayed = await settleInvoice(h.ports, req);
    // Assess
    expect(crashed).toBeInstanceOf(Error);
    expect(retried).toMatchObject({ outcome: 'settled', duplicate: false });
    expect(replayed).toMatchObject({ outcome: 'settled', duplicate: true });
    expect(h.stripePaid.length - paysBefore).toBe(1);
  });

  describe('mismatches are flagged, never paid', () => {
    it('a payment of another amount than the order', async () => {
      // Prepare
      const { projectId, invoice } = await h.openInvoice();
      const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
      const paysBefore = h.payCalls.length;
      // Act
      const paid = await h.razorpayEmulator.payOrder(order.order_id, { amount: order.amount - 100 });
      await h.razorpayEmulator.flush();
      await h.drain();
      // Assess
      expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('open');
      expect(h.payCalls.length - paysBefore).toBe(0);
      const flagged = (await attentionOf(projectId)).filter((a) => a.reference === paid.payment.id);
      expect(flagged).toEqual([
        expect.objectContaining({
          reason: 'amount_mismatch',
          invoiceId: invoice.id,
          amount: order.amount - 100,
          status: 'open',
        }),
      ]);
      expect(await h.ports.payments.getOrder(order.order_id)).toMatchObject({ status: 'attention' });
    });

    it('a payment in another currency than the order', async () => {
      // Prepare: Razorpay would never do this for an INR order; a tampered mapping is how it can happen.
      const { projectId, workspaceId, invoice } = await h.openInvoice();
      const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
      await h.ports.payments.putOrder({
        orderId: order.order_id,
        invoiceId: invoice.id,
        projectId,
        workspaceId,
        amount: order.amount,
        currency: 'usd',
        status: 'open',
        paymentId: null,
        createdAt: new Date().toISOString(),
        closedAt: null,
      });
      const paysBefore = h.payCalls.length;
      // Act
      const paid = await h.razorpayEmulator.payOrder(order.order_id);
      await h.razorpayEmulator.flush();
      await h.drain();
      // Assess
      expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('open');
      expect(h.payCalls.length - paysBefore).toBe(0);
      expect(
        (await attentionOf(projectId)).filter((a) => a.reference === paid.payment.id).map((a) => a.reason),
      ).toEqual(['currency_mismatch']);
    });

    it('a payment for an invoice already paid another way', async () => {
      // Prepare
      const { projectId, invoice } = await h.openInvoice();
      const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
      await h.stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
      const paysBefore = h.payCalls.length;
      // Act
      const paid = await h.razorpayEmulator.payOrder(order.order_id);
      await h.razorpayEmulator.flush();
      await h.drain();
      // Assess
      expect(h.payCalls.length - paysBefore).toBe(0);
      expect(
        (await attentionOf(projectId)).filter((a) => a.reference === paid.payment.id).map((a) => a.reason),
      ).toEqual(['invoice_already_paid']);
    });

    it('a payment for a voided invoice', async () => {
      // Prepare
      const { projectId, invoice } = await h.openInvoice();
      const order = await createRazorpayOrder(h.ports, projectId, invoice.id);
      await h.stripe.invoices.voidInvoice(invoice.id);
      const paysBefore = h.payCalls.length;
      // Act
      const paid = await h.razorpayEmulator.payOrder(order.order_id);
      await h.razorpayEmulator.flush();
      await h.drain();
      // Assess
      expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('void');
      expect(h.payCalls.length - paysBefore).toBe(0);
      expect(
        (await attentionOf(projectId)).filter((a) => a.reference === paid.payment.id).map((a) => a.reason),
      ).toEqual(['invoice_voided']);
    });

    it('a payment for an order Tollgate never created, flagged once however often it arrives', async () => {
      // Prepare: an order made straight at Razorpay (another integration on the same account).
      const rzp = await h.ports.razorpay();
      const foreign = await rzp.createOrder({ amountPaise: 50_000, currency: 'INR', receipt: 'not-tollgate' });
      const paysBefore = h.payCalls.length;
      // Act
      const paid = await h.razorpayEmulator.payOrder(foreign.id);
      for (const w of paid.webhooks) h.razorpayEmulator.resend(w.eventId);
      await h.razorpayEmulator.flush();
      await h.drain();
      // Assess
      expect(h.payCalls.length - paysBefore).toBe(0);
      const flagged = (await attentionOf(null)).filter((a) => a.reference === paid.payment.id);
      expect(flagged).toEqual([
        expect.objectContaining({ reason: 'unknown_order', source: 'razorpay', amount: 50_000, currency: 'inr' }),
      ]);
      expect(flagged[0].occurrences).toBe(2);
    });

    it('a second payment for an invoice a first payment settled', async () => {
      // Prepare: an order for the invoice, superseded by a new order when the amount changed.
      const { projectId, workspaceId, invoice } = await h.openInvoice();
      const first = await createRazorpayOrder(h.ports, projectId, invoice.id);
      await h.razorpayEmulator.payOrder(first.order_id);
      await h.razorpayEmulator.flush();
      await h.drain();
      const rzp = await h.ports.razorpay();
      const stray = await rzp.createOrder({ amountPaise: first.amount, currency: 'INR', receipt: invoice.id });
      await h.ports.payments.putOrder({
        orderId: stray.id,
        invoiceId: invoice.id,
        projectId,
        workspaceId,
        amount: first.amount,
        currency: 'inr',
        status: 'open',
        paymentId: null,
        createdAt: new Date().toISOString(),
        closedAt: null,
      });
      const paysBefore = h.payCalls.length;
      // Act
      const second = await h.razorpayEmulator.payOrder(stray.id);
      await h.razorpayEmulator.flush();
      await h.drain();
      // Assess
      expect(h.payCalls.length - paysBefore).toBe(0);
      expect(
        (await attentionOf(projectId)).filter((a) => a.reference === second.payment.id).map((a) => a.reason),
      ).toEqual(['invoice_already_paid']);
    });
  });
});
