import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Razorpay from 'razorpay';
import type { PaymentLinks } from 'razorpay/dist/types/paymentLink';
import { afterEach, describe, expect, it } from 'vitest';
import { createRazorpayClient } from '#shared/adapters/razorpay/client';
import { verifyRazorpaySignature } from '#shared/adapters/razorpay/webhook';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../../dev/razorpay-emulator/index';
import { startReceiver } from './receiver';

const KEY_ID = 'rzp_test_LinkSuite0001';
const KEY_SECRET = 'link-suite-secret';
const WEBHOOK_SECRET = 'whsec_link_suite_77';
const T0 = 1_790_000_000_000;

/** The emulator's Payment Links through the official SDK, held to the rules Razorpay documents. */
describe('Razorpay emulator: Payment Links', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  async function setup() {
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const clock = { ms: T0 };
    const emu: RazorpayEmulator = await startRazorpayEmulator({
      port: 0,
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      webhookUrl: receiver.url,
      webhookSecret: WEBHOOK_SECRET,
      retryDelaysMs: [20],
      now: () => clock.ms,
    });
    cleanup.push(emu.close);
    const sdk: Razorpay = createRazorpayClient({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: emu.url });
    return { receiver, emu, sdk, clock };
  }
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      // The SDK's rejection ({statusCode, error}) or the emulator's own error (a direct call).
      (e: {
        statusCode?: number;
        error?: { field?: string; description: string };
        status?: number;
        field?: string;
      }) => ({
        status: e.statusCode ?? e.status,
        field: e.error?.field ?? e.field,
        description: e.error?.description,
      }),
    );
  const base = { amount: 3_99_900, currency: 'INR', customer: { email: 'pay@example.com' } };

  it('creates a link with the documented fields, fetches it and finds it by reference_id', async () => {
    // Prepare
    const { emu, sdk } = await setup();
    // Act
    const link = await sdk.paymentLink.create({
      ...base,
      reference_id: 'in_123-399900-1',
      description: 'Invoice in_123',
      expire_by: T0 / 1000 + 3600,
      notes: { project_id: 'demo', invoice_id: 'in_123' },
    });
    const fetched = await sdk.paymentLink.fetch(link.id);
    const listed = await sdk.paymentLink.all({ reference_id: 'in_123-399900-1' } as never);
    const none = await sdk.paymentLink.all({ reference_id: 'nothing' } as never);
    // Assess
    expect(link).toMatchObject({
      amount: 3_99_900,
      amount_paid: 0,
      currency: 'INR',
      status: 'created',
      reference_id: 'in_123-399900-1',
      expire_by: T0 / 1000 + 3600,
      notes: { project_id: 'demo', invoice_id: 'in_123' },
      payments: null,
      accept_partial: false,
      cancelled_at: 0,
      expired_at: 0,
    });
    expect(link.id).toMatch(/^plink_[A-Za-z0-9]{14}$/);
    expect(link.short_url).toMatch(new RegExp(`^${emu.url}/i/[A-Za-z0-9]{9}$`));
    expect(fetched).toEqual(link);
    expect(listed.payment_links.map((l) => l.id)).toEqual([link.id]);
    expect(none.payment_links).toEqual([]);
  });

  it('refuses what Razorpay refuses: no amount, under ₹1, unknown fields, a reused or long reference_id, an expiry too soon or too late', async () => {
    // Prepare
    const { sdk } = await setup();
    await sdk.paymentLink.create({ ...base, reference_id: 'taken' });
    const create = (body: Record<string, unknown>) => refusal(sdk.paymentLink.create(body as never));
    // Act
    const results = {
      noAmount: await create({ currency: 'INR', customer: {} }),
      tooSmall: await create({ ...base, amount: 99 }),
      fraction: await create({ ...base, amount: 100.5 }),
      unknown: await create({ ...base, receipt: 'x' }),
      reused: await create({ ...base, reference_id: 'taken' }),
      long: await create({ ...base, reference_id: 'r'.repeat(41) }),
      soon: await create({ ...base, expire_by: T0 / 1000 + 600 }),
      late: await create({ ...base, expire_by: T0 / 1000 + 200 * 86_400 }),
      currency: await create({ ...base, currency: 'XYZ' }),
      callback: await create({ ...base, callback_url: 'https://app.example/back' }),
      partialMin: await create({ ...base, first_min_partial_amount: 100 }),
      upiPartial: await create({ ...base, upi_link: true, accept_partial: true }),
    };
    // Assess
    expect(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r && [r.status, r.field]]))).toEqual({
      noAmount: [400, 'amount'],
      tooSmall: [400, 'amount'],
      fraction: [400, 'amount'],
      unknown: [400, 'receipt'],
      reused: [400, 'reference_id'],
      long: [400, 'reference_id'],
      soon: [400, 'expire_by'],
      late: [400, 'expire_by'],
      currency: [400, 'currency'],
      callback: [400, 'callback_method'],
      partialMin: [400, 'first_min_partial_amount'],
      upiPartial: [400, 'accept_partial'],
    });
    expect(results.soon?.description).toBe('expire_by: timestamp must be atleast 15 minutes in future');
  });

  it('is paid on its hosted page: an order with its notes and reference, a payment named after it, three signed webhooks', async () => {
    // Prepare
    const { emu, sdk, receiver } = await setup();
    const link = await sdk.paymentLink.create({
      ...base,
      reference_id: 'in_777-399900-1',
      description: 'Invoice in_777',
      notes: { project_id: 'demo', invoice_id: 'in_777' },
    });
    // Act
    const page = await fetch(link.short_url);
    const html = await page.text();
    const paid = await fetch(`${link.short_url}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=netbanking&email=pay%40example.com&contact=%2B919000090000',
    });
    const done = await paid.text();
    await emu.flush();
    // The SDK's type has no `order_id`; Razorpay's fetched link carries it once paid.
    const after = (await sdk.paymentLink.fetch(link.id)) as PaymentLinks.RazorpayPaymentLink & { order_id: string };
    const again = await fetch(`${link.short_url}/pay`, { method: 'POST', body: '' });
    // Assess
    expect(page.status).toBe(200);
    expect(html).toContain('₹3,999.00');
    expect(html).toContain('Invoice in_777');
    expect(paid.status).toBe(200);
    expect(done).toContain('Payment successful');
    expect(after).toMatchObject({ status: 'paid', amount_paid: 3_99_900, order_id: expect.stringMatching(/^order_/) });
    const payment = after.payments as unknown as { payment_id: string; plink_id: string; status: string }[];
    expect(payment).toMatchObject([{ plink_id: link.id, status: 'captured', amount: 3_99_900, method: 'netbanking' }]);
    const events = receiver.received.map((r) => {
      expect(verifyRazorpaySignature(r.rawBody, r.headers['x-razorpay-signature'] as string, WEBHOOK_SECRET)).toBe(
        true,
      );
      return JSON.parse(r.rawBody);
    });
    expect(events.map((e) => [e.event, e.contains])).toEqual([
      ['payment.captured', ['payment']],
      ['order.paid', ['payment', 'order']],
      ['payment_link.paid', ['payment_link', 'order', 'payment']],
    ]);
    const { payload } = events[2];
    expect(payload.payment_link.entity).toMatchObject({ id: link.id, status: 'paid', reference_id: 'in_777-399900-1' });
    expect(payload.order.entity).toMatchObject({
      id: after.order_id,
      receipt: 'in_777-399900-1',
      notes: { project_id: 'demo', invoice_id: 'in_777' },
      status: 'paid',
    });
    expect(payload.payment.entity).toMatchObject({
      id: payment[0].payment_id,
      order_id: after.order_id,
      description: `#${link.id.slice(6)}`,
      amount: 3_99_900,
      status: 'captured',
      notes: [],
    });
    expect(again.status).toBe(400);
  });

  it('redirects to the callback URL with the payment and a signature made with the key secret', async () => {
    // Prepare
    const { sdk } = await setup();
    const link = await sdk.paymentLink.create({
      ...base,
      reference_id: 'cb-1',
      callback_url: 'https://app.example/paid',
      callback_method: 'get',
    });
    // Act
    const r = await fetch(`${link.short_url}/pay`, { method: 'POST', redirect: 'manual', body: '' });
    const to = new URL(r.headers.get('location')!);
    const q = Object.fromEntries(to.searchParams);
    // Assess
    expect(r.status).toBe(303);
    expect(to.origin + to.pathname).toBe('https://app.example/paid');
    expect(q).toMatchObject({ razorpay_payment_link_id: link.id, razorpay_payment_link_status: 'paid' });
    const signed = `${link.id}|cb-1|paid|${q.razorpay_payment_id}`;
    expect(q.razorpay_signature).toBe(createHmac('sha256', KEY_SECRET).update(signed).digest('hex'));
  });

  it('cancels an unpaid link, expires one past its time, and neither can be paid', async () => {
    // Prepare
    const { emu, sdk, clock, receiver } = await setup();
    const cancelled = await sdk.paymentLink.create({ ...base, reference_id: 'c-1' });
    const expiring = await sdk.paymentLink.create({ ...base, reference_id: 'e-1', expire_by: T0 / 1000 + 1800 });
    // Act
    const c = await sdk.paymentLink.cancel(cancelled.id);
    const cancelAgain = await refusal(sdk.paymentLink.cancel(cancelled.id));
    clock.ms += 1801_000;
    const e = await sdk.paymentLink.fetch(expiring.id);
    const payCancelled = await refusal(emu.payPaymentLink(cancelled.id));
    const payExpired = await fetch(`${expiring.short_url}/pay`, { method: 'POST', body: '' });
    await emu.flush();
    // Assess
    expect(c).toMatchObject({ status: 'cancelled', cancelled_at: T0 / 1000 });
    expect(cancelAgain?.status).toBe(400);
    expect(e).toMatchObject({ status: 'expired', expired_at: T0 / 1000 + 1801 });
    expect(payCancelled).toBeDefined();
    expect(payExpired.status).toBe(400);
    expect(await payExpired.text()).toContain('Payment Link has expired.');
    expect(receiver.received.map((r) => JSON.parse(r.rawBody).event)).toEqual([
      'payment_link.cancelled',
      'payment_link.expired',
    ]);
  });

  it('takes part payments on a link that accepts them, then is paid by the rest', async () => {
    // Prepare
    const { emu, sdk } = await setup();
    const link = await sdk.paymentLink.create({ ...base, accept_partial: true, first_min_partial_amount: 1_00_000 });
    // Act
    const tooLittle = await refusal(emu.payPaymentLink(link.id, { amount: 50_000 }));
    const first = await emu.payPaymentLink(link.id, { amount: 1_00_000 });
    const rest = await emu.payPaymentLink(link.id);
    // Assess
    expect(tooLittle?.field).toBe('amount');
    expect(first.link).toMatchObject({ status: 'partially_paid', amount_paid: 1_00_000 });
    expect(first.webhooks.map((w) => w.event)).toEqual(['payment.captured', 'payment_link.partially_paid']);
    expect(rest.link).toMatchObject({ status: 'paid', amount_paid: 3_99_900 });
    expect(rest.payment.amount).toBe(2_99_900);
    expect(rest.order.id).toBe(first.order.id);
  });

  it('keeps its links in the state file across a restart, hosted page included', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'razorpay-links-state-'));
    const file = join(dir, 'razorpay-emulator.json');
    const port = 0;
    const first = await startRazorpayEmulator({ port, keyId: KEY_ID, keySecret: KEY_SECRET, stateFile: file });
    const made = await createRazorpayClient({
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      baseUrl: first.url,
    }).paymentLink.create({ ...base, reference_id: 'persist-1' });
    await first.close();
    // Act
    const second = await startRazorpayEmulator({ port, keyId: KEY_ID, keySecret: KEY_SECRET, stateFile: file });
    cleanup.push(async () => {
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const sdk = createRazorpayClient({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: second.url });
    const again = await sdk.paymentLink.fetch(made.id);
    const reused = await refusal(sdk.paymentLink.create({ ...base, reference_id: 'persist-1' }));
    const code = made.short_url.split('/i/')[1];
    const page = await fetch(`${second.url}/i/${code}`);
    // Assess
    expect(again).toEqual(made);
    expect(reused?.field).toBe('reference_id');
    expect(page.status).toBe(200);
  });
});
