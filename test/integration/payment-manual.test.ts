import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualPaymentInput, recordManualPayment } from '#shared/domain/payments/manual';
import { localSqs } from '../support/local';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

let seq = 0;
const utr = () => `UTR${Date.now()}${seq++}`;

/** Bank transfers, cheques and other gateways, recorded against Stripe invoices on real local servers. */
describe('manual payments', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const transfer = (
    invoiceId: string,
    amount: number,
    extra: Partial<ManualPaymentInput> = {},
  ): ManualPaymentInput => ({
    invoice_id: invoiceId,
    amount,
    currency: 'inr',
    reference: utr(),
    method: 'neft',
    paid_at: '2026-11-20T10:00:00Z',
    ...extra,
  });

  it('settles a bank transfer posted twice with one reference once, answering the first result', async () => {
    // Prepare
    const { projectId, workspaceId, invoice } = await h.openInvoice();
    const payment = transfer(invoice.id, invoice.amount_remaining);
    const paysBefore = h.stripePaid.length;
    // Act
    const first = await recordManualPayment(h.ports, payment, { origin: 'api', projectId });
    const second = await recordManualPayment(h.ports, payment, { origin: 'api', projectId });
    // Assess
    expect(first.replayed).toBe(false);
    expect(first.result).toMatchObject({
      status: 'settled',
      amount: invoice.amount_remaining,
      recorded_total: invoice.amount_remaining,
      outstanding: 0,
      invoice_status: 'paid',
    });
    expect(second).toEqual({ result: first.result, replayed: true });
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(await h.ports.payments.listInvoicePayments(invoice.id)).toHaveLength(1);
    expect((await h.ports.billing.getEntitlements(projectId, workspaceId))?.plan).toBe('pro');
  });

  it('settles once when the same transfer is posted concurrently', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const payment = transfer(invoice.id, invoice.amount_remaining);
    const paysBefore = h.stripePaid.length;
    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => recordManualPayment(h.ports, payment, { origin: 'api', projectId })),
    );
    // Assess
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof recordManualPayment>>>).value);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.filter((r) => !r.replayed)).toHaveLength(1);
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(await h.ports.payments.listInvoicePayments(invoice.id)).toHaveLength(1);
  });

  it('refuses an over-payment and writes nothing', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    // Act
    const over = recordManualPayment(h.ports, transfer(invoice.id, invoice.amount_remaining + 1), {
      origin: 'api',
      projectId,
    });
    // Assess
    await expect(over).rejects.toMatchObject({ statusCode: 422, code: 'overpayment' });
    expect(await h.ports.payments.listInvoicePayments(invoice.id)).toEqual([]);
    expect(await h.ports.payments.getLedger(invoice.id)).toBeUndefined();
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('open');
  });

  it('refuses less than the amount remaining unless allow_partial, then settles when partials add up', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const due = invoice.amount_remaining;
    const paysBefore = h.stripePaid.length;
    // Act
    const refused = await recordManualPayment(h.ports, transfer(invoice.id, 100_000), {
      origin: 'api',
      projectId,
    }).catch((e: unknown) => e);
    const a = await recordManualPayment(h.ports, transfer(invoice.id, 100_000, { allow_partial: true }), {
      origin: 'api',
      projectId,
    });
    const tooMuch = await recordManualPayment(h.ports, transfer(invoice.id, due, { allow_partial: true }), {
      origin: 'api',
      projectId,
    }).catch((e: unknown) => e);
    const b = await recordManualPayment(
      h.ports,
      transfer(invoice.id, due - 100_000, { allow_partial: true, method: 'cheque' }),
      { origin: 'api', projectId },
    );
    // Assess
    expect(refused).toMatchObject({ statusCode: 422, code: 'amount_mismatch' });
    expect(tooMuch).toMatchObject({ statusCode: 422, code: 'overpayment' });
    expect(a.result).toMatchObject({
      status: 'partial',
      recorded_total: 100_000,
      outstanding: due - 100_000,
      invoice_status: 'open',
    });
    expect(b.result).toMatchObject({ status: 'settled', recorded_total: due, outstanding: 0, invoice_status: 'paid' });
    expect(h.stripePaid.length - paysBefore).toBe(1);
    expect(await h.ports.payments.getLedger(invoice.id)).toMatchObject({ target: due, recorded: due, payments: 2 });
  });

  it('keeps concurrent partial payments within the amount due', async () => {
    // Prepare: three concurrent partials of 60% each; at most one can fit.
    const { projectId, invoice } = await h.openInvoice();
    const part = Math.floor(invoice.amount_remaining * 0.6);
    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, () =>
        recordManualPayment(h.ports, transfer(invoice.id, part, { allow_partial: true }), { origin: 'api', projectId }),
      ),
    );
    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      ['overpayment', 'overpayment'],
    );
    expect((await h.ports.payments.getLedger(invoice.id))?.recorded).toBe(part);
  });

  it.each([
    ['another currency', async (id: string) => ({ currency: 'usd' }), 422, 'currency_mismatch'],
    [
      'an invoice already paid',
      async (id: string) => (await h.stripe.invoices.pay(id, { paid_out_of_band: true }), {}),
      409,
      'invoice_already_paid',
    ],
    ['a voided invoice', async (id: string) => (await h.stripe.invoices.voidInvoice(id), {}), 409, 'invoice_voided'],
  ] as const)('refuses a payment for %s and pays nothing', async (_name, prepare, status, code) => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const extra = await prepare(invoice.id);
    const paysBefore = h.payCalls.length;
    // Act
    const r = recordManualPayment(h.ports, transfer(invoice.id, invoice.amount_remaining, extra), {
      origin: 'api',
      projectId,
    });
    // Assess
    await expect(r).rejects.toMatchObject({ statusCode: status, code });
    expect(h.payCalls.length - paysBefore).toBe(0);
    expect(await h.ports.payments.listInvoicePayments(invoice.id)).toEqual([]);
  });

  it('answers 404 for an invoice of another project and 409 for a reference reused on another invoice', async () => {
    // Prepare
    const a = await h.openInvoice();
    const b = await h.openInvoice();
    const payment = transfer(a.invoice.id, a.invoice.amount_remaining);
    await recordManualPayment(h.ports, payment, { origin: 'api', projectId: a.projectId });
    // Act
    const otherProject = await recordManualPayment(h.ports, transfer(b.invoice.id, b.invoice.amount_remaining), {
      origin: 'api',
      projectId: 'proj_someone_else',
    }).catch((e: unknown) => e);
    const reused = await recordManualPayment(
      h.ports,
      { ...payment, invoice_id: b.invoice.id, amount: b.invoice.amount_remaining },
      { origin: 'api', projectId: b.projectId },
    ).catch((e: unknown) => e);
    // Assess
    expect(otherProject).toMatchObject({ statusCode: 404 });
    expect(reused).toMatchObject({ statusCode: 409, code: 'reference_reused' });
    expect((await h.stripe.invoices.retrieve(b.invoice.id)).status).toBe('open');
  });

  it('takes the same payment from the payment-events queue, twice, and settles once; a refused one is flagged', async () => {
    // Prepare
    const { projectId, invoice } = await h.openInvoice();
    const overpaid = await h.openInvoice();
    const zoho = {
      kind: 'manual_payment',
      gateway: 'zoho',
      ...transfer(invoice.id, invoice.amount_remaining, { method: 'upi' }),
    };
    const bad = {
      kind: 'manual_payment',
      gateway: 'manual',
      ...transfer(overpaid.invoice.id, overpaid.invoice.amount_remaining + 500),
    };
    const sqs = localSqs();
    const paysBefore = h.stripePaid.length;
    // Act
    for (const body of [zoho, zoho, bad])
      await sqs.send(new SendMessageCommand({ QueueUrl: h.queueUrl, MessageBody: JSON.stringify(body) }));
    await h.drain();
    // Assess
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(h.stripePaid.length - paysBefore).toBe(1);
    const [recorded] = await h.ports.payments.listInvoicePayments(invoice.id);
    expect(recorded).toMatchObject({
      gateway: 'zoho',
      origin: 'queue',
      method: 'upi',
      result: expect.objectContaining({ status: 'settled' }),
    });
    const flagged = (await h.ports.payments.listAttention(projectId, { limit: 100 })).items.filter(
      (x) => x.invoiceId === overpaid.invoice.id,
    );
    expect(flagged).toEqual([
      expect.objectContaining({ reason: 'overpayment', source: 'manual:manual', reference: bad.reference }),
    ]);
    expect((await h.stripe.invoices.retrieve(overpaid.invoice.id)).status).toBe('open');
  });
});
