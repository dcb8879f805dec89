import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { creditMarkerItem } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { usageRecordRepository } from '#shared/adapters/dynamodb/repositories/usage-records';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { buildDelta } from '#shared/domain/metering/counters';
import { counterCutOff } from '#shared/domain/metering/windows';
import type { GroupWrite, UsageStore } from '#shared/domain/usage/ports';
import { freshTable } from '../support/local';
import { meteredClient, seedWorkspace } from '../support/usage-fixtures';

const MONTH = { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' };
const NOW = new Date('2026-03-15T12:00:00Z');

function group(
  workspaceId: string,
  events: { key: string; value: string; at?: string }[],
  over: Partial<GroupWrite> = {},
): GroupWrite {
  const evs = events.map((e) => ({
    meter: 'ai_credits',
    idempotencyKey: e.key,
    value: e.value,
    timestamp: e.at ?? '2026-03-15T10:00:00.000Z',
  }));
  return {
    projectId: 'p1',
    workspaceId,
    delta: buildDelta('ai_credits', MONTH, evs, NOW),
    events: evs,
    countedAt: NOW.toISOString(),
    ...over,
  };
}

describe('usage repository on DynamoDB Local', () => {
  let table: TableContext;
  let repo: UsageStore;
  beforeAll(async () => {
    table = await freshTable('usagerepo');
    repo = usageStore(table);
  });

  it('commits dedupe records and one counter update in one transaction, and names the duplicates of a second one', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_tx', { now: NOW });
    // Act
    const first = await repo.commitGroup(
      group('ws_tx', [
        { key: 'a', value: '1.1' },
        { key: 'b', value: '2.2' },
      ]),
    );
    const second = await repo.commitGroup(
      group('ws_tx', [
        { key: 'c', value: '5' },
        { key: 'a', value: '1.1' },
      ]),
    );
    const third = await repo.commitGroup(group('ws_tx', [{ key: 'c', value: '5' }]));
    const loaded = await repo.load({
      workspaces: [{ projectId: 'p1', workspaceId: 'ws_tx', id: 'w' }],
      dedupe: ['a', 'b', 'c', 'zz'].map((k) => ({
        projectId: 'p1',
        workspaceId: 'ws_tx',
        id: k,
        meter: 'ai_credits',
        idempotencyKey: k,
      })),
      counters: [{ projectId: 'p1', workspaceId: 'ws_tx', id: 'c', meter: 'ai_credits', window: MONTH }],
      thresholds: [],
    });
    // Assess
    expect(first).toEqual({ ok: true });
    expect(second).toMatchObject({ ok: false, duplicates: [1], guardFailed: false });
    expect(third).toEqual({ ok: true });
    expect([...loaded.dedupe.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(loaded.dedupe.get('a')).toMatchObject({
      value: '1.1',
      timestamp: '2026-03-15T10:00:00.000Z',
      countedAt: NOW.toISOString(),
    });
    expect(loaded.counters.get('c')).toMatchObject({
      total: '8.3',
      months: { '2026-03': '8.3' },
      days: { '2026-03-15': '8.3' },
    });
    expect(loaded.workspaces.get('w')?.profile.workspaceId).toBe('ws_tx');
    expect(loaded.workspaces.get('w')?.entitlements?.plan).toBe('free');
  });

  it("lists a workspace's counted events, never the credit ledger's markers that sort beside them", async () => {
    // Prepare: counted events of two meters, and a credit consumption's once-only marker (`D#~cr#…`).
    await seedWorkspace(table, 'p1', 'ws_explore', { now: NOW });
    await repo.commitGroup(group('ws_explore', [{ key: 'e1', value: '1' }]));
    const mail = [{ meter: 'email_sends', idempotencyKey: 'm1', value: '2', timestamp: '2026-03-15T10:00:00.000Z' }];
    await repo.commitGroup({
      projectId: 'p1',
      workspaceId: 'ws_explore',
      delta: buildDelta('email_sends', MONTH, mail, NOW),
      events: mail,
      countedAt: NOW.toISOString(),
    });
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: creditMarkerItem.toItem({
          projectId: 'p1',
          workspaceId: 'ws_explore',
          marker: { id: 'consume:k1', rev: 1, data: { event: 'api_call_basic' } },
        }),
      }),
    );
    const records = usageRecordRepository(table);
    const ref = { projectId: 'p1', workspaceId: 'ws_explore' };
    // Act
    const all = await records.listCounted(ref, { limit: 10 });
    const paged = await records.listCounted(ref, {
      limit: 1,
      cursor: (await records.listCounted(ref, { limit: 1 })).cursor!,
    });
    const mailOnly = await records.listCounted(ref, { meter: 'email_sends', limit: 10 });
    const credits = await records.listCounted(ref, { meter: '~cr', limit: 10 });
    // Assess
    expect(all.events.map((e) => [e.meter, e.idempotencyKey, e.value])).toEqual([
      ['ai_credits', 'e1', '1'],
      ['email_sends', 'm1', '2'],
    ]);
    expect(all.cursor).toBeNull();
    expect(paged.events.map((e) => e.idempotencyKey)).toEqual(['m1']);
    expect(mailOnly.events.map((e) => e.idempotencyKey)).toEqual(['m1']);
    expect(credits.events).toEqual([]);
  });

  it('refuses a guarded write that would pass the limit and returns the counter as it was', async () => {
    // Prepare
    await repo.commitGroup(group('ws_guard', [{ key: 'a', value: '8' }]));
    // Act
    const over = await repo.commitGroup(
      group('ws_guard', [{ key: 'b', value: '3' }], { guard: { attr: 'total', maxBefore: '7', others: [] } }),
    );
    const fits = await repo.commitGroup(
      group('ws_guard', [{ key: 'c', value: '2' }], { guard: { attr: 'total', maxBefore: '8', others: [] } }),
    );
    const otherMoved = await repo.commitGroup(
      group('ws_guard', [{ key: 'd', value: '1' }], {
        guard: {
          attr: 'total',
          maxBefore: '100',
          others: [
            {
              window: { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' },
              attr: 'm_2026-03',
              value: '4',
            },
          ],
        },
      }),
    );
    // Assess
    expect(over).toMatchObject({ ok: false, duplicates: [], guardFailed: true, counter: { total: '8' } });
    expect(fits).toEqual({ ok: true });
    expect(otherMoved).toMatchObject({ ok: false, guardFailed: true, duplicates: [] });
  });

  it('claims a threshold once, lets a stale claim be taken over, and keeps a sent one', async () => {
    // Prepare
    const ref = { projectId: 'p1', workspaceId: 'ws_flags' };
    const stale = (d: Date) => new Date(d.getTime() - 60_000);
    // Act
    const a = await repo.claimThreshold(ref, 'ai_credits', MONTH, 'f80_100', NOW, stale(NOW));
    const b = await repo.claimThreshold(
      ref,
      'ai_credits',
      MONTH,
      'f80_100',
      new Date(NOW.getTime() + 30_000),
      stale(new Date(NOW.getTime() + 30_000)),
    );
    const later = new Date(NOW.getTime() + 120_000);
    const c = await repo.claimThreshold(ref, 'ai_credits', MONTH, 'f80_100', later, stale(later));
    await repo.confirmThreshold(ref, 'ai_credits', MONTH, 'f80_100', later);
    const evenLater = new Date(NOW.getTime() + 3_600_000);
    const d = await repo.claimThreshold(ref, 'ai_credits', MONTH, 'f80_100', evenLater, stale(evenLater));
    const read = await repo.readWorkspace('p1', 'ws_flags', { cutOff: counterCutOff(NOW), consistent: true });
    // Assess
    expect([a, b, c, d]).toEqual([true, false, true, false]);
    expect(read.thresholds).toEqual([
      { meter: 'ai_credits', window: MONTH, flags: { f80_100: `sent|${later.toISOString()}` } },
    ]);
  });

  it('reads a typical workspace (profile, subscription, snapshot, grant, counters of three meters) in ONE query for at most 1 read unit', async () => {
    // Prepare
    const now = new Date();
    await seedWorkspace(table, 'p1', 'ws_read', { customerId: 'cus_read', plan: 'pro', now });
    await grantRepository(table).putGrant('p1', {
      grant_id: 'grt_1',
      workspace_id: 'ws_read',
      feature: 'sso',
      meter: null,
      quantity: null,
      expires_at: null,
      reason: 'pilot',
      created_at: now.toISOString(),
    });
    const period = (await entitlementSnapshotRepository(table).getEntitlements('p1', 'ws_read'))!.billing_period!;
    for (const meter of ['ai_credits', 'whatsapp_messages', 'email_sends']) {
      const evs = [{ meter, idempotencyKey: `k-${meter}`, value: '12.5', timestamp: now.toISOString() }];
      await repo.commitGroup({
        projectId: 'p1',
        workspaceId: 'ws_read',
        delta: buildDelta(meter, period, evs, now),
        events: evs,
        countedAt: now.toISOString(),
      });
    }
    // An old window (before the cut-off) that the read must not return.
    const old = [{ meter: 'ai_credits', idempotencyKey: 'old', value: '1', timestamp: '2025-01-10T00:00:00.000Z' }];
    await repo.commitGroup({
      projectId: 'p1',
      workspaceId: 'ws_read',
      delta: buildDelta('ai_credits', { start: '2025-01-01T00:00:00.000Z', end: '2025-02-01T00:00:00.000Z' }, old, now),
      events: old,
      countedAt: now.toISOString(),
    });
    const reads = workspaceCollectionRepository(table);
    const m = meteredClient(table.doc as never);
    try {
      // Act
      const c = await reads.readWorkspace('p1', 'ws_read', { cutOff: counterCutOff(now) });
      // Assess
      expect(m.requests).toBe(1);
      expect(m.billedRead).toBeLessThanOrEqual(1);
      expect(c.profile?.stripeCustomerId).toBe('cus_read');
      expect(c.subscription?.plan).toBe('pro');
      expect(c.entitlements?.plan).toBe('pro');
      expect(c.grants.map((g) => g.grant_id)).toEqual(['grt_1']);
      expect(c.counters.map((x) => [x.meter, x.total]).sort()).toEqual([
        ['ai_credits', '12.5'],
        ['email_sends', '12.5'],
        ['whatsapp_messages', '12.5'],
      ]);
    } finally {
      m.restore();
    }
  });
});
