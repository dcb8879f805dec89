import { describe, expect, it } from 'vitest';
import {
  type HandledEvent,
  processStored,
  receiveWebhook,
  type StoredEventHandler,
} from '#shared/domain/webhooks/inbox';
import type { InboxOutcome, InboxRecord, NewInboxRecord, WebhookVerifier } from '#shared/domain/webhooks/ports';
import { PoisonMessageError, ValidationError } from '#shared/errors';

const AT = new Date('2026-11-20T10:00:00.000Z');

/** The inbox in memory, with what was done to each row. */
function memoryInbox() {
  const rows = new Map<string, InboxRecord>();
  const log: string[] = [];
  const key = (provider: string, id: string) => `${provider}:${id}`;
  return {
    rows,
    log,
    async putIfNew(r: NewInboxRecord) {
      const existing = rows.get(key(r.provider, r.eventId));
      if (existing) return { isNew: false, record: existing };
      const record: InboxRecord = { ...r, status: 'received', attempts: 0, lastError: null, processedAt: null };
      rows.set(key(r.provider, r.eventId), record);
      return { isNew: true, record };
    },
    async get(provider: string, id: string) {
      return rows.get(key(provider, id));
    },
    async markQueued(provider: string, id: string) {
      const r = rows.get(key(provider, id))!;
      if (r.status === 'received') r.status = 'queued';
    },
    async markAttempt(provider: string, id: string) {
      rows.get(key(provider, id))!.attempts++;
      log.push(`attempt ${id}`);
    },
    async markDone(provider: string, id: string, o: InboxOutcome) {
      Object.assign(rows.get(key(provider, id))!, {
        status: o.status,
        projectId: o.projectId ?? null,
        workspaceId: o.workspaceId ?? null,
        processedAt: o.at,
        lastError: null,
      });
      log.push(`${o.status} ${id}`);
    },
    async markFailed(provider: string, id: string, error: string) {
      Object.assign(rows.get(key(provider, id))!, { status: 'failed', lastError: error });
      log.push(`failed ${id}`);
    },
  };
}

const row = (over: Partial<InboxRecord> = {}): InboxRecord => ({
  provider: 'stripe',
  eventId: 'evt_1',
  type: 'invoice.paid',
  created: AT.toISOString(),
  objectId: null,
  projectId: null,
  workspaceId: null,
  status: 'queued',
  attempts: 0,
  lastError: null,
  receivedAt: AT.toISOString(),
  processedAt: null,
  payload: '{"n":1}',
  ...over,
});

function handler(
  handle: (e: { n: number }) => Promise<HandledEvent>,
  refetch?: (id: string) => Promise<{ n: number }>,
): StoredEventHandler<{ n: number }> {
  return { provider: 'stripe', decode: (p) => JSON.parse(p) as { n: number }, refetch, handle };
}

/** A verifier that accepts the header `sig: ok` and names the event after the body. */
const verifier: WebhookVerifier = {
  provider: 'razorpay',
  async verify(rawBody, headers) {
    if (headers.sig !== 'ok') throw new ValidationError('Invalid signature', undefined, 'invalid_signature');
    return { eventId: `id_${rawBody}`, type: 'payment.captured', created: null, objectId: null };
  },
};

describe('the webhook inbox protocol', () => {
  it('receives: verifies, stores once, enqueues once, and stores nothing when the signature fails', async () => {
    // Prepare
    const inbox = memoryInbox();
    const sent: unknown[] = [];
    const ports = { inbox, queue: { send: async (m: unknown) => String(sent.push(m)) }, verifier, clock: () => AT };
    // Act
    const first = await receiveWebhook(ports, 'body', { sig: 'ok' });
    const again = await receiveWebhook(ports, 'body', { sig: 'ok' });
    const forged = await receiveWebhook(ports, 'forged', { sig: 'no' }).catch((e: unknown) => e);
    // Assess
    expect(first).toEqual({ received: true, duplicate: false, event_id: 'id_body' });
    expect(again).toEqual({ received: true, duplicate: true, event_id: 'id_body' });
    expect(sent).toEqual([{ provider: 'razorpay', event_id: 'id_body' }]);
    expect(forged).toBeInstanceOf(ValidationError);
    expect([...inbox.rows.keys()]).toEqual(['razorpay:id_body']);
    expect(inbox.rows.get('razorpay:id_body')).toMatchObject({
      status: 'queued',
      created: AT.toISOString(),
      payload: 'body',
    });
  });

  it('processes a stored event once, claims it for its workspace, and replays it only when forced', async () => {
    // Prepare
    const inbox = memoryInbox();
    inbox.rows.set('stripe:evt_1', row());
    const seen: number[] = [];
    const h = handler(
      async (e) => (seen.push(e.n), { status: 'processed', ref: { projectId: 'p1', workspaceId: 'ws_1' } }),
    );
    // Act
    await processStored({ inbox, clock: () => AT }, h, 'evt_1');
    await processStored({ inbox, clock: () => AT }, h, 'evt_1');
    await processStored({ inbox, clock: () => AT }, h, 'evt_1', { force: true });
    // Assess
    expect(seen).toEqual([1, 1]);
    expect(inbox.rows.get('stripe:evt_1')).toMatchObject({
      status: 'processed',
      projectId: 'p1',
      workspaceId: 'ws_1',
      attempts: 2,
    });
  });

  it('reads an event stored without its body from the provider, and makes it poison where the provider cannot be asked', async () => {
    // Prepare
    const inbox = memoryInbox();
    inbox.rows.set('stripe:evt_1', row({ payload: null }));
    const refetched: string[] = [];
    const withRefetch = handler(
      async (e) => ({ status: e.n === 2 ? 'ignored' : 'processed' }),
      async (id) => (refetched.push(id), { n: 2 }),
    );
    const without = handler(async () => ({ status: 'processed' }));
    // Act
    await processStored({ inbox, clock: () => AT }, withRefetch, 'evt_1');
    inbox.rows.set('stripe:evt_1', row({ payload: null }));
    const poison = await processStored({ inbox, clock: () => AT }, without, 'evt_1').catch((e: unknown) => e);
    const missing = await processStored({ inbox, clock: () => AT }, without, 'evt_none').catch((e: unknown) => e);
    // Assess
    expect(refetched).toEqual(['evt_1']);
    expect(inbox.log).toEqual(['attempt evt_1', 'ignored evt_1']);
    expect(poison).toBeInstanceOf(PoisonMessageError);
    expect((poison as Error).message).toBe('Stripe event evt_1 was stored without its body');
    expect(missing).toBeInstanceOf(PoisonMessageError);
    expect((missing as Error).message).toBe('no stored Stripe event evt_none');
  });

  it('records a refusal as failed without a retry, and a failure as failed with one', async () => {
    // Prepare
    const inbox = memoryInbox();
    inbox.rows.set('stripe:evt_1', row());
    inbox.rows.set('stripe:evt_2', row({ eventId: 'evt_2' }));
    // Act
    const refused = await processStored(
      { inbox, clock: () => AT },
      handler(async () => ({ status: 'refused', reason: 'refused: API version 2020-01-01' })),
      'evt_1',
    );
    const failed = await processStored(
      { inbox, clock: () => AT },
      handler(async () => Promise.reject(new Error('Stripe is down'))),
      'evt_2',
    ).catch((e: unknown) => e);
    // Assess
    expect(refused).toBeUndefined();
    expect(inbox.rows.get('stripe:evt_1')).toMatchObject({
      status: 'failed',
      lastError: 'refused: API version 2020-01-01',
    });
    expect(failed).toMatchObject({ message: 'Stripe is down' });
    expect(inbox.rows.get('stripe:evt_2')).toMatchObject({
      status: 'failed',
      lastError: 'Stripe is down',
      attempts: 1,
    });
  });
});
