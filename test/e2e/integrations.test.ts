import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { createClient, type TollgateClient, type TollgateEvent, unwrap, verifyWebhook } from 'tollgate/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';
import { startReceiver } from '../support/webhook-receiver';

const ROOT = join(import.meta.dirname, '..', '..');
const WS = 'ws_guide';

/**
 * Seed 000's integration guide, written with the typed client against `npm start`: an app checks
 * entitlements and publishes usage (sync and async), and receives the billing events on its own
 * webhook receiver, which fails the first two attempts of every event, and on the live stream.
 */
describe('the integration guide with tollgate/client against the local stack', () => {
  let stack: StackProcess;
  let tollgate: TollgateClient;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let secret = '';
  let endpointId = '';

  beforeAll(async () => {
    rx = await startReceiver({ failFirst: 2 });
    // Retries a second apart (three days' backoff starts at 30 s in AWS).
    stack = await startStackProcess({ WEBHOOK_RETRY_BASE_SECONDS: '1', STREAM_POLL_MS: '200' });
    tollgate = createClient({ baseUrl: stack.baseUrl, apiKey: stack.apiKey });
    const created = unwrap(
      await tollgate.POST('/api/v1/webhook-endpoints', {
        body: { url: rx.url, events: ['subscription.*', 'usage.*', 'invoice.*'], description: 'guide' },
      }),
    );
    secret = created.secret;
    endpointId = created.id;
  });
  afterAll(async () => {
    await stack?.stop();
    await rx?.close();
  });

  it('checks entitlements and features, and publishes usage sync and async', async () => {
    // Act
    unwrap(
      await tollgate.PUT('/api/v1/workspaces/{workspace_id}', {
        params: { path: { workspace_id: WS } },
        body: { name: 'Guide', email: 'guide@example.com', country: 'US', currency: 'usd' },
      }),
    );
    const sub = unwrap(
      await tollgate.POST('/api/v1/subscriptions/', { body: { workspace_id: WS, plan: 'pro', trial_days: 14 } }),
    );
    const ent = await until('the pro plan in the entitlements', async () => {
      const e = unwrap(
        await tollgate.GET('/api/v1/entitlements/{workspace_id}', { params: { path: { workspace_id: WS } } }),
      );
      return e.plan === 'pro' ? e : undefined;
    });
    const feature = unwrap(
      await tollgate.GET('/api/v1/entitlements/{workspace_id}/feature/{feature}', {
        params: { path: { workspace_id: WS, feature: 'whatsapp_campaigns' } },
      }),
    );
    const sync = unwrap(
      await tollgate.POST('/api/v1/usage/events', {
        body: { event_type: 'ai_credits', workspace_id: WS, value: 4100, idempotency_key: 'guide-1' },
      }),
    );
    const queued = unwrap(
      await tollgate.POST('/api/v1/usage/events/async', {
        body: { event_type: 'ai_credits', workspace_id: WS, value: 2.5, idempotency_key: 'guide-2' },
      }),
    );
    const report = await until('the async event counted', async () => {
      const r = unwrap(await tollgate.GET('/api/v1/usage/{workspace_id}', { params: { path: { workspace_id: WS } } }));
      return JSON.stringify(r).includes('4102.5') ? r : undefined;
    });
    const exceeded = unwrap(
      await tollgate.GET('/api/v1/entitlements/{workspace_id}/usage/{meter}/exceeded', {
        params: { path: { workspace_id: WS, meter: 'ai_credits' } },
      }),
    );
    // Assess
    expect(sub.plan).toBe('pro');
    expect(ent.plan).toBe('pro');
    expect(feature.has_access).toBe(true);
    expect(sync).toMatchObject({ counted: true });
    expect(queued).toMatchObject({ accepted: true, idempotency_key: 'guide-2' });
    expect(JSON.stringify(report)).toContain('ai_credits');
    expect(exceeded.exceeded).toBe(false);
  });

  it('delivers each subscribed event signed, once per event id, after failed attempts, and lists the deliveries', async () => {
    // Act: the activation and the 80% threshold of ai_credits reach the receiver on the third attempt.
    const delivered = await until('subscription.activated and usage.threshold_reached delivered', async () => {
      const types = rx.delivered().map((r) => JSON.parse(r.body).type);
      return types.includes('subscription.activated') && types.includes('usage.threshold_reached')
        ? rx.delivered()
        : undefined;
    });
    const listed = await until('the deliveries succeeded', async () => {
      const page = unwrap(
        await tollgate.GET('/api/v1/webhook-endpoints/{endpoint_id}/deliveries', {
          params: { path: { endpoint_id: endpointId }, query: { limit: 100 } },
        }),
      );
      return page.deliveries.length >= 2 && page.deliveries.every((d) => d.status === 'succeeded')
        ? page.deliveries
        : undefined;
    });
    // Assess
    const validate = new Ajv2020({ strict: false }).compile(
      JSON.parse(readFileSync(join(ROOT, 'docs/billing-event.schema.json'), 'utf8')),
    );
    for (const r of rx.received)
      expect(await verifyWebhook(r.body, String(r.headers['tollgate-signature']), secret)).toBe(true);
    const events = delivered.map((r) => JSON.parse(r.body) as TollgateEvent);
    for (const e of events) {
      expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
      expect(e.workspace_id).toBe(WS);
      expect(e.type).toMatch(/^(subscription|usage|invoice)\./);
      expect(rx.received.filter((r) => JSON.parse(r.body).id === e.id).map((r) => r.status)).toEqual([500, 500, 200]);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.find((e) => e.type === 'usage.threshold_reached')?.data).toMatchObject({
      meter: 'ai_credits',
      threshold_percent: 80,
    });
    for (const d of listed)
      expect(d).toMatchObject({ status: 'succeeded', attempts: 3, last_response_code: 200, workspace_id: WS });
    // Every delivery listed reached the receiver, and everything the receiver saw is listed.
    const finallyDelivered = rx.delivered().map((r) => JSON.parse(r.body).id);
    for (const d of listed) expect(finallyDelivered).toContain(d.event_id);
    for (const e of events) expect(listed.map((d) => d.event_id)).toContain(e.id);
  });

  it('streams the workspace history from the start and resumes after the last id', async () => {
    // Act
    const read = async (lastEventId: string, want: (seen: TollgateEvent[]) => boolean) => {
      const abort = new AbortController();
      const seen: { id: string; event: TollgateEvent }[] = [];
      const t = setTimeout(() => abort.abort(), 60_000);
      try {
        for await (const e of tollgate.billingEvents(WS, { lastEventId, signal: abort.signal })) {
          seen.push(e);
          if (want(seen.map((s) => s.event))) break;
        }
      } finally {
        clearTimeout(t);
        abort.abort();
      }
      return seen;
    };
    // The history: the activation and the invoices of the trial (thresholds go to the bus and webhooks only).
    const all = await read('0', (s) => s.length >= 2 && s.some((e) => e.type === 'subscription.activated'));
    const after = await read(all[0].id, (s) => s.length >= all.length - 1);
    // Assess
    expect(all.map((e) => e.event.workspace_id)).toEqual(all.map(() => WS));
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(after.map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
  });
});
