import { createHmac } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { razorpayEventId } from '#shared/adapters/razorpay/webhook';
import { localSqs } from '../support/local';
import { type PaymentHarness, RZP_WEBHOOK_SECRET, startPaymentHarness } from '../support/payment-harness';

const sign = (body: string, secret = RZP_WEBHOOK_SECRET) => createHmac('sha256', secret).update(body).digest('hex');

function capturedEvent(paymentId: string, amount = 399900) {
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_Test0001',
    event: 'payment.captured',
    contains: ['payment'],
    payload: {
      payment: {
        entity: {
          id: paymentId,
          entity: 'payment',
          amount,
          currency: 'INR',
          status: 'captured',
          order_id: 'order_Unknown0001',
          method: 'upi',
          captured: true,
          notes: [],
          created_at: 1_763_700_000,
        },
      },
    },
    created_at: 1_763_700_000,
  });
}

/** The Razorpay receiver, through its real middy chain, as Razorpay (or an attacker) calls it. */
describe('Razorpay webhook receiver signature checks', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const stored = async () => (await h.inbox.list('razorpay', {}, { limit: 100 })).items.map((r) => r.eventId);
  // The SQS server counts a message sent a moment ago as delayed until its next tick: count both.
  const queued = async () => {
    const a = (
      await localSqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: h.queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
        }),
      )
    ).Attributes;
    return Number(a?.ApproximateNumberOfMessages ?? 0) + Number(a?.ApproximateNumberOfMessagesDelayed ?? 0);
  };

  it.each([
    [
      'a tampered body',
      () => ({ body: capturedEvent('pay_Tamper0001', 1), signature: sign(capturedEvent('pay_Tamper0001')) }),
    ],
    [
      'a body signed with another secret',
      () => ({
        body: capturedEvent('pay_Secret0001'),
        signature: sign(capturedEvent('pay_Secret0001'), 'not-the-secret'),
      }),
    ],
    ['no signature header', () => ({ body: capturedEvent('pay_NoHeader01'), signature: undefined })],
    [
      'the signature of another body',
      () => ({ body: capturedEvent('pay_Replay0001'), signature: sign(capturedEvent('pay_Other00001')) }),
    ],
    [
      'a signature that is not hex',
      () => ({ body: capturedEvent('pay_NotHex0001'), signature: `sha256=${'z'.repeat(64)}` }),
    ],
    [
      'a truncated signature',
      () => ({ body: capturedEvent('pay_Short00001'), signature: sign(capturedEvent('pay_Short00001')).slice(0, 32) }),
    ],
  ])('refuses %s with a 400 and stores nothing', async (_name, attack) => {
    // Prepare
    const { body, signature } = attack();
    const before = { stored: await stored(), queued: await queued() };
    // Act
    const res = await h.receive(body, {
      'x-razorpay-event-id': `evt_${Math.random().toString(36).slice(2)}`,
      ...(signature !== undefined ? { 'x-razorpay-signature': signature } : {}),
    });
    // Assess
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).error.code).toBe('invalid_signature');
    expect(await stored()).toEqual(before.stored);
    expect(await queued()).toBe(before.queued);
  });

  it('accepts a correctly signed event once: stored, enqueued, and a redelivery acknowledged as a duplicate', async () => {
    // Prepare
    const body = capturedEvent('pay_Valid00001');
    const headers = { 'x-razorpay-signature': sign(body), 'x-razorpay-event-id': 'evt_Valid00001' };
    const id = razorpayEventId(body);
    const before = await queued();
    // Act
    const first = await h.receive(body, headers);
    const again = await h.receive(body, headers);
    // Assess
    expect(id).toMatch(/^rzp_[0-9a-f]{40}$/);
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body!)).toEqual({ received: true, duplicate: false, event_id: id });
    expect(JSON.parse(again.body!)).toEqual({ received: true, duplicate: true, event_id: id });
    expect(await h.ports.inbox.get('razorpay', id)).toMatchObject({
      type: 'payment.captured',
      objectId: 'pay_Valid00001',
      status: 'queued',
      payload: body,
    });
    expect(await queued()).toBe(before + 1);
  });

  it('deduplicates on the signed body, not on the unsigned event-id header: one body replayed under 11 ids is one row', async () => {
    // Prepare
    const body = capturedEvent('pay_Replay0011');
    const before = { stored: (await stored()).length, queued: await queued() };
    // Act
    const answers = [];
    for (let i = 0; i < 11; i++)
      answers.push(
        await h.receive(body, { 'x-razorpay-signature': sign(body), 'x-razorpay-event-id': `evt_Fresh${i}` }),
      );
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual(Array(11).fill(200));
    expect(answers.map((a) => JSON.parse(a.body!).duplicate)).toEqual([false, ...Array(10).fill(true)]);
    expect((await stored()).length - before.stored).toBe(1);
    expect(await queued()).toBe(before.queued + 1);
  });
});
