import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { type InboxRepository, inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { queuePublisher } from '#shared/adapters/sqs/client';
import { listWebhookEvents, replayWebhookEvents, type WebhookOpsPorts } from '#shared/domain/operations/webhook-events';
import { main } from '../../dev/cli/webhooks';
import { freshQueue, freshTable, localSqs } from '../support/local';

/**
 * Who reaches which stored webhook event: a project's key its own project's events only (those
 * whose processing found one of its workspaces); nobody's key the events of no project; the
 * operator's CLI all of them.
 */
describe('webhook events: per-project lists and replays, and the operator CLI', () => {
  let table: TableContext;
  let inbox: InboxRepository;
  let queueUrl: string;
  let ports: WebhookOpsPorts;
  const sqs = localSqs();
  // The SQS server counts a message sent a moment ago as delayed until its next tick: count both.
  const depth = async () => {
    const a = (
      await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
        }),
      )
    ).Attributes;
    return Number(a?.ApproximateNumberOfMessages) + Number(a?.ApproximateNumberOfMessagesDelayed);
  };

  /** Stored as the receiver stores it, then settled as the processor settles it. */
  const stored = async (
    id: string,
    minute: number,
    outcome: { projectId?: string; workspaceId?: string; failed?: boolean; type?: string },
  ) => {
    const created = `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`;
    await inbox.putIfNew({
      provider: 'stripe',
      eventId: id,
      type: outcome.type ?? 'invoice.paid',
      created,
      objectId: null,
      projectId: null,
      workspaceId: null,
      receivedAt: created,
      payload: '{}',
    });
    if (outcome.failed) await inbox.markFailed('stripe', id, 'boom');
    else
      await inbox.markDone('stripe', id, {
        status: outcome.projectId ? 'processed' : 'ignored',
        projectId: outcome.projectId ?? null,
        workspaceId: outcome.workspaceId ?? null,
        at: created,
      });
  };

  beforeAll(async () => {
    table = await freshTable('wh');
    inbox = inboxRepository(table);
    queueUrl = (await freshQueue(sqs)).url;
    const queue = queuePublisher(sqs, queueUrl);
    ports = { inbox, queues: { stripe: queue, razorpay: queue } };
    await stored('evt_a1', 1, { projectId: 'proj_a', workspaceId: 'ws_1' });
    await stored('evt_a2', 2, { projectId: 'proj_a', workspaceId: 'ws_2', type: 'customer.subscription.updated' });
    await stored('evt_a3', 3, { projectId: 'proj_a', workspaceId: 'ws_1' });
    await stored('evt_b1', 4, { projectId: 'proj_b', workspaceId: 'ws_1' });
    await stored('evt_none', 5, { type: 'product.updated' });
    await stored('evt_failed', 6, { failed: true });
  });

  const ids = (r: { events: { event_id: string }[] }) => r.events.map((e) => e.event_id);

  it('lists a project its own events only, newest first, page by page, with its filters', async () => {
    // Act
    const a = await listWebhookEvents(ports, { projectId: 'proj_a' }, 'stripe', {}, { limit: 100 });
    const b = await listWebhookEvents(ports, { projectId: 'proj_b' }, 'stripe', {}, { limit: 100 });
    const nobody = await listWebhookEvents(ports, { projectId: 'proj_c' }, 'stripe', {}, { limit: 100 });
    const page1 = await listWebhookEvents(ports, { projectId: 'proj_a' }, 'stripe', {}, { limit: 2 });
    const page2 = await listWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      'stripe',
      {},
      { limit: 2, cursor: page1.next_cursor! },
    );
    const ws1 = await listWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      'stripe',
      { workspaceId: 'ws_1' },
      { limit: 100 },
    );
    const typed = await listWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      'stripe',
      { type: 'customer.subscription.updated' },
      { limit: 100 },
    );
    const ranged = await listWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      'stripe',
      { from: '2026-11-20T10:02:00Z', to: '2026-11-20T10:02:59Z' },
      { limit: 100 },
    );
    // Assess
    expect(ids(a)).toEqual(['evt_a3', 'evt_a2', 'evt_a1']);
    expect(ids(b)).toEqual(['evt_b1']);
    expect(ids(nobody)).toEqual([]);
    expect([ids(page1), ids(page2), page2.next_cursor]).toEqual([['evt_a3', 'evt_a2'], ['evt_a1'], null]);
    expect(ids(ws1)).toEqual(['evt_a3', 'evt_a1']);
    expect(ids(typed)).toEqual(['evt_a2']);
    expect(ids(ranged)).toEqual(['evt_a2']);
    expect(a.events[0]).toMatchObject({ provider: 'stripe', status: 'processed', workspace_id: 'ws_1' });
  });

  it('replays a project’s own events only: by ids all or nothing, by time range its own', async () => {
    // Prepare
    const before = await depth();
    // Act
    const foreign = await replayWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      { provider: 'stripe', event_ids: ['evt_a1', 'evt_b1'] },
    ).catch((e: unknown) => e);
    const unowned = await replayWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      { provider: 'stripe', event_ids: ['evt_none'] },
    ).catch((e: unknown) => e);
    const afterRefusals = await depth();
    const own = await replayWebhookEvents(
      ports,
      { projectId: 'proj_a' },
      { provider: 'stripe', event_ids: ['evt_a1', 'evt_a1'] },
    );
    const range = await replayWebhookEvents(
      ports,
      { projectId: 'proj_b' },
      { provider: 'stripe', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
    );
    // Assess
    expect(foreign).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect(unowned).toMatchObject({ statusCode: 404 });
    expect(afterRefusals).toBe(before);
    expect(own).toEqual({ replayed: ['evt_a1'], not_found: [] });
    expect(range).toEqual({ replayed: ['evt_b1'], not_found: [] });
    expect(await depth()).toBe(before + 2);
  });

  describe('npm run webhooks', () => {
    const run = async (argv: string[]) => {
      let out = '';
      let err = '';
      const env = {
        TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
        SQS_ENDPOINT: inject('sqsEndpoint'),
        STRIPE_QUEUE_URL: queueUrl,
      };
      const code = await main(argv, { env, out: (t) => (out += t), err: (t) => (err += t), demo: () => undefined });
      return { code, out, err, json: () => JSON.parse(out) };
    };

    it('lists every project’s events and those of none; --project and --unowned narrow it', async () => {
      // Act
      const all = await run(['list', '--json']);
      const unowned = await run(['list', '--unowned', '--json']);
      const projectB = await run(['list', '--project', 'proj_b', '--json']);
      const failed = await run(['list', '--status', 'failed', '--json']);
      const table = await run(['list', '--limit', '2']);
      // Assess
      expect(all.code).toBe(0);
      expect(ids(all.json())).toEqual(['evt_failed', 'evt_none', 'evt_b1', 'evt_a3', 'evt_a2', 'evt_a1']);
      expect(ids(unowned.json())).toEqual(['evt_failed', 'evt_none']);
      expect(ids(projectB.json())).toEqual(['evt_b1']);
      expect(ids(failed.json())).toEqual(['evt_failed']);
      expect(table.out).toMatch(/^EVENT\s+TYPE\s+CREATED\s+WORKSPACE\s+STATUS/);
      expect(table.out).toContain('evt_failed');
      expect(table.out).toMatch(/more: --cursor \S+/);
    });

    it('replays an event no project owns, and says which ids it did not find', async () => {
      // Prepare
      const before = await depth();
      // Act
      const ok = await run(['replay', 'evt_none', 'evt_failed']);
      const partly = await run(['replay', 'evt_none', 'evt_missing', '--json']);
      // Assess
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.out).toContain('Queued 2 stripe event(s) for processing: evt_none, evt_failed');
      expect(partly.code).toBe(1);
      expect(partly.json()).toEqual({ replayed: ['evt_none'], not_found: ['evt_missing'] });
      expect(await depth()).toBe(before + 3);
    });

    it.each([
      [['list', '--status', 'lost']],
      [['list', '--project', 'proj_a', '--unowned']],
      [['list', '--limit', '500']],
      [['list', '--from', 'yesterday']],
      [['replay']],
      [['replay', 'evt_a1', '--from', '2026-01-01T00:00:00Z']],
      [['list', '--provider', 'paypal']],
      [['purge']],
    ])('refuses %j with exit 2 before touching anything', async (argv) => {
      // Prepare
      const before = await depth();
      // Act
      const r = await run(argv);
      // Assess
      expect(r.code).toBe(2);
      expect(r.err).toContain('npm run webhooks -- --help');
      expect(await depth()).toBe(before);
    });
  });
});
