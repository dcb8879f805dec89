import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryBus } from '#shared/adapters/events/bus';
import { eventBridgeBus } from '#shared/adapters/events/eventbridge';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { stripeMeterSink } from '#shared/adapters/stripe/meter-events';
import type { MeterEventOut } from '#shared/domain/usage/ports';

/** Answers meter events the way Stripe does, with rate limits and refusals on demand. */
function fakeStripeServer() {
  const seen: { identifier: string; at: number }[] = [];
  let rateLimitedLeft = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const identifier = params.get('identifier') ?? '';
      seen.push({ identifier, at: Date.now() });
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (rateLimitedLeft > 0) {
        rateLimitedLeft--;
        return send(
          429,
          { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } },
          { 'retry-after': '0' },
        );
      }
      if (identifier.startsWith('dup'))
        return send(400, {
          error: { type: 'invalid_request_error', message: `An event already exists with identifier ${identifier}.` },
        });
      if (identifier.startsWith('bad'))
        return send(400, {
          error: {
            type: 'invalid_request_error',
            message: 'No active meter was found for event_name `nope`.',
            param: 'event_name',
          },
        });
      if (identifier.startsWith('down')) return send(503, { error: { type: 'api_error', message: 'unavailable' } });
      return send(200, {
        object: 'billing.meter_event',
        identifier,
        event_name: params.get('event_name'),
        payload: {},
        timestamp: Number(params.get('timestamp')),
        created: 0,
        livemode: false,
      });
    });
  });
  return {
    seen,
    server,
    rateLimit(n: number) {
      rateLimitedLeft = n;
    },
  };
}

const event = (identifier: string): MeterEventOut => ({
  identifier,
  eventName: 'ai_credits',
  customerId: 'cus_1',
  value: '2.5',
  timestamp: Math.floor(Date.now() / 1000),
});

describe('Stripe meter sink over the official SDK', () => {
  const fake = fakeStripeServer();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => fake.server.close(() => r())));
  const sink = (maxAttempts = 5) => {
    const stripe = createStripeClient({ secretKey: 'sk_test_fake', apiBase: url, maxNetworkRetries: 0 });
    const waits: number[] = [];
    return {
      waits,
      sink: stripeMeterSink(async () => stripe, {
        maxAttempts,
        baseDelayMs: 5,
        sleep: async (ms) => void waits.push(ms),
      }),
    };
  };

  it('retries 429s with backoff until Stripe accepts, and keeps the identifier', async () => {
    // Prepare
    fake.rateLimit(3);
    const { sink: s, waits } = sink();
    // Act
    const out = await s.send([event('ok-1')]);
    // Assess
    expect(out).toEqual([{ ok: true }]);
    expect(fake.seen.filter((x) => x.identifier === 'ok-1')).toHaveLength(4);
    expect(waits.length).toBeGreaterThanOrEqual(3);
  });

  it('treats "already exists" as delivered, a bad request as permanent, and gives up on an outage for SQS to retry', async () => {
    // Act
    const out = await sink(2).sink.send([event('dup-1'), event('bad-1'), event('down-1'), event('ok-2')]);
    // Assess
    expect(out[0]).toEqual({ ok: true });
    expect(out[1]).toMatchObject({ ok: false, permanent: true });
    expect(out[2]).toMatchObject({ ok: false, permanent: false });
    expect(out[3]).toEqual({ ok: true });
  });
});

describe('billing event bus adapters', () => {
  it('publishes through PutEvents in chunks of 10, resending only refused entries, in the history envelope', async () => {
    // Prepare
    const calls: { Entries: { Detail?: string; DetailType?: string }[] }[] = [];
    let refuseOnce = true;
    const client = {
      send: async (cmd: PutEventsCommand) => {
        const input = cmd.input as { Entries: { Detail?: string; DetailType?: string }[] };
        calls.push(input);
        if (refuseOnce && input.Entries.length === 10) {
          refuseOnce = false;
          return {
            FailedEntryCount: 1,
            Entries: input.Entries.map((_, i) =>
              i === 3 ? { ErrorCode: 'ThrottlingException' } : { EventId: `e${i}` },
            ),
          };
        }
        return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `e${i}` })) };
      },
    } as unknown as EventBridgeClient;
    const bus = eventBridgeBus(client, 'bus', {
      sleep: async () => undefined,
      now: () => new Date('2026-03-15T12:00:00Z'),
    });
    const events = Array.from({ length: 12 }, (_, i) => ({
      type: 'usage.threshold_reached',
      project_id: 'p',
      workspace_id: `w${i}`,
      id: `id${i}`,
      detail: { n: i },
    }));
    // Act
    await bus.publish(events);
    // Assess
    expect(calls.map((c) => c.Entries.length)).toEqual([10, 1, 2]);
    expect(JSON.parse(calls[1].Entries[0].Detail!)).toEqual({
      id: 'id3',
      type: 'usage.threshold_reached',
      project_id: 'p',
      workspace_id: 'w3',
      occurred_at: '2026-03-15T12:00:00.000Z',
      data: { n: 3 },
    });
  });

  it('fails the publish when entries keep being refused, so the message is retried', async () => {
    // Prepare
    const client = {
      send: async () => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] }),
    } as unknown as EventBridgeClient;
    const bus = eventBridgeBus(client, 'bus', { sleep: async () => undefined });
    // Act + Assess
    await expect(bus.publish([{ type: 't', project_id: 'p', workspace_id: 'w', detail: {} }])).rejects.toThrow(
      /InternalFailure/,
    );
  });

  it('keeps history entries (with data) and generic events (with detail) in one envelope', async () => {
    // Prepare
    const bus = memoryBus();
    // Act
    await bus.publish([
      {
        id: 'h1',
        type: 'subscription.activated',
        project_id: 'p',
        workspace_id: 'w',
        occurred_at: '2026-01-01T00:00:00.000Z',
        data: { plan: 'pro' },
      },
      {
        type: 'usage.threshold_reached',
        project_id: 'p',
        workspace_id: 'w',
        id: 'u1',
        detail: { meter: 'ai_credits' },
      },
    ]);
    // Assess
    expect(bus.events.map((e) => [e.id, e.data])).toEqual([
      ['h1', { plan: 'pro' }],
      ['u1', { meter: 'ai_credits' }],
    ]);
  });
});
