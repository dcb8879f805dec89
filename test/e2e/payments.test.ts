import { createHmac } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';

// The service's and the emulators' JSON answers, asserted field by field below.
const json = (r: Response) => r.json() as Promise<any>;

const RZP = {
  keyId: 'rzp_test_E2ePayments1',
  keySecret: 'e2e_rzp_key_secret',
  webhookSecret: 'e2e_rzp_webhook_secret',
};

/**
 * Payments as a user meets them, through `npm start` (one process: gateway, queues and pollers,
 * DynamoDB Local, the Stripe and Razorpay emulators): a send_invoice subscription, its open
 * invoice, a Razorpay payment whose webhooks arrive out of order and twice, a bank transfer
 * posted twice, and a drift run.
 */
describe('payments through the local stack', () => {
  let stack: StackProcess;
  let providers = '';
  const api = (path: string, init: RequestInit & { body?: string } = {}) =>
    fetch(`${stack.baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${stack.apiKey}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });
  const stripe = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${stack.ports.stripe}${path}`, {
      ...init,
      headers: { authorization: 'Bearer sk_test_local', ...(init.headers as Record<string, string>) },
    });
  const razorpay = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${stack.ports.razorpay}${path}`, {
      ...init,
      headers: {
        authorization: `Basic ${Buffer.from(`${RZP.keyId}:${RZP.keySecret}`).toString('base64')}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  const logTail = () => stack.logs().slice(-3000);

  /** A workspace on a send_invoice plan, and the open invoice the API lists for it. */
  const openInvoice = async (ws: string) => {
    expect(
      (
        await api(`/api/v1/workspaces/${ws}`, {
          method: 'PUT',
          body: JSON.stringify({ name: 'Pay Co', email: 'pay@example.com', country: 'IN', currency: 'inr' }),
        })
      ).status,
    ).toBe(201);
    const sub = await api('/api/v1/subscriptions/', {
      method: 'POST',
      body: JSON.stringify({ workspace_id: ws, plan: 'pro', collection_method: 'send_invoice', days_until_due: 7 }),
    });
    expect(sub.status).toBe(201);
    // Pro bills two meters: the send_invoice subscription carries their metered items (no
    // quantity) beside the seats, and its invoices fall due days_until_due after they open.
    const { subscription_id } = await json(sub);
    const live = await json(await stripe(`/v1/subscriptions/${subscription_id}`));
    expect(live).toMatchObject({ collection_method: 'send_invoice', days_until_due: 7, currency: 'inr' });
    const items = live.items.data as { price: { recurring: { usage_type: string } }; quantity?: number }[];
    expect(items.map((i) => [i.price.recurring.usage_type, i.quantity ?? null])).toEqual([
      ['licensed', 1],
      ['metered', null],
      ['metered', null],
    ]);
    return until(
      'the invoice to be listed',
      async () => {
        const list = await json(await api(`/api/v1/checkout/invoices/${ws}?status=open`));
        return list.invoices?.[0] as { id: string; amount_remaining: number; currency: string } | undefined;
      },
      undefined,
      logTail,
    );
  };

  /** No message visible, delayed or in flight: whatever was sent has been handled. */
  const queueIdle = async (id: 'payment' | 'stripe' | 'usage') => {
    const sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
    try {
      const names = [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ] as const;
      const a = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: stack.queueUrls[id], AttributeNames: [...names] }),
      );
      return names.every((n) => Number(a.Attributes?.[n] ?? 0) === 0);
    } finally {
      sqs.destroy();
    }
  };

  const stripeInvoice = async (id: string) => json(await stripe(`/v1/invoices/${id}`));
  const paidEvents = async (id: string) =>
    (
      (await json(await stripe('/v1/events?type=invoice.paid&limit=100'))).data as {
        data: { object: { id: string } };
      }[]
    ).filter((e) => e.data.object.id === id);

  beforeAll(async () => {
    stack = await startStackProcess({
      RAZORPAY_KEY_ID: RZP.keyId,
      RAZORPAY_KEY_SECRET: RZP.keySecret,
      RAZORPAY_WEBHOOK_SECRET: RZP.webhookSecret,
    });
    providers = stack.logs();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Skips, naming why, only while the local stack does not run the emulators. */
  const needsEmulators = (ctx: { skip: (note?: string) => void }) => {
    if (!providers.includes('Stripe emulator') || !providers.includes('Razorpay emulator'))
      ctx.skip('the local stack does not start the Stripe and Razorpay emulators yet');
  };

  it('pays an invoice through Razorpay once, although its webhooks arrive out of order and twice', async (ctx) => {
    needsEmulators(ctx);
    // Prepare
    const invoice = await openInvoice('ws_e2e_rzp');
    const detail = await json(await api(`/api/v1/checkout/invoices/detail/${invoice.id}`));
    const order = await api('/api/v1/checkout/razorpay', {
      method: 'POST',
      body: JSON.stringify({ invoice_id: invoice.id }),
    });
    const checkout = await json(order);
    // Act: the customer pays; order.paid is sent before payment.captured.
    const paid = await razorpay(`/v1/test_helpers/orders/${checkout.order_id}/pay`, {
      method: 'POST',
      body: JSON.stringify({ emit: ['order.paid', 'payment.captured'] }),
    });
    const { webhook_event_ids: eventIds } = await json(paid);
    // Razorpay redelivers both, as its retries do: same event id, same bytes, signed again.
    const deliveries = (await json(await razorpay('/__emulator/deliveries'))).items as {
      eventId: string;
      body: string;
    }[];
    for (const d of deliveries.filter((x) => eventIds.includes(x.eventId)).reverse()) {
      const again = await fetch(`${stack.baseUrl}/api/v1/webhooks/razorpay`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-razorpay-event-id': d.eventId,
          'x-razorpay-signature': createHmac('sha256', RZP.webhookSecret).update(d.body).digest('hex'),
        },
        body: d.body,
      });
      expect(again.status).toBe(200);
    }
    const settled = await until(
      'the Stripe invoice to be paid',
      async () => ((await stripeInvoice(invoice.id)).status === 'paid' ? true : undefined),
      undefined,
      logTail,
    );
    // Every duplicate has gone through the consumer too: nothing left on the queue or in flight.
    await until('the payment-events queue to be idle', () => queueIdle('payment'), undefined, logTail);
    // Assess
    expect(detail).toMatchObject({ id: invoice.id, status: 'open', currency: 'inr', amount_remaining: 399900 });
    expect(order.status).toBe(201);
    expect(checkout).toMatchObject({ amount: 399900, currency: 'INR', key_id: RZP.keyId, invoice_id: invoice.id });
    expect(settled).toBe(true);
    expect(await paidEvents(invoice.id)).toHaveLength(1);
    expect((await stripeInvoice(`${invoice.id}?expand[]=amount_paid_off_stripe`)).amount_paid_off_stripe).toBe(399900);
    const sub = await json(await api('/api/v1/subscriptions/ws_e2e_rzp'));
    expect(sub).toMatchObject({ plan: 'pro', has_access: true });
    const attention = await json(await api('/api/v1/admin/reconciliation/attention'));
    expect(attention.items.filter((a: { invoice_id: string }) => a.invoice_id === invoice.id)).toEqual([]);
  });

  it('applies a bank transfer posted twice with one reference once, and refuses an over-payment', async (ctx) => {
    needsEmulators(ctx);
    // Prepare
    const invoice = await openInvoice('ws_e2e_bank');
    const transfer = {
      invoice_id: invoice.id,
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      reference: 'UTRE2E00001',
      method: 'neft',
      paid_at: '2026-11-20T10:00:00Z',
    };
    // Act
    const over = await api('/api/v1/checkout/reconcile', {
      method: 'POST',
      body: JSON.stringify({ ...transfer, amount: transfer.amount + 1, reference: 'UTRE2E00000' }),
    });
    const first = await api('/api/v1/checkout/reconcile', { method: 'POST', body: JSON.stringify(transfer) });
    const second = await api('/api/v1/checkout/reconcile', { method: 'POST', body: JSON.stringify(transfer) });
    // Assess
    expect(over.status).toBe(422);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(await json(second)).toEqual(await json(first));
    expect((await stripeInvoice(invoice.id)).status).toBe('paid');
    expect(await paidEvents(invoice.id)).toHaveLength(1);
  });

  it('runs a drift check that settles a Razorpay payment whose webhooks never came', async (ctx) => {
    needsEmulators(ctx);
    // Prepare
    const invoice = await openInvoice('ws_e2e_drift');
    const checkout = await json(
      await api('/api/v1/checkout/razorpay', { method: 'POST', body: JSON.stringify({ invoice_id: invoice.id }) }),
    );
    await razorpay(`/v1/test_helpers/orders/${checkout.order_id}/pay`, {
      method: 'POST',
      body: JSON.stringify({ webhooks: false }),
    });
    // Act
    const started = await api('/api/v1/admin/reconciliation/runs', { method: 'POST', body: '{}' });
    const run = await json(started);
    const read = await json(await api(`/api/v1/admin/reconciliation/runs/${run.run_id}`));
    // Assess
    expect(started.status).toBe(201);
    expect(run.items).toContainEqual(
      expect.objectContaining({ kind: 'razorpay_payment_unseen', subject: checkout.order_id, fixed: true }),
    );
    expect(read).toEqual(run);
    expect((await stripeInvoice(invoice.id)).status).toBe('paid');
  });
});
