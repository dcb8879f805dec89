import Razorpay from 'razorpay';
import { afterEach, describe, expect, it } from 'vitest';
import { createRazorpayPort } from '#shared/adapters/razorpay/adapter';
import { RazorpayWebhookEvent, verifyRazorpaySignature } from '#shared/adapters/razorpay/webhook';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../../dev/razorpay-emulator/index';
import { startReceiver } from './receiver';

const KEY_ID = 'rzp_test_WebhookSuite01';
const KEY_SECRET = 'webhook-suite-secret';
const WEBHOOK_SECRET = 'whsec_razorpay_suite_3f9a';

describe('Razorpay emulator webhooks', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  async function setup(statuses: number[] = [], retryDelaysMs = [20, 40]) {
    const receiver = await startReceiver(statuses);
    cleanup.push(receiver.close);
    const emu: RazorpayEmulator = await startRazorpayEmulator({
      port: 0,
      keyId: KEY_ID,
      keySecret: KEY_SECRET,
      webhookUrl: receiver.url,
      webhookSecret: WEBHOOK_SECRET,
      retryDelaysMs,
      accountId: 'acc_TollgateSuite01',
    });
    cleanup.push(emu.close);
    const port = createRazorpayPort({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: emu.url });
    return { receiver, emu, port };
  }

  it('pays an order and delivers payment.captured then order.paid, each signed like Razorpay', async () => {
    // Prepare
    const { receiver, emu, port } = await setup();
    const order = await port.createOrder({
      amountPaise: 1_18_000,
      currency: 'INR',
      receipt: 'in_wh_1',
      notes: { invoice_id: 'in_wh_1' },
    });
    // Act
    const { payment } = await emu.payOrder(order.id);
    await emu.flush();
    // Assess
    expect(receiver.received).toHaveLength(2);
    const events = receiver.received.map((r) => {
      const signature = r.headers['x-razorpay-signature'] as string;
      expect(verifyRazorpaySignature(r.rawBody, signature, WEBHOOK_SECRET)).toBe(true);
      expect(Razorpay.validateWebhookSignature(r.rawBody, signature, WEBHOOK_SECRET)).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      return RazorpayWebhookEvent.parse(JSON.parse(r.rawBody));
    });
    const [captured, paid] = events;
    expect(events.map((e) => e.event)).toEqual(['payment.captured', 'order.paid']);
    const ids = receiver.received.map((r) => r.headers['x-razorpay-event-id']);
    expect(ids[0]).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(new Set(ids).size).toBe(2);

    expect(captured).toMatchObject({ entity: 'event', account_id: 'acc_TollgateSuite01', contains: ['payment'] });
    expect(captured.payload.order).toBeUndefined();
    expect(captured.payload.payment!.entity).toMatchObject({
      id: payment.id,
      entity: 'payment',
      amount: 1_18_000,
      currency: 'INR',
      status: 'captured',
      order_id: order.id,
      method: 'upi',
      captured: true,
      notes: {},
    });
    expect(paid.contains).toEqual(['payment', 'order']);
    expect(paid.payload.payment!.entity.id).toBe(payment.id);
    expect(paid.payload.order!.entity).toMatchObject({
      id: order.id,
      entity: 'order',
      amount: 1_18_000,
      amount_paid: 1_18_000,
      amount_due: 0,
      currency: 'INR',
      receipt: 'in_wh_1',
      status: 'paid',
      attempts: 1,
      notes: { invoice_id: 'in_wh_1' },
    });
    expect(emu.deliveries.map((d) => [d.event, d.state, d.attempts.map((a) => a.status)])).toEqual([
      ['payment.captured', 'delivered', [200]],
      ['order.paid', 'delivered', [200]],
    ]);
  });

  it('retries a delivery the receiver fails twice, with the same event id and bytes each time', async () => {
    // Prepare
    const { receiver, emu, port } = await setup([500, 503], [30, 60]);
    const order = await port.createOrder({ amountPaise: 50_000, currency: 'INR' });
    // Act
    const started = Date.now();
    await emu.payOrder(order.id, { emit: ['payment.captured'] });
    await emu.flush();
    const elapsed = Date.now() - started;
    // Assess
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['x-razorpay-event-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.rawBody)).size).toBe(1);
    for (const r of receiver.received) {
      expect(verifyRazorpaySignature(r.rawBody, r.headers['x-razorpay-signature'] as string, WEBHOOK_SECRET)).toBe(
        true,
      );
    }
    const [delivery] = emu.deliveries;
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(elapsed).toBeGreaterThanOrEqual(90);
  });

  it('gives up after the last retry and records every failed attempt', async () => {
    // Prepare
    const { receiver, emu, port } = await setup(Array(6).fill(500), [10, 10]);
    const order = await port.createOrder({ amountPaise: 50_000, currency: 'INR' });
    // Act
    await emu.payOrder(order.id);
    await emu.flush();
    // Assess
    expect(emu.deliveries.map((d) => [d.event, d.state, d.attempts.length])).toEqual([
      ['payment.captured', 'failed', 3],
      ['order.paid', 'failed', 3],
    ]);
    expect(receiver.received).toHaveLength(6);
    expect((await port.fetchOrder(order.id)).status).toBe('paid');
  });

  it('records a refused connection as a failed attempt with the socket error', async () => {
    // Prepare
    const { receiver, emu, port } = await setup([], [10]);
    await receiver.close();
    const order = await port.createOrder({ amountPaise: 50_000, currency: 'INR' });
    // Act
    await emu.payOrder(order.id, { emit: ['order.paid'] });
    await emu.flush();
    // Assess
    expect(emu.deliveries).toHaveLength(1);
    expect(emu.deliveries[0].state).toBe('failed');
    expect(emu.deliveries[0].attempts.map((a) => a.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('delivers out of order and duplicates on request', async () => {
    // Prepare
    const { receiver, emu, port } = await setup();
    const order = await port.createOrder({ amountPaise: 75_000, currency: 'INR' });
    // Act
    const { webhooks } = await emu.payOrder(order.id, { emit: ['order.paid', 'payment.captured'] });
    await emu.flush();
    emu.resend(webhooks[0].eventId);
    await emu.flush();
    // Assess
    const seen = receiver.received.map((r) => [JSON.parse(r.rawBody).event, r.headers['x-razorpay-event-id']]);
    expect(seen).toEqual([
      ['order.paid', webhooks[0].eventId],
      ['payment.captured', webhooks[1].eventId],
      ['order.paid', webhooks[0].eventId],
    ]);
    expect(receiver.received[2].rawBody).toBe(receiver.received[0].rawBody);
  });

  it('sends only payment.captured for a partial payment, and nothing when paid silently', async () => {
    // Prepare
    const { receiver, emu, port } = await setup();
    const order = await port.createOrder({ amountPaise: 100_000, currency: 'INR' });
    // Act
    await emu.payOrder(order.id, { amount: 30_000 });
    await emu.flush();
    await emu.payOrderSilently(order.id);
    await emu.flush();
    // Assess
    expect(receiver.received.map((r) => JSON.parse(r.rawBody).event)).toEqual(['payment.captured']);
    expect(JSON.parse(receiver.received[0].rawBody).payload.payment.entity.amount).toBe(30_000);
    const payments = await port.fetchOrderPayments(order.id);
    expect(payments.map((p) => p.amountPaise)).toEqual([70_000, 30_000]);
    expect((await port.fetchOrder(order.id)).status).toBe('paid');
  });

  it('sends to a webhook configured after start and signs with its secret', async () => {
    // Prepare
    const receiver = await startReceiver();
    cleanup.push(receiver.close);
    const emu = await startRazorpayEmulator({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET, retryDelaysMs: [10] });
    cleanup.push(emu.close);
    const port = createRazorpayPort({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: emu.url });
    const first = await port.createOrder({ amountPaise: 10_000, currency: 'INR' });
    const second = await port.createOrder({ amountPaise: 10_000, currency: 'INR' });
    // Act
    await emu.payOrder(first.id);
    emu.setWebhook(receiver.url, 'later-secret');
    await emu.payOrder(second.id);
    await emu.flush();
    // Assess
    expect(emu.deliveries.map((d) => d.state)).toEqual(['no_endpoint', 'no_endpoint', 'delivered', 'delivered']);
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      expect(
        Razorpay.validateWebhookSignature(r.rawBody, r.headers['x-razorpay-signature'] as string, 'later-secret'),
      ).toBe(true);
    }
  });
});
