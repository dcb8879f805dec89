import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { recordUsage } from '#shared/domain/usage/record';
import { freshTable } from '../support/local';
import { fakeMeter, seedWorkspace, usagePorts } from '../support/usage-fixtures';

/**
 * Enforce checks only the current window. The synchronous route publishes a window's threshold events even when the request that
 * crossed the level failed afterwards (the Stripe meter push): its retry is a duplicate, and the
 * duplicate path publishes what is still owed. Against DynamoDB Local, with an in-memory bus.
 */
describe('the synchronous usage path: thresholds and enforce windows', () => {
  let table: TableContext;
  beforeAll(async () => {
    table = await freshTable('usagesync');
  });

  const thresholds = (events: { type: string; data: Record<string, unknown> }[]) =>
    events.filter((e) => e.type === 'usage.threshold_reached').map((e) => e.data.threshold_percent);

  it('publishes the level a failed request crossed when that request is retried', async () => {
    // Prepare: pro (ai_credits 5000 a billing period, soft), the first meter push for k1 fails.
    const now = new Date();
    await seedWorkspace(table, 'p1', 'ws_thr', {
      customerId: 'cus_thr',
      plan: 'pro',
      period: {
        start: new Date(now.getTime() - 86_400_000).toISOString(),
        end: new Date(now.getTime() + 29 * 86_400_000).toISOString(),
      },
    });
    const meters = fakeMeter({
      fail: (_e, attempt) => (attempt === 1 ? { ok: false, permanent: false, reason: 'stripe 502' } : undefined),
    });
    const { ports, bus } = usagePorts(table, { meters });
    const body = { event_type: 'ai_credits', workspace_id: 'ws_thr', value: '4500', idempotency_key: 'k1' };
    // Act
    const failed = await recordUsage(ports, 'p1', body).catch((e: unknown) => e);
    const afterFailure = thresholds(bus.events);
    const retry = await recordUsage(ports, 'p1', body);
    const again = await recordUsage(ports, 'p1', body);
    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(retry).toMatchObject({ duplicate: true, meter_event: 'sent', usage: { used: '4500' } });
    expect(again.duplicate).toBe(true);
    // Published with the first attempt already (before the push), and never twice.
    expect(afterFailure).toEqual([80]);
    expect(thresholds(bus.events)).toEqual([80]);
    expect(meters.events.size).toBe(1);
  });

  it('publishes each level once on a hard limit, refused requests included', async () => {
    // Prepare: free (ai_credits 100 a month, hard).
    await seedWorkspace(table, 'p1', 'ws_hard');
    const { ports, bus } = usagePorts(table);
    // Act
    await recordUsage(ports, 'p1', {
      event_type: 'ai_credits',
      workspace_id: 'ws_hard',
      value: '79',
      idempotency_key: 'a',
      enforce: true,
    });
    const over = await recordUsage(ports, 'p1', {
      event_type: 'ai_credits',
      workspace_id: 'ws_hard',
      value: '30',
      idempotency_key: 'b',
      enforce: true,
    }).catch((e: unknown) => e);
    await recordUsage(ports, 'p1', {
      event_type: 'ai_credits',
      workspace_id: 'ws_hard',
      value: '21',
      idempotency_key: 'c',
      enforce: true,
    });
    const overAgain = await recordUsage(ports, 'p1', {
      event_type: 'ai_credits',
      workspace_id: 'ws_hard',
      value: '1',
      idempotency_key: 'd',
      enforce: true,
    }).catch((e: unknown) => e);
    // Assess
    expect(over).toMatchObject({ statusCode: 429, code: 'usage_limit_exceeded' });
    expect(overAgain).toMatchObject({ statusCode: 429 });
    expect(thresholds(bus.events)).toEqual([80, 100]);
  });

  it('with enforce, refuses a timestamp in the next window (clock skew at midnight) and counts nothing', async () => {
    // Prepare: free (ai_credits 100 a calendar month, hard), two minutes before the month ends.
    await seedWorkspace(table, 'p1', 'ws_edge');
    const { ports } = usagePorts(table, { clock: () => new Date('2026-11-30T23:58:00Z') });
    const body = {
      event_type: 'ai_credits',
      workspace_id: 'ws_edge',
      value: '1',
      idempotency_key: 'e1',
      timestamp: '2026-12-01T00:02:00Z',
      enforce: true,
    };
    // Act
    const refused = await recordUsage(ports, 'p1', body).catch((e: unknown) => e);
    const unenforced = await recordUsage(ports, 'p1', { ...body, enforce: false });
    // Assess
    expect(refused).toMatchObject({ statusCode: 400 });
    expect((refused as Error).message).toMatch(
      /timestamp: enforce checks the current month window, which ends at 2026-12-01T00:00:00.000Z/,
    );
    expect(unenforced).toMatchObject({ counted: true, counted_in: { start: '2026-12-01T00:00:00.000Z' } });
  });
});
