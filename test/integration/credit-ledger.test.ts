import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { memoryBus } from '#shared/adapters/events/bus';
import { catalog } from '#shared/domain/catalog/catalog';
import { Catalog } from '#shared/domain/catalog/schema';
import { adjustCredits } from '#shared/domain/credits/adjust';
import { allocatePeriod } from '#shared/domain/credits/allocate';
import { readCredits, settleCredits } from '#shared/domain/credits/balance';
import { consumeCredits } from '#shared/domain/credits/consume';
import { replay } from '#shared/domain/credits/ledger';
import type { CreditPorts } from '#shared/domain/credits/ports';
import { verifyLedgers } from '#shared/domain/credits/verify';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { main } from '../../dev/cli/credits';
import { freshTable } from '../support/local';
import { subscriptionSnapshot } from '../support/snapshots';

const PROJECT = 'proj_ledger';

/** Credits against DynamoDB Local: burn order, refusals that write nothing, idempotency, races, periods. */
describe('credit ledger on DynamoDB Local', () => {
  let table: TableContext;
  let now = new Date('2027-01-10T12:00:00Z');
  const bus = memoryBus();
  let ports: CreditPorts & { history: ReturnType<typeof historyRepository> };
  const withCatalog = (c: Catalog): CreditPorts => ({ ...ports, catalog: { forProject: async () => c } });

  beforeAll(async () => {
    table = await freshTable('credits');
    ports = {
      credits: creditLedgerRepository(table),
      catalog: { forProject: async () => catalog },
      history: historyRepository(table),
      bus,
      clock: () => now,
      graceDays: 7,
    };
  });
  afterAll(() => undefined);

  async function newWorkspace(projectId = PROJECT) {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    await workspaceRepository(table).upsert(
      projectId,
      workspaceId,
      { name: 'Cred Co', email: 'c@example.com', country: 'US', currency: 'usd' },
      now.toISOString(),
    );
    return { projectId, workspaceId };
  }
  const consume = (
    workspaceId: string,
    event_name: string,
    quantity: number,
    key: string,
    p: CreditPorts = ports,
    projectId = PROJECT,
  ) => consumeCredits(p, projectId, { workspace_id: workspaceId, event_name, quantity, idempotency_key: key });
  /** As a client does: a 503 (DynamoDB Local swamped on a loaded machine) is retried with the same key. */
  async function retrying<T>(f: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await f();
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 503 || i >= 30) throw e;
        await new Promise((r) => setTimeout(r, 200 * i));
      }
    }
  }
  const entriesOf = async (ref: { projectId: string; workspaceId: string }) =>
    ports.credits.allEntries(ref.projectId, ref.workspaceId);
  const subscriptionFor = (
    ref: { projectId: string; workspaceId: string },
    plan: string,
    start: string,
    end: string,
    status: SubscriptionSnapshot['status'] = 'active',
  ): SubscriptionSnapshot =>
    subscriptionSnapshot({
      subscription_id: `sub_${ref.workspaceId}`,
      customer_id: `cus_${ref.workspaceId}`,
      status,
      plan,
      price_id: 'price_x',
      current_period_start: start,
      current_period_end: end,
      version: Date.parse(start),
    });

  it('allocates the default plan’s month on first use and burns purchased credits first', async () => {
    // Prepare
    const ref = await newWorkspace();
    await adjustCredits(
      ports,
      PROJECT,
      { workspace_id: ref.workspaceId, amount: 30, reason: 'goodwill' },
      { keyId: 'key_admin', idempotencyKey: 'adj-1' },
    );
    // Act: 10 basic calls cost 10 (purchased), then 5 premium cost 25 (20 purchased + 5 subscription).
    const first = await consume(ref.workspaceId, 'api_call_basic', 10, 'k1');
    const second = await consume(ref.workspaceId, 'api_call_premium', 5, 'k2');
    // Assess
    expect(first).toMatchObject({ consumed: 10, from: { purchased: 10, subscription: 0 }, balance_after: 120 });
    expect(second).toMatchObject({ consumed: 25, from: { purchased: 20, subscription: 5 }, balance_after: 95 });
    const view = await readCredits(ports, ref);
    expect(view).toMatchObject({
      balance: 95,
      purchased: { balance: 0 },
      subscription: { balance: 95, expires_at: '2027-02-01T00:00:00.000Z' },
      low_balance_threshold: 10,
      plan: 'free',
    });
    expect((await entriesOf(ref)).map((e) => [e.type, e.bucket, e.amount, e.balance_after])).toEqual([
      ['allocated', 'subscription', 100, 100],
      ['adjusted', 'purchased', 30, 130],
      ['consumed', 'purchased', -10, 120],
      ['consumed', 'purchased', -20, 100],
      ['consumed', 'subscription', -5, 95],
    ]);
    expect((await entriesOf(ref))[1].reference).toBe('admin:key_admin');
  });

  it('refuses with 402 and writes nothing when short; a key debits once and answers its first result', async () => {
    // Prepare
    const ref = await newWorkspace();
    await consume(ref.workspaceId, 'api_call_basic', 60, 'once');
    const before = await entriesOf(ref);
    // Act
    const short = await consume(ref.workspaceId, 'ai_inference', 2, 'too-much').catch((e: unknown) => e);
    const again = await consume(ref.workspaceId, 'api_call_basic', 60, 'once');
    const reused = await consume(ref.workspaceId, 'api_call_basic', 61, 'once').catch((e: unknown) => e);
    const unknown = await consume(ref.workspaceId, 'no_such_event', 1, 'u').catch((e: unknown) => e);
    const inactive = await consume(
      ref.workspaceId,
      'api_call_basic',
      1,
      'i',
      withCatalog(Catalog.parse({ ...catalog, credit_events: [{ ...catalog.credit_events[0], active: false }] })),
    ).catch((e: unknown) => e);
    const noWorkspace = await consume('ws_nobody', 'api_call_basic', 1, 'n').catch((e: unknown) => e);
    const otherProject = await consume(ref.workspaceId, 'api_call_basic', 1, 'p', ports, 'proj_other').catch(
      (e: unknown) => e,
    );
    // Assess
    expect(short).toMatchObject({
      statusCode: 402,
      code: 'insufficient_credits',
      details: { balance: 40, required: 50 },
    });
    expect(again).toMatchObject({ consumed: 60, balance_after: 40, duplicate: true });
    expect(reused).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' });
    expect(unknown).toMatchObject({
      statusCode: 422,
      code: 'unknown_credit_event',
      message: expect.stringContaining('no_such_event'),
    });
    expect(inactive).toMatchObject({ statusCode: 422, code: 'inactive_credit_event' });
    expect(noWorkspace).toMatchObject({ statusCode: 404 });
    expect(otherProject).toMatchObject({ statusCode: 404 });
    expect(await entriesOf(ref)).toEqual(before);
    expect(await ports.credits.allEntries('proj_other', ref.workspaceId)).toEqual([]);
    // A key that succeeded answers its result even once the balance is too short to debit it again.
    await consume(ref.workspaceId, 'api_call_basic', 40, 'drain');
    expect(await consume(ref.workspaceId, 'api_call_basic', 60, 'once')).toMatchObject({
      duplicate: true,
      consumed: 60,
    });
  });

  it('never overdraws under 16 concurrent consumers, and each key debits once', async () => {
    // Prepare: 100 credits; 16 consumers of 10 each, every one sent twice at once.
    const ref = await newWorkspace();
    await readCredits(ports, ref);
    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 32 }, (_, i) =>
        retrying(() => consume(ref.workspaceId, 'storage_gb_month', 1, `c-${i % 16}`)),
      ),
    );
    // Assess
    const ok = results
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof consume>>>).value);
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as { statusCode: number });
    const debitedKeys = new Set(ok.map((r) => r.idempotency_key));
    expect(refused.filter((e) => e.statusCode !== 402)).toEqual([]);
    expect(debitedKeys.size).toBe(10);
    const entries = await entriesOf(ref);
    expect(entries.filter((e) => e.type === 'consumed')).toHaveLength(10);
    const rebuilt = replay(entries);
    expect(rebuilt.problems).toEqual([]);
    expect((await readCredits(ports, ref)).balance).toBe(0);
    expect(rebuilt.purchased + rebuilt.subscription).toBe(0);
  });

  it('allocates each paid period once whatever the order, and expires it at the period end', async () => {
    // Prepare: a Pro subscription (5000 a period) whose December and January events arrive shuffled and twice.
    const ref = await newWorkspace();
    await settleCredits(ports, ref); // on the default plan: 100 for January
    const dec = subscriptionFor(ref, 'pro', '2026-12-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z');
    const jan = subscriptionFor(ref, 'pro', '2027-01-15T00:00:00.000Z', '2027-02-15T00:00:00.000Z');
    await subscriptionRepository(table).putSubscriptionIfNewer(ref.projectId, ref.workspaceId, dec);
    // Act
    await Promise.all([allocatePeriod(ports, ref, dec, 'in_dec'), allocatePeriod(ports, ref, dec, 'in_dec')]);
    await consume(ref.workspaceId, 'ai_inference', 4, 'dec-use');
    now = new Date('2027-01-16T00:00:00Z');
    await subscriptionRepository(table).putSubscriptionIfNewer(ref.projectId, ref.workspaceId, jan);
    await Promise.all([
      allocatePeriod(ports, ref, jan, 'in_jan'),
      allocatePeriod(ports, ref, dec, 'in_dec'),
      allocatePeriod(ports, ref, jan, 'in_jan'),
    ]);
    // Assess
    const types = (await entriesOf(ref)).map((e) => `${e.type}:${e.amount}:${e.reference}`);
    expect(types).toEqual([
      'allocated:100:allocation:default:2027-01',
      'expired:-100:allocation:default:2027-01',
      'allocated:5000:in_dec',
      'consumed:-100:event:ai_inference:dec-use',
      `expired:-4900:allocation:sub_${ref.workspaceId}:2026-12-15T00:00:00.000Z`,
      'allocated:5000:in_jan',
    ]);
    expect(await readCredits(ports, ref)).toMatchObject({
      balance: 5000,
      subscription: { expires_at: '2027-02-15T00:00:00.000Z' },
      plan: 'pro',
    });
    // The period ends with no renewal paid: its credits expire, and none are allocated in their place.
    now = new Date('2027-02-15T00:00:01Z');
    expect(await readCredits(ports, ref)).toMatchObject({ balance: 0, subscription: { balance: 0, expires_at: null } });
    expect((await entriesOf(ref)).at(-1)).toMatchObject({ type: 'allocated', amount: 5000 }); // a read writes nothing
    await settleCredits(ports, ref);
    expect((await entriesOf(ref)).at(-1)).toMatchObject({ type: 'expired', amount: -5000, balance_after: 0 });
    now = new Date('2027-01-10T12:00:00Z');
  });

  it('purchased credits outlive the period; a crash after the commit is retried into the first answer', async () => {
    // Prepare
    const ref = await newWorkspace();
    await adjustCredits(
      ports,
      PROJECT,
      { workspace_id: ref.workspaceId, amount: 2000, reason: 'pack bought before the ledger' },
      { keyId: 'key_admin', idempotencyKey: 'mig-1' },
    );
    let crash = true;
    const crashing: CreditPorts = {
      ...ports,
      credits: {
        ...ports.credits,
        commit: async (...a) => {
          const r = await ports.credits.commit(...a);
          if (crash) {
            crash = false;
            throw new Error('connection reset after the write');
          }
          return r;
        },
      },
    };
    // Act
    const lost = await consume(ref.workspaceId, 'api_call_basic', 7, 'crash-1', crashing).catch((e: unknown) => e);
    const retried = await consume(ref.workspaceId, 'api_call_basic', 7, 'crash-1');
    now = new Date('2027-03-02T00:00:00Z');
    const later = await readCredits(ports, ref);
    now = new Date('2027-01-10T12:00:00Z');
    // Assess
    expect(lost).toBeInstanceOf(Error);
    expect(retried).toMatchObject({ duplicate: true, consumed: 7 });
    expect(later).toMatchObject({ purchased: { balance: 1993 }, subscription: { balance: 100 } });
    expect((await entriesOf(ref)).filter((e) => e.type === 'consumed')).toHaveLength(1);
  });

  it('tells a workspace once per downward crossing of its low-balance threshold, again after a top-up', async () => {
    // Prepare: the free plan's threshold is 10.
    const ref = await newWorkspace();
    await readCredits(ports, ref);
    // Act
    await consume(ref.workspaceId, 'api_call_basic', 95, 'l1');
    await consume(ref.workspaceId, 'api_call_basic', 1, 'l2');
    await adjustCredits(
      ports,
      PROJECT,
      { workspace_id: ref.workspaceId, amount: 50, reason: 'top-up' },
      { keyId: 'k', idempotencyKey: 'top' },
    );
    await consume(ref.workspaceId, 'api_call_basic', 50, 'l3');
    // Assess
    const history = await ports.history.list(PROJECT, ref.workspaceId, { limit: 50 });
    expect(history.events.filter((e) => e.type === 'credits.low_balance').map((e) => e.data.balance)).toEqual([4, 5]);
    expect(
      history.events
        .map((e) => e.type)
        .filter((t) => t !== 'credits.low_balance')
        .sort(),
    ).toEqual(['credits.adjusted', 'credits.allocated']);
    expect(bus.events.some((e) => e.type === 'credits.low_balance' && e.workspace_id === ref.workspaceId)).toBe(true);
  });

  it('verifies every ledger: the stored balances equal the entries rebuilt, and a tampered one is reported', async () => {
    // Prepare
    const ref = await newWorkspace();
    await consume(ref.workspaceId, 'api_call_basic', 3, 'v1');
    const clean = await verifyLedgers(ports.credits);
    const state = (await ports.credits.read(ref.projectId, ref.workspaceId)).state!;
    await ports.credits.commit(ref.projectId, ref.workspaceId, {
      expectedSeq: state.seq,
      state: { ...state, purchased: state.purchased + 1 },
      entries: [],
      markers: [],
    });
    // Act
    const tampered = await verifyLedgers(ports.credits);
    await ports.credits.commit(ref.projectId, ref.workspaceId, {
      expectedSeq: state.seq,
      state,
      entries: [],
      markers: [],
    });
    // Assess
    expect(clean.mismatches).toEqual([]);
    expect(clean.workspaces).toBeGreaterThanOrEqual(1);
    expect(tampered.mismatches).toEqual([
      {
        project_id: PROJECT,
        workspace_id: ref.workspaceId,
        problems: [`stored purchased ${state.purchased + 1}, ledger gives ${state.purchased}`],
      },
    ]);
  });

  it('npm run credits: migrate-packs moves earlier pack grants into the ledger once; verify reports 0 mismatches', async () => {
    // Prepare: a grant as earlier versions wrote it for a paid pack (1000 credits, 400 refunded).
    const ref = await newWorkspace();
    const grant = {
      grant_id: 'grt_pi_legacy1',
      workspace_id: ref.workspaceId,
      feature: null,
      meter: 'ai_credits',
      quantity: '600',
      expires_at: '2026-12-01T00:00:00.000Z',
      reason: 'credit pack credits_1000 (4 USD of 10 USD refunded)',
      created_at: '2026-11-02T00:00:00.000Z',
    };
    await grantRepository(table).putPurchaseGrant(PROJECT, {
      grant,
      version: 3,
      windowEnd: '2026-12-01T00:00:00.000Z',
    });
    const out: string[] = [];
    const io = { env: {}, out: (t: string) => out.push(t), err: () => undefined };
    const where = ['--endpoint', inject('dynamodbEndpoint'), '--table', table.tableName];
    // Act
    const first = await main(['migrate-packs', ...where, '--json'], io);
    const second = await main(['migrate-packs', ...where, '--json'], io);
    const verified = await main(['verify', ...where, '--json'], io);
    // Assess
    expect([first, second, verified]).toEqual([0, 0, 0]);
    expect(JSON.parse(out[out.length - 3])).toEqual({ moved: 1, already: 0 });
    expect(JSON.parse(out[out.length - 2])).toEqual({ moved: 0, already: 0 });
    expect(JSON.parse(out[out.length - 1])).toMatchObject({ mismatches: [] });
    expect((await entriesOf(ref)).filter((e) => e.type === 'purchased')).toMatchObject([
      { amount: 600, reference: 'pi_legacy1' },
    ]);
    expect(await grantRepository(table).listGrants(PROJECT, ref.workspaceId)).toEqual([]);
  });
});
