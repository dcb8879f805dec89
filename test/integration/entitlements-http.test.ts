import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { reloadConfig } from '#shared/config';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import { buildDelta } from '#shared/domain/metering/counters';
import { billingWindow } from '#shared/domain/metering/windows';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { freshTable } from '../support/local';
import { seedWorkspace } from '../support/usage-fixtures';
import { apiEvent, call, errorOf, type Invoke } from '../unit/support/apigw';

const ADMIN = 'tg_test_entitlements_admin_key_0000';
const READER = 'tg_test_entitlements_reader_key_000';
const OTHER = 'tg_test_entitlements_other_proj_key0';
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('entitlement and grant handlers (the deployed modules) on DynamoDB Local', () => {
  let table: TableContext;
  const h: Record<string, Invoke> = {};

  const get = (
    name: string,
    routePath: string,
    rawPath: string,
    pathParameters: Record<string, string>,
    key = READER,
  ) => call(h[name], apiEvent({ method: 'GET', routePath, rawPath, pathParameters, headers: bearer(key) }));
  const entitlements = (ws: string, key = READER) =>
    get('get', '/api/v1/entitlements/{workspace_id}', `/api/v1/entitlements/${ws}`, { workspace_id: ws }, key);
  const feature = (ws: string, f: string) =>
    get('feature', '/api/v1/entitlements/{workspace_id}/feature/{feature}', `/api/v1/entitlements/${ws}/feature/${f}`, {
      workspace_id: ws,
      feature: f,
    });
  const exceeded = (ws: string, m: string) =>
    get(
      'exceeded',
      '/api/v1/entitlements/{workspace_id}/usage/{meter}/exceeded',
      `/api/v1/entitlements/${ws}/usage/${m}/exceeded`,
      { workspace_id: ws, meter: m },
    );
  const post = (
    name: string,
    routePath: string,
    rawPath: string,
    body: unknown,
    opts: { key?: string; pathParameters?: Record<string, string> } = {},
  ) =>
    call(
      h[name],
      apiEvent({
        method: 'POST',
        routePath,
        rawPath,
        pathParameters: opts.pathParameters,
        headers: { ...bearer(opts.key ?? ADMIN), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );

  async function count(ws: string, meter: string, value: string, at = new Date()) {
    const s = (
      await usageStore(table).readWorkspace('p1', ws, { cutOff: '2000-01-01T00:00:00.000Z', consistent: true })
    ).entitlements;
    const window = billingWindow(at, s?.billing_period ?? null);
    const evs = [{ meter, idempotencyKey: `${meter}-${Math.random()}`, value, timestamp: at.toISOString() }];
    await usageStore(table).commitGroup({
      projectId: 'p1',
      workspaceId: ws,
      delta: buildDelta(meter, window, evs, at),
      events: evs,
      countedAt: at.toISOString(),
    });
  }

  beforeAll(async () => {
    table = await freshTable('ent');
    const tenancy = apiKeyRepository(table);
    await tenancy.putApiKey({
      keyId: 'key_admin',
      hash: hashApiKey(ADMIN),
      prefix: 'tg_test_ent',
      projectId: 'p1',
      appId: 'a',
      name: 'admin',
      scopes: ['admin'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    await tenancy.putApiKey({
      keyId: 'key_reader',
      hash: hashApiKey(READER),
      prefix: 'tg_test_ent',
      projectId: 'p1',
      appId: 'a',
      name: 'reader',
      scopes: ['entitlements:read'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    await tenancy.putApiKey({
      keyId: 'key_other',
      hash: hashApiKey(OTHER),
      prefix: 'tg_test_ent',
      projectId: 'p2',
      appId: 'a',
      name: 'other',
      scopes: ['admin'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    // Fresh plans in the table's cache: recomputing never needs Stripe here.
    await planCacheRepository(table).put(catalogPlans(), Date.now());
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      STRIPE_SECRET_KEY: 'sk_test_unused',
      STRIPE_API_BASE: 'http://127.0.0.1:9',
    });
    reloadConfig();
    h.get = (await import('../../functions/http/entitlements/get')).handler as Invoke;
    h.feature = (await import('../../functions/http/entitlements/feature')).handler as Invoke;
    h.exceeded = (await import('../../functions/http/entitlements/exceeded')).handler as Invoke;
    h.invalidate = (await import('../../functions/http/entitlements/invalidate')).handler as Invoke;
    h.createGrant = (await import('../../functions/http/grants/create')).handler as Invoke;
    h.listGrants = (await import('../../functions/http/grants/list')).handler as Invoke;
    h.deleteGrant = (await import('../../functions/http/grants/delete')).handler as Invoke;
  });

  it('answers the full snapshot with live usage per meter, from the default plan when no snapshot exists yet', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_new', { snapshot: false });
    await count('ws_new', 'ai_credits', '2.5');
    await count('ws_new', 'whatsapp_messages', '50');
    // Act
    const r = await entitlements('ws_new');
    // Assess
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      workspace_id: 'ws_new',
      plan: 'free',
      plan_source: 'default',
      subscription_status: null,
      features: ['basic_inbox'],
      billing_period: null,
      grants: [],
    });
    expect(r.json.meters.ai_credits).toMatchObject({
      limit: '100',
      window: 'month',
      mode: 'hard',
      used: '2.5',
      remaining: '97.5',
      exceeded: false,
    });
    expect(r.json.meters.whatsapp_messages).toMatchObject({
      limit: '50',
      window: 'day',
      used: '50',
      remaining: '0',
      exceeded: true,
    });
    expect(r.json.meters.email_sends).toMatchObject({ used: '0', exceeded: false });
  });

  it('uses the subscription: plan features, billing-period usage, and why a feature is or is not there', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_pro', { customerId: 'cus_pro', plan: 'pro' });
    await count('ws_pro', 'ai_credits', '4000');
    // Act
    const full = await entitlements('ws_pro');
    const has = await feature('ws_pro', 'ai_assistant');
    const hasNot = await feature('ws_pro', 'sso');
    const viaAlias = await exceeded('ws_pro', 'ai_credit');
    // Assess
    expect(full.json).toMatchObject({
      plan: 'pro',
      plan_source: 'subscription',
      subscription_status: 'active',
      access_reason: 'active',
    });
    expect(full.json.meters.ai_credits).toMatchObject({
      limit: '5000',
      window: 'billing_period',
      used: '4000',
      remaining: '1000',
      resets_at: full.json.billing_period.end,
    });
    expect(has.json).toEqual({ feature: 'ai_assistant', has_access: true, reason: 'plan', plan: 'pro' });
    expect(hasNot.json).toEqual({ feature: 'sso', has_access: false, reason: 'not_in_plan', plan: 'pro' });
    expect(viaAlias.json).toMatchObject({
      meter: 'ai_credits',
      exceeded: false,
      used: '4000',
      limit: '5000',
      remaining: '1000',
      window: 'billing_period',
      mode: 'soft',
    });
  });

  it("answers 404 for an unknown workspace, another project's workspace and an unknown meter", async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_mine');
    // Act
    const missing = await entitlements('ws_nobody');
    const foreign = await entitlements('ws_mine', OTHER);
    const meter = await exceeded('ws_mine', 'sms');
    // Assess
    expect([missing.status, foreign.status, meter.status]).toEqual([404, 404, 404]);
    expect(errorOf(meter)).toMatchObject({ code: 'meter_not_found', details: { field: 'path.meter' } });
  });

  it('grants a feature and extra quantity, lists, revokes, and recomputes each time', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_grant');
    const routes = { create: '/api/v1/admin/grants', del: '/api/v1/admin/grants/{grant_id}' };
    // Act
    const f = await post('createGrant', routes.create, routes.create, {
      workspace_id: 'ws_grant',
      feature: 'sso',
      reason: 'pilot',
    });
    const q = await post('createGrant', routes.create, routes.create, {
      workspace_id: 'ws_grant',
      meter: 'ai_credit',
      quantity: '50.5',
      reason: 'goodwill',
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const afterGrant = await entitlements('ws_grant');
    const grantedFeature = await feature('ws_grant', 'sso');
    const list = await call(
      h.listGrants,
      apiEvent({
        method: 'GET',
        routePath: routes.create,
        rawPath: routes.create,
        query: { workspace_id: 'ws_grant' },
        headers: bearer(ADMIN),
      }),
    );
    const del = await call(
      h.deleteGrant,
      apiEvent({
        method: 'DELETE',
        routePath: routes.del,
        rawPath: `/api/v1/admin/grants/${f.json.grant.grant_id}`,
        pathParameters: { grant_id: f.json.grant.grant_id },
        headers: bearer(ADMIN),
      }),
    );
    const afterRevoke = await feature('ws_grant', 'sso');
    const foreignDelete = await call(
      h.deleteGrant,
      apiEvent({
        method: 'DELETE',
        routePath: routes.del,
        rawPath: '/x',
        pathParameters: { grant_id: q.json.grant.grant_id },
        headers: bearer(OTHER),
      }),
    );
    // Assess
    expect([f.status, q.status, list.status, del.status]).toEqual([201, 201, 200, 200]);
    expect(q.json.grant).toMatchObject({ meter: 'ai_credits', quantity: '50.5', feature: null });
    expect(afterGrant.json.meters.ai_credits.limit).toBe('150.5');
    expect(afterGrant.json.features).toContain('sso');
    expect(grantedFeature.json).toMatchObject({ has_access: true, reason: 'grant' });
    expect(list.json.grants.map((g: { reason: string; active: boolean }) => [g.reason, g.active])).toEqual([
      ['pilot', true],
      ['goodwill', true],
    ]);
    expect(afterRevoke.json).toMatchObject({ has_access: false, reason: 'not_in_plan' });
    expect(foreignDelete.status).toBe(404);
  });

  it('rejects a grant naming both or neither of feature and meter, a meter without quantity, and readers', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_badgrant');
    const path = '/api/v1/admin/grants';
    // Act
    const both = await post('createGrant', path, path, {
      workspace_id: 'ws_badgrant',
      feature: 'sso',
      meter: 'ai_credits',
      quantity: '1',
      reason: 'x',
    });
    const noQty = await post('createGrant', path, path, {
      workspace_id: 'ws_badgrant',
      meter: 'ai_credits',
      reason: 'x',
    });
    const badQty = await post('createGrant', path, path, {
      workspace_id: 'ws_badgrant',
      meter: 'ai_credits',
      quantity: -5,
      reason: 'x',
    });
    const reader = await post(
      'createGrant',
      path,
      path,
      { workspace_id: 'ws_badgrant', feature: 'sso', reason: 'x' },
      { key: READER },
    );
    // Assess
    expect([both.status, noQty.status, badQty.status, reader.status]).toEqual([400, 400, 400, 403]);
    expect(errorOf(noQty).message).toContain('body.quantity');
    expect(errorOf(badQty).message).toContain('body.quantity');
  });

  it('recomputes on invalidate, dropping an expired grant; a read-only key may not invalidate', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_inv');
    const path = '/api/v1/admin/grants';
    // Expiry is a wall-clock instant: far enough ahead that the first read happens before it
    // on a busy machine too, and the test then waits for the instant itself, not a fixed time.
    const expiresAt = Date.now() + 5_000;
    await post('createGrant', path, path, {
      workspace_id: 'ws_inv',
      feature: 'audit_log',
      reason: 'short',
      expires_at: new Date(expiresAt).toISOString(),
    });
    const before = await feature('ws_inv', 'audit_log');
    const readBeforeExpiry = Date.now() < expiresAt;
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 100));
    // Act
    const readAfterExpiry = await feature('ws_inv', 'audit_log');
    const stored = () => entitlementSnapshotRepository(table).getEntitlements('p1', 'ws_inv');
    const snapshotBefore = await stored();
    const byReader = await post(
      'invalidate',
      '/api/v1/entitlements/{workspace_id}/invalidate',
      '/api/v1/entitlements/ws_inv/invalidate',
      {},
      { key: READER, pathParameters: { workspace_id: 'ws_inv' } },
    );
    const staleAfterReader = await stored();
    const inv = await post(
      'invalidate',
      '/api/v1/entitlements/{workspace_id}/invalidate',
      '/api/v1/entitlements/ws_inv/invalidate',
      {},
      { key: ADMIN, pathParameters: { workspace_id: 'ws_inv' } },
    );
    // Assess
    expect(readBeforeExpiry).toBe(true);
    expect(byReader.status).toBe(403);
    expect(staleAfterReader).toEqual(snapshotBefore);
    expect(before.json.has_access).toBe(true);
    expect(readAfterExpiry.json.has_access).toBe(false);
    expect(inv.status).toBe(200);
    expect(inv.json).toMatchObject({ workspace_id: 'ws_inv', grants: [] });
    expect(inv.json.features).not.toContain('audit_log');
  });
});
