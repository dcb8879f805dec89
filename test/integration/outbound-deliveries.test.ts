import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { retryDelivery } from '#shared/domain/outbound/deliveries';
import { createEndpoint, deleteEndpoint, rotateSecret, updateEndpoint } from '#shared/domain/outbound/endpoints';
import { fanOut } from '#shared/domain/outbound/fan-out';
import { parseSignatureHeader, verifySignature } from '#shared/domain/outbound/signing';
import { startOutbound } from '../support/outbound-harness';
import { until } from '../support/until';
import { startReceiver } from '../support/webhook-receiver';

const nowS = () => Math.floor(Date.now() / 1000);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('outbound webhooks through the queue, the consumer and a real receiver', () => {
  let h: Awaited<ReturnType<typeof startOutbound>>;
  beforeAll(async () => {
    h = await startOutbound();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('delivers each event signed, retries the failed attempts with backoff, and the receiver sees every event once', async () => {
    // Prepare: a receiver that fails the first two attempts of every event.
    const rx = await startReceiver({ failFirst: 2 });
    closers.push(rx.close);
    const { endpoint, secret } = await createEndpoint(h.endpointPorts, 'proj_a', { url: rx.url, events: ['*'] });
    const events = [
      h.event('proj_a', 'subscription.activated', { plan: 'pro' }),
      h.event('proj_a', 'invoice.paid', { amount_paid: 1000 }),
      h.event('proj_a', 'usage.threshold_reached', { meter: 'ai_credits' }),
    ];
    // Act: published like any billing event, one of them twice.
    await h.bus.publish(events);
    await h.bus.publish([events[0]]);
    const done = await h.waitFor(
      'three succeeded deliveries',
      'proj_a',
      endpoint.endpointId,
      (ds) => ds.length === 3 && ds.every((d) => d.status === 'succeeded'),
    );
    // Assess
    expect(
      rx
        .delivered()
        .map((r) => JSON.parse(r.body).id)
        .sort(),
    ).toEqual(events.map((e) => e.id).sort());
    for (const r of rx.received) {
      expect(verifySignature(r.body, String(r.headers['tollgate-signature']), secret, nowS())).toBe(true);
      expect(verifySignature(`${r.body} `, String(r.headers['tollgate-signature']), secret, nowS())).toBe(false);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const bodies = rx.delivered().map((r) => JSON.parse(r.body));
    expect(bodies.find((b) => b.type === 'invoice.paid')).toEqual(events[1]);
    for (const d of done) {
      expect(d).toMatchObject({
        status: 'succeeded',
        attempts: 3,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
      });
      expect(d.lastLatencyMs).toEqual(expect.any(Number));
    }
    // Three attempts per event (two failures, one success); the duplicate publish made no fourth.
    expect(rx.received.length).toBe(9);
    const attempts = rx.received
      .filter((r) => r.headers['tollgate-event-id'] === events[0].id)
      .map((r) => Number(r.headers['tollgate-attempt']));
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("delivers to the event's own project only, to the types each endpoint subscribed to, and not to a disabled endpoint", async () => {
    // Prepare
    const [all, invoices, other, off] = await Promise.all([
      startReceiver(),
      startReceiver(),
      startReceiver(),
      startReceiver(),
    ]);
    closers.push(all.close, invoices.close, other.close, off.close);
    const a = await createEndpoint(h.endpointPorts, 'proj_iso_a', { url: all.url, events: ['*'] });
    const inv = await createEndpoint(h.endpointPorts, 'proj_iso_a', { url: invoices.url, events: ['invoice.*'] });
    const b = await createEndpoint(h.endpointPorts, 'proj_iso_b', { url: other.url, events: ['*'] });
    const disabled = await createEndpoint(h.endpointPorts, 'proj_iso_a', {
      url: off.url,
      events: ['*'],
      disabled: true,
    });
    // Act
    await h.bus.publish([h.event('proj_iso_a', 'subscription.canceled'), h.event('proj_iso_a', 'invoice.voided')]);
    await h.waitFor(
      'two deliveries to the catch-all endpoint',
      'proj_iso_a',
      a.endpoint.endpointId,
      (ds) => ds.filter((d) => d.status === 'succeeded').length === 2,
    );
    await h.waitFor('the invoice delivery', 'proj_iso_a', inv.endpoint.endpointId, (ds) =>
      ds.some((d) => d.status === 'succeeded'),
    );
    // Assess
    expect(
      all
        .delivered()
        .map((r) => JSON.parse(r.body).type)
        .sort(),
    ).toEqual(['invoice.voided', 'subscription.canceled']);
    expect(invoices.delivered().map((r) => JSON.parse(r.body).type)).toEqual(['invoice.voided']);
    expect(other.received).toEqual([]);
    expect(off.received).toEqual([]);
    expect((await h.deliveries.list('proj_iso_b', b.endpoint.endpointId, { limit: 10 })).deliveries).toEqual([]);
    expect((await h.deliveries.list('proj_iso_a', disabled.endpoint.endpointId, { limit: 10 })).deliveries).toEqual([]);
  });

  it('signs with the old secret too during a rotation grace period, and with the new one only after a rotation without grace', async () => {
    // Prepare
    const rx = await startReceiver();
    closers.push(rx.close);
    const { endpoint, secret: first } = await createEndpoint(h.endpointPorts, 'proj_rot', {
      url: rx.url,
      events: ['invoice.*'],
    });
    const { secret: second } = await rotateSecret(h.endpointPorts, 'proj_rot', endpoint.endpointId, 3600);
    // Act
    await h.bus.publish([h.event('proj_rot', 'invoice.paid')]);
    await until('the first delivery', async () => rx.delivered().length === 1);
    const { secret: third } = await rotateSecret(h.endpointPorts, 'proj_rot', endpoint.endpointId, 0);
    await h.bus.publish([h.event('proj_rot', 'invoice.finalized')]);
    await until('the second delivery', async () => rx.delivered().length === 2);
    // Assess
    const [during, after] = rx.delivered();
    const header = (r: typeof during) => String(r.headers['tollgate-signature']);
    expect(parseSignatureHeader(header(during))!.signatures).toHaveLength(2);
    for (const s of [first, second]) expect(verifySignature(during.body, header(during), s, nowS())).toBe(true);
    expect(parseSignatureHeader(header(after))!.signatures).toHaveLength(1);
    expect(verifySignature(after.body, header(after), third, nowS())).toBe(true);
    for (const s of [first, second]) expect(verifySignature(after.body, header(after), s, nowS())).toBe(false);
  });

  it('keeps a slow endpoint to its concurrency slots while another endpoint is served', async () => {
    // Prepare: two slots per endpoint, and a consumer that would run eight at once to one endpoint
    // (as several consumers together would); a slow and a fast receiver.
    const slow = await startReceiver({ delayMs: 1500 });
    const fast = await startReceiver();
    closers.push(slow.close, fast.close);
    const s = await createEndpoint(h.endpointPorts, 'proj_slow', { url: slow.url, events: ['*'] });
    const f = await createEndpoint(h.endpointPorts, 'proj_slow', { url: fast.url, events: ['invoice.*'] });
    const bounded = await startOutbound({ slots: 2, perEndpoint: 8 });
    closers.push(bounded.stop);
    await bounded.endpoints.create(s.endpoint);
    await bounded.endpoints.create(f.endpoint);
    // Act: eight events for the slow endpoint, four of them also for the fast one.
    const events = Array.from({ length: 8 }, (_, i) =>
      bounded.event('proj_slow', i % 2 ? 'invoice.paid' : 'subscription.renewed'),
    );
    await bounded.bus.publish(events);
    await bounded.waitFor(
      'the fast endpoint served',
      'proj_slow',
      f.endpoint.endpointId,
      (ds) => ds.length === 4 && ds.every((d) => d.status === 'succeeded'),
    );
    const slowWhenFastDone = slow.delivered().length;
    await bounded.waitFor(
      'the slow endpoint served',
      'proj_slow',
      s.endpoint.endpointId,
      (ds) => ds.length === 8 && ds.every((d) => d.status === 'succeeded'),
    );
    // Assess
    expect(slow.maxInFlight).toBeLessThanOrEqual(2);
    expect(slowWhenFastDone).toBeLessThan(8);
    expect(slow.delivered()).toHaveLength(8);
    expect(bounded.outcomes).toContain('busy');
  });

  it('fails a delivery once its retry window is spent, and a manual retry sends it again', async () => {
    // Prepare: a window of 2 s with retries 1 s apart; the receiver answers 503 until told otherwise.
    const short = await startOutbound({ retryWindowSeconds: 2 });
    closers.push(short.stop);
    const down = await startReceiver({ status: 503, reply: 'maintenance' });
    closers.push(down.close);
    const { endpoint } = await createEndpoint(short.endpointPorts, 'proj_fail', { url: down.url, events: ['*'] });
    // Act
    await short.bus.publish([short.event('proj_fail', 'payment.recorded')]);
    const [failed] = await short.waitFor(
      'a failed delivery',
      'proj_fail',
      endpoint.endpointId,
      (ds) => ds[0]?.status === 'failed',
    );
    const up = await startReceiver();
    closers.push(up.close);
    await updateEndpoint(short.endpointPorts, 'proj_fail', endpoint.endpointId, { url: up.url });
    const reopened = await retryDelivery(
      { ...short, clock: () => new Date() },
      'proj_fail',
      endpoint.endpointId,
      failed.deliveryId,
    );
    const [retried] = await short.waitFor(
      'the retried delivery',
      'proj_fail',
      endpoint.endpointId,
      (ds) => ds[0]?.status === 'succeeded',
    );
    // Assess
    expect(failed.attempts).toBeGreaterThanOrEqual(2);
    expect(failed).toMatchObject({
      lastStatusCode: 503,
      lastError: 'endpoint answered 503',
      lastResponseBody: 'maintenance',
      nextAttemptAt: null,
    });
    expect(failed.completedAt).toEqual(expect.any(String));
    expect(reopened.status).toBe('pending');
    expect(retried).toMatchObject({ attempts: failed.attempts + 1, lastStatusCode: 200 });
    expect(up.delivered()).toHaveLength(1);
  });

  it('makes a first attempt from its queued backstop when the consumer that fanned out died before making it', async () => {
    // Prepare
    const rx = await startReceiver();
    closers.push(rx.close);
    const { endpoint } = await createEndpoint(h.endpointPorts, 'proj_backstop', { url: rx.url, events: ['*'] });
    // Act: fanned out, and the first attempts it answers are never made.
    const r = await fanOut({ ...h.fanOut, backstopSeconds: 1 }, h.event('proj_backstop', 'invoice.paid'));
    const [d] = await h.waitFor(
      'the delivery made from its backstop',
      'proj_backstop',
      endpoint.endpointId,
      (ds) => ds[0]?.status === 'succeeded',
    );
    // Assess
    expect(r.attempts).toHaveLength(1);
    expect(d.attempts).toBe(1);
    expect(rx.delivered()).toHaveLength(1);
  });

  it('does not attempt deliveries of an endpoint deleted while they waited', async () => {
    // Prepare: every attempt fails, retries 1 s apart.
    const rx = await startReceiver({ status: 500 });
    closers.push(rx.close);
    const { endpoint } = await createEndpoint(h.endpointPorts, 'proj_del', { url: rx.url, events: ['*'] });
    await h.bus.publish([h.event('proj_del', 'invoice.paid')]);
    await until('a first failed attempt', async () => rx.received.length >= 1);
    // Act
    await deleteEndpoint(h.endpointPorts, 'proj_del', endpoint.endpointId);
    const [d] = await h.waitFor(
      'the delivery abandoned',
      'proj_del',
      endpoint.endpointId,
      (ds) => ds[0]?.status === 'failed',
    );
    const seen = rx.received.length;
    // Assess
    expect(d.lastError).toBe('endpoint_deleted');
    await new Promise((r) => setTimeout(r, 2500));
    expect(rx.received.length).toBe(seen);
  });
});
