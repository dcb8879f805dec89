import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys';
import { MAX_STORED_PAYLOAD_BYTES } from '#shared/adapters/dynamodb/table-definition';
import { queuePublisher } from '#shared/adapters/sqs/client';
import { stripeWebhookVerifier } from '#shared/adapters/stripe/webhook-signature';
import { receiveWebhook } from '#shared/domain/webhooks/inbox';
import { processStripeEvent } from '#shared/domain/webhooks/stripe/process';
import { httpHandler } from '#shared/http/handler';
import { stripeWebhook } from '#shared/http/routes/webhooks';
import { lambdaContext } from '../../dev/gateway';
import { freshQueue, localSqs } from '../support/local';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';
import { apiEvent } from '../unit/support/apigw';

const SECRET = 'whsec_large_event_test';

describe('a Stripe event larger than a DynamoDB item', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness();
  });
  afterAll(async () => h?.close());

  it('is verified, stored without its body, acknowledged, and processed from Stripe by id', async () => {
    // Prepare: a subscription event of a real workspace, grown to 900 KB (incompressible filler),
    // known to Stripe (the emulator) under its own id
    const { projectId, workspaceId, subscriptionId } = await h.openInvoice({ projectId: 'proj_big' });
    const created = (await h.stripe.events.list({ type: 'customer.subscription.created', limit: 100 })).data.find(
      (e) => (e.data.object as Stripe.Subscription).id === subscriptionId,
    )!;
    const big = structuredClone(created) as Stripe.Event & { data: { object: Record<string, unknown> } };
    big.id = `evt_big${randomBytes(8).toString('hex')}`;
    big.data.object.tollgate_test_filler = randomBytes(675 * 1024).toString('base64');
    h.stripeEmulator.state.events.set(big.id, big as Stripe.Event);
    const rawBody = JSON.stringify(big, null, 2);
    const sqs = localSqs();
    const queue = await freshQueue(sqs);
    const receiver = httpHandler(stripeWebhook, async ({ rawBody: raw, headers }) =>
      receiveWebhook(
        {
          inbox: h.inbox,
          queue: queuePublisher(sqs, queue.url),
          verifier: stripeWebhookVerifier(async () => SECRET),
          clock: () => new Date(),
        },
        raw,
        headers,
      ),
    );
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET });
    // Act
    const res = (await receiver(
      apiEvent({
        method: 'POST',
        routePath: stripeWebhook.path,
        rawPath: stripeWebhook.path,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: rawBody,
      }),
      lambdaContext('stripeWebhook'),
    )) as APIGatewayProxyStructuredResultV2;
    const again = (await receiver(
      apiEvent({
        method: 'POST',
        routePath: stripeWebhook.path,
        rawPath: stripeWebhook.path,
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body: rawBody,
      }),
      lambdaContext('stripeWebhook'),
    )) as APIGatewayProxyStructuredResultV2;
    const stored = (
      await h.table.doc.send(new GetCommand({ TableName: h.table.tableName, Key: keys.inbox('stripe', big.id) }))
    ).Item;
    await processStripeEvent({ ...h.ports, inbox: h.inbox, refreshPlans: async () => undefined }, big.id);
    const row = await h.inbox.get('stripe', big.id);
    // Assess
    expect(Buffer.byteLength(rawBody)).toBeGreaterThan(900 * 1024);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toEqual({ received: true, duplicate: false, event_id: big.id });
    expect(JSON.parse(again.body!)).toMatchObject({ duplicate: true });
    expect(stored).toMatchObject({ type: 'customer.subscription.created', payload_bytes: Buffer.byteLength(rawBody) });
    expect(stored?.payload).toBeUndefined();
    expect(row).toMatchObject({ status: 'processed', projectId, workspaceId, payload: null, lastError: null });
  });

  it('keeps a body that fits in the item as it was signed', async () => {
    // Prepare
    const rawBody = JSON.stringify({
      id: `evt_small${randomBytes(6).toString('hex')}`,
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_x', object: 'customer' } },
    });
    const sqs = localSqs();
    const queue = await freshQueue(sqs);
    // Act
    const r = await receiveWebhook(
      {
        inbox: h.inbox,
        queue: queuePublisher(sqs, queue.url),
        verifier: stripeWebhookVerifier(async () => SECRET),
        clock: () => new Date(),
      },
      rawBody,
      { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: rawBody, secret: SECRET }) },
    );
    // Assess
    expect((await h.inbox.get('stripe', r.event_id))?.payload).toBe(rawBody);
    expect(Buffer.byteLength(rawBody)).toBeLessThan(MAX_STORED_PAYLOAD_BYTES);
  });
});
