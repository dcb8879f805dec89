import { describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { Scope } from '#shared/domain/tenancy/scopes';
import type { ApiKeyRecord } from '#shared/domain/tenancy/types';
import { AppError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { apiKeyAuthenticator } from '#shared/http/middleware/api-key-auth';
import { getWorkspace } from '#shared/http/routes/workspaces';
import { call, errorOf, MemoryIdempotencyStore, withStandInAnswers, workspaceEvent } from './support/apigw';

const READER = 'tg_test_reader000000000000000000000000';
const ADMIN = 'tg_test_admin0000000000000000000000000';
const REVOKED = 'tg_test_revoked00000000000000000000000';

const record = (key: string, scopes: Scope[], extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  keyId: `key_${key.slice(8, 14)}`,
  hash: hashApiKey(key),
  prefix: key.slice(0, 12),
  projectId: 'p1',
  appId: 'a1',
  name: 'test key',
  scopes,
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

function setup(cacheSeconds = 60) {
  const keys = new Map<string, ApiKeyRecord>(
    [
      record(READER, ['entitlements:read']),
      record(ADMIN, ['admin']),
      record(REVOKED, ['admin'], { revokedAt: '2026-01-02T00:00:00Z' }),
    ].map((r) => [r.hash, r]),
  );
  let nowMs = Date.parse('2026-03-01T00:00:00Z');
  const lookup = { findApiKeyByHash: vi.fn(async (hash: string) => keys.get(hash)) };
  const authenticate = apiKeyAuthenticator(lookup, { cacheSeconds, now: () => nowMs });
  return { keys, lookup, authenticate, advance: (ms: number) => (nowMs += ms) };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('apiKeyAuthenticator', () => {
  it('rejects a request without a key as 401 missing_api_key', async () => {
    // Prepare
    const { authenticate, lookup } = setup();
    // Act
    const none = await rejection(authenticate({}, []));
    const notBearer = await rejection(authenticate({ authorization: `Basic ${READER}` }, []));
    const blank = await rejection(authenticate({ 'x-api-key': '   ' }, []));
    // Assess
    for (const e of [none, notBearer, blank]) expect([e.statusCode, e.code]).toEqual([401, 'missing_api_key']);
    expect(lookup.findApiKeyByHash).not.toHaveBeenCalled();
  });

  it('rejects an unknown key as 401 invalid_api_key', async () => {
    // Prepare
    const { authenticate } = setup();
    // Act
    const e = await rejection(authenticate({ authorization: 'Bearer tg_test_nobody' }, []));
    // Assess
    expect([e.statusCode, e.code]).toEqual([401, 'invalid_api_key']);
  });

  it('rejects a revoked key as 401 api_key_revoked, even one with admin scope', async () => {
    // Prepare
    const { authenticate } = setup();
    // Act
    const e = await rejection(authenticate({ authorization: `Bearer ${REVOKED}` }, ['entitlements:read']));
    // Assess
    expect([e.statusCode, e.code]).toEqual([401, 'api_key_revoked']);
  });

  it('rejects a key without the required scope as 403, naming the missing scope', async () => {
    // Prepare
    const { authenticate } = setup();
    // Act
    const e = await rejection(
      authenticate({ authorization: `Bearer ${READER}` }, ['entitlements:read', 'usage:write']),
    );
    // Assess
    expect([e.statusCode, e.code]).toEqual([403, 'forbidden']);
    expect(e.message).toContain('usage:write');
    expect(e.message).not.toContain('entitlements:read');
  });

  it('accepts the key from Authorization: Bearer (any case) or x-api-key', async () => {
    // Prepare
    const { authenticate } = setup();
    // Act
    const viaBearer = await authenticate({ authorization: `Bearer ${READER}` }, ['entitlements:read']);
    const viaLowerBearer = await authenticate({ authorization: `bearer   ${READER} ` }, ['entitlements:read']);
    const viaHeader = await authenticate({ 'x-api-key': READER }, ['entitlements:read']);
    // Assess
    const expected = { projectId: 'p1', appId: 'a1', keyId: 'key_reader', scopes: ['entitlements:read'] };
    expect([viaBearer, viaLowerBearer, viaHeader]).toEqual([expected, expected, expected]);
  });

  it('lets admin stand in for every other scope', async () => {
    // Prepare
    const { authenticate } = setup();
    // Act
    const ctx = await authenticate({ 'x-api-key': ADMIN }, [
      'entitlements:read',
      'usage:write',
      'subscriptions:manage',
      'finance',
    ]);
    // Assess
    expect(ctx.scopes).toEqual(['admin']);
  });

  it('looks a key up once per cacheSeconds and again after', async () => {
    // Prepare
    const { authenticate, lookup, advance } = setup(60);
    const headers = { authorization: `Bearer ${READER}` };
    // Act
    for (let i = 0; i < 5; i++) await authenticate(headers, ['entitlements:read']);
    const withinWindow = lookup.findApiKeyByHash.mock.calls.length;
    advance(59_999);
    await authenticate(headers, ['entitlements:read']);
    const justBefore = lookup.findApiKeyByHash.mock.calls.length;
    advance(2);
    await authenticate(headers, ['entitlements:read']);
    await authenticate(headers, ['entitlements:read']);
    // Assess
    expect(withinWindow).toBe(1);
    expect(justBefore).toBe(1);
    expect(lookup.findApiKeyByHash).toHaveBeenCalledTimes(2);
  });

  it('applies a revocation once the cached entry expires', async () => {
    // Prepare
    const { authenticate, keys, advance } = setup(30);
    const headers = { 'x-api-key': READER };
    await authenticate(headers, []);
    const hash = hashApiKey(READER);
    keys.set(hash, { ...keys.get(hash)!, revokedAt: '2026-03-01T00:00:10Z' });
    // Act
    const stillCached = await authenticate(headers, []);
    advance(30_001);
    const after = await rejection(authenticate(headers, []));
    // Assess
    expect(stillCached.keyId).toBe('key_reader');
    expect(after.code).toBe('api_key_revoked');
  });

  it('does not cache at all with cacheSeconds 0', async () => {
    // Prepare
    const { authenticate, lookup } = setup(0);
    // Act
    await authenticate({ 'x-api-key': READER }, []);
    await authenticate({ 'x-api-key': READER }, []);
    // Assess
    expect(lookup.findApiKeyByHash).toHaveBeenCalledTimes(2);
  });
});

describe('auth through the pipeline', () => {
  const handlerWith = () => {
    const { authenticate } = setup();
    const fn = vi.fn(async () => ({ ok: true }));
    return {
      fn,
      handler: httpHandler(withStandInAnswers(getWorkspace), fn, {
        authenticate,
        idempotency: new MemoryIdempotencyStore(),
      }),
    };
  };

  it.each([
    ['no key', {}, 401, 'missing_api_key'],
    ['an unknown key', { authorization: 'Bearer tg_test_nobody' }, 401, 'invalid_api_key'],
    ['a revoked key', { 'x-api-key': REVOKED }, 401, 'api_key_revoked'],
  ])('answers %s with a 401 before the handler runs', async (_what, headers, status, code) => {
    // Prepare
    const { fn, handler } = handlerWith();
    // Act
    const res = await call(handler, workspaceEvent('GET', 'ws_1', { headers: headers as Record<string, string> }));
    // Assess
    expect(res.status).toBe(status);
    expect(errorOf(res).code).toBe(code);
    expect(fn).not.toHaveBeenCalled();
  });

  it('answers a key lacking the route scope with 403', async () => {
    // Prepare
    const writer = record('tg_test_writer00000000000000000000000', ['usage:write']);
    const fn = vi.fn(async () => ({ ok: true }));
    const handler = httpHandler(withStandInAnswers(getWorkspace), fn, {
      authenticate: apiKeyAuthenticator(
        { findApiKeyByHash: async (h) => (h === writer.hash ? writer : undefined) },
        { cacheSeconds: 0 },
      ),
      idempotency: new MemoryIdempotencyStore(),
    });
    // Act
    const res = await call(
      handler,
      workspaceEvent('GET', 'ws_1', { headers: { 'x-api-key': 'tg_test_writer00000000000000000000000' } }),
    );
    // Assess
    expect(res.status).toBe(403);
    expect(errorOf(res).message).toContain('entitlements:read');
    expect(fn).not.toHaveBeenCalled();
  });
});
