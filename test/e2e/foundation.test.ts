import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { listKeys, resolveTarget } from '../../dev/cli/keys';
import { STACK_READY_MS, type StackProcess, startStackProcess } from '../support/stack-process';
import { PATIENCE_MS, until } from '../support/until';

// The service's JSON answers, asserted field by field below.
const json = (r: Response) => r.json() as Promise<any>;

/**
 * `npm start -- --persist` as a user runs it, then the calls a newcomer would try first; at the
 * end it is stopped and started again from the same `.local/` (the other end-to-end suites run
 * the stack in memory).
 */
describe('the local stack, started with npx tsx dev/start.ts --persist', () => {
  let stack: StackProcess;
  const localDir = mkdtempSync(join(tmpdir(), 'tollgate-e2e-persist-'));
  const env = { TOLLGATE_LOCAL_DIR: localDir, TOLLGATE_DEMO_API_KEY: `tg_demo_e2e${randomBytes(16).toString('hex')}` };
  const api = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? stack.apiKey}`);
    return fetch(`${stack.baseUrl}${path}`, { ...init, headers });
  };
  const putWorkspace = (id: string, body: string, headers: Record<string, string> = {}) =>
    api(`/api/v1/workspaces/${id}`, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  /** Status and JSON body of a call. */
  const answer = async (r: Promise<Response>) => {
    const res = await r;
    return { status: res.status, body: await json(res) };
  };
  const stripeOf = (s: StackProcess) =>
    new Stripe('sk_test_e2e', { host: '127.0.0.1', port: s.ports.stripe, protocol: 'http', maxNetworkRetries: 0 });
  const readSubscription = (ws: string) => answer(api(`/api/v1/subscriptions/${ws}`));
  /** What the first start left behind for the restart at the end. */
  let kept: { subscription: Record<string, any>; prices: string[] } | undefined;

  beforeAll(async () => {
    stack = await startStackProcess(env, { args: ['--persist'] });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(localDir, { recursive: true, force: true });
  });

  it('becomes healthy and prints the demo key with ready-to-use curl lines', () => {
    // Assess
    const logs = stack.logs();
    expect(logs).toContain(`Ready in`);
    expect(logs).toContain(stack.apiKey);
    expect(logs).toContain(
      `curl -s ${stack.baseUrl}/api/v1/workspaces/ws_demo -H 'Authorization: Bearer ${stack.apiKey}'`,
    );
    expect(logs).toContain(`DynamoDB Local   ${stack.dynamodbEndpoint}`);
    expect(logs).toContain(`SQS              ${stack.sqsEndpoint}`);
  });

  it('answers the probes, /health naming each dependency', async () => {
    // Act
    const [live, ready, health] = await Promise.all([
      fetch(`${stack.baseUrl}/live`),
      fetch(`${stack.baseUrl}/ready`),
      fetch(`${stack.baseUrl}/health`),
    ]);
    const report = await json(health);
    // Assess
    expect([live.status, ready.status, health.status]).toEqual([200, 200, 200]);
    expect(await json(live)).toEqual({ status: 'live' });
    expect(await json(ready)).toEqual({ status: 'ready' });
    expect(report.status).toBe('ok');
    expect(Object.keys(report.checks).sort()).toEqual(['dynamodb', 'sqs:payment', 'sqs:stripe', 'sqs:usage']);
    for (const check of Object.values(report.checks))
      expect(check).toMatchObject({ status: 'ok', latency_ms: expect.any(Number) });
    expect(health.headers.get('x-request-id')).toBeTruthy();
  });

  it('creates, updates and reads a workspace with the demo key', async () => {
    // Prepare
    const profile = { name: 'Demo Inc', email: 'billing@demo.example', country: 'IN', currency: 'inr' };
    // Act
    const created = await putWorkspace('ws_e2e', JSON.stringify(profile));
    const updated = await putWorkspace('ws_e2e', JSON.stringify({ ...profile, name: 'Demo Ltd' }));
    const read = await api('/api/v1/workspaces/ws_e2e', { headers: { 'x-api-key': stack.apiKey }, key: null });
    const body = await json(read);
    // Assess
    expect([created.status, updated.status, read.status]).toEqual([201, 200, 200]);
    expect(body).toMatchObject({
      workspace_id: 'ws_e2e',
      name: 'Demo Ltd',
      email: 'billing@demo.example',
      country: 'IN',
      currency: 'inr',
      stripe_customer_id: null,
    });
    expect(Date.parse(body.created_at)).toBeLessThanOrEqual(Date.parse(body.updated_at));
  });

  it('answers 401 without a key and 404 for an unknown workspace, in the error envelope', async () => {
    // Act
    const noKey = await api('/api/v1/workspaces/ws_e2e', { key: null });
    const wrongKey = await api('/api/v1/workspaces/ws_e2e', { key: 'tg_demo_not_a_real_key' });
    const unknown = await api('/api/v1/workspaces/ws_never_created');
    const errors = [await json(noKey), await json(wrongKey), await json(unknown)];
    // Assess
    expect([noKey.status, wrongKey.status, unknown.status]).toEqual([401, 401, 404]);
    expect(errors.map((e) => e.error.code)).toEqual(['missing_api_key', 'invalid_api_key', 'not_found']);
    expect(errors[2].error.request_id).toBe(unknown.headers.get('x-request-id'));
  });

  it('rejects bad input over HTTP, naming the problem, and writes nothing', async () => {
    // Act
    const malformed = await putWorkspace('ws_rejected', '{"name": "Demo"');
    const unknownField = await putWorkspace(
      'ws_rejected',
      JSON.stringify({ name: 'D', email: 'd@x.example', country: 'IN', currency: 'inr', plan: 'gold' }),
    );
    const badId = await putWorkspace(
      'bad.id',
      JSON.stringify({ name: 'D', email: 'd@x.example', country: 'IN', currency: 'inr' }),
    );
    const oversize = await putWorkspace(
      'ws_rejected',
      JSON.stringify({ name: 'D'.repeat(300_000), email: 'd@x.example', country: 'IN', currency: 'inr' }),
    );
    const after = await api('/api/v1/workspaces/ws_rejected');
    // Assess
    expect([malformed.status, unknownField.status, badId.status, oversize.status]).toEqual([400, 400, 400, 413]);
    expect((await json(malformed)).error.code).toBe('invalid_json');
    expect((await json(unknownField)).error.message).toContain('body.plan');
    expect((await json(badId)).error.message).toContain('path.workspace_id');
    expect(after.status).toBe(404);
  });

  it('replays a PUT sent again with the same Idempotency-Key', async () => {
    // Prepare
    const body = JSON.stringify({ name: 'Idem', email: 'i@x.example', country: 'US', currency: 'usd' });
    // Act
    const first = await putWorkspace('ws_idem', body, { 'idempotency-key': 'e2e-1' });
    const again = await putWorkspace('ws_idem', body, { 'idempotency-key': 'e2e-1' });
    const reused = await putWorkspace('ws_idem', body.replace('Idem', 'Other'), { 'idempotency-key': 'e2e-1' });
    // Assess
    expect([first.status, again.status, reused.status]).toEqual([201, 201, 409]);
    expect(await json(again)).toEqual(await json(first));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('serves the OpenAPI document with the workspace routes, and the docs page', async () => {
    // Act
    const doc = await json(await fetch(`${stack.baseUrl}/api/v1/openapi.json`));
    const page = await fetch(`${stack.baseUrl}/docs`);
    const html = await page.text();
    const css = await fetch(`${stack.baseUrl}/docs/swagger-ui.css`);
    // Assess
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/v1/workspaces/{workspace_id}']).sort()).toEqual(['get', 'put']);
    expect(
      doc.paths['/api/v1/workspaces/{workspace_id}'].put.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['name', 'email', 'country', 'currency']));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/<title>Tollgate API<\/title>/);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs|jsdelivr)/);
    expect(css.status).toBe(200);
  });

  it('is the table `npm run keys` finds by default', async () => {
    // Prepare
    const target = resolveTarget({}, { DYNAMODB_PORT: String(stack.ports.dynamodb) }, undefined);
    const table = createTableContext(target);
    // Act
    const keys = await listKeys(table, { projectId: 'demo' });
    table.doc.destroy();
    // Assess
    expect(keys.map((k) => k.prefix)).toContain(stack.apiKey.slice(0, 12));
  });

  it('subscribes a workspace to a plan, confirmed by Stripe webhooks', async () => {
    // Prepare
    const profile = { name: 'Persist', email: 'persist@example.com', country: 'US', currency: 'usd' };
    expect((await putWorkspace('ws_persist', JSON.stringify(profile))).status).toBe(201);
    // A paid plan needs a card on file: a SetupIntent from Tollgate, confirmed as Stripe.js would, made the default.
    const setup = await answer(
      api('/api/v1/workspaces/ws_persist/payment-methods/setup-intent', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    const confirmed = await stripeOf(stack).setupIntents.confirm(setup.body.id, { payment_method: 'pm_card_visa' });
    expect(
      (
        await answer(
          api(`/api/v1/workspaces/ws_persist/payment-methods/${confirmed.payment_method}/default`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          }),
        )
      ).status,
    ).toBe(200);
    // Act
    const created = await answer(
      api('/api/v1/subscriptions/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspace_id: 'ws_persist', plan: 'pro' }),
      }),
    );
    const active = await until('active subscription', async () => {
      const s = await readSubscription('ws_persist');
      return s.status === 200 && s.body.status === 'active' && s.body;
    });
    // Assess
    expect(created.status).toBe(201);
    expect(active).toMatchObject({ plan: 'pro', has_access: true });
    kept = {
      subscription: active,
      prices: (await stripeOf(stack).prices.list({ limit: 100 })).data.map((p) => p.id).sort(),
    };
  });

  // It stops the stack the tests above use; the last test starts it again.
  it('stops every process it started, DynamoDB Local included, on SIGTERM', async () => {
    // Act
    const result = await stack.stop();
    // Assess
    expect(result.processes.some((p) => /DynamoDBLocal\.jar/.test(p.cmd))).toBe(true);
    expect(result.processes.some((p) => /dev\/start\.ts/.test(p.cmd))).toBe(true);
    expect(result.leftovers).toEqual([]);
    expect(stack.logs()).toContain('SIGTERM: stopping');
    await expect(fetch(`${stack.baseUrl}/live`)).rejects.toThrow();
  });

  it(
    'started again with --persist, keeps the subscription readable and previewable, the catalog and one webhook endpoint',
    async () => {
      // Prepare
      expect(kept).toBeDefined();
      const { subscription, prices: pricesBefore } = kept!;
      const files = readdirSync(localDir);
      // Act: the same command on the same ports.
      stack = await startStackProcess(env, { args: ['--persist'], ports: stack.ports });
      const stripe = stripeOf(stack);
      const after = await readSubscription('ws_persist');
      const inStripe = await stripe.subscriptions.retrieve(subscription.subscription_id);
      const preview = await answer(
        api('/api/v1/subscriptions/ws_persist/preview', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ plan: 'enterprise' }),
        }),
      );
      const prices = (await stripe.prices.list({ limit: 100 })).data.map((p) => p.id).sort();
      const endpoints = await stripe.webhookEndpoints.list();
      // A change made in Stripe reaches the table only through a webhook signed with this start's secret.
      await stripe.subscriptions.update(subscription.subscription_id, { cancel_at_period_end: true });
      const viaWebhook = await until('a webhook after the restart', async () => {
        const s = await readSubscription('ws_persist');
        return s.body.cancel_at_period_end === true && s.body;
      });
      // Assess
      expect(files).toEqual(expect.arrayContaining(['dynamodb', 'razorpay-emulator.json', 'stripe-emulator.json']));
      expect(stack.logs()).toContain('catalog applied: 0 change(s)');
      expect(stack.logs()).toContain('(endpoint kept)');
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({
        subscription_id: subscription.subscription_id,
        customer_id: subscription.customer_id,
        price_id: subscription.price_id,
        plan: 'pro',
        status: 'active',
      });
      expect(inStripe).toMatchObject({
        id: subscription.subscription_id,
        status: 'active',
        customer: subscription.customer_id,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.lines.length).toBeGreaterThan(0);
      expect(prices).toEqual(pricesBefore);
      expect(endpoints.data.map((e) => e.url)).toEqual([`${stack.baseUrl}/api/v1/webhooks/stripe`]);
      expect(viaWebhook.subscription_id).toBe(subscription.subscription_id);
      // A whole restart and a webhook's round trip: bounded by their own deadlines, not the default.
    },
    STACK_READY_MS + PATIENCE_MS + 60_000,
  );
});
