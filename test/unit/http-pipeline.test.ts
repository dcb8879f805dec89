import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { UnauthorizedError } from '#shared/errors';
import { type HttpRequest, httpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/route';
import { putWorkspace } from '#shared/http/routes/workspaces';
import { apiEvent, call, errorOf, MemoryIdempotencyStore, withStandInAnswers, workspaceEvent } from './support/apigw';

const AUTH: AuthContext = { projectId: 'p1', appId: 'a1', keyId: 'k1', scopes: ['admin'] };
const GOOD = { name: 'Acme', email: 'billing@acme.example', country: 'IN', currency: 'INR' };
const LIMIT = 256 * 1024;

/** The real PUT workspace route with fake ports; `saved` stands in for the table. */
function pipeline() {
  const saved: unknown[] = [];
  const idempotency = new MemoryIdempotencyStore();
  const authenticate = vi.fn(async (headers: Record<string, string | undefined>) => {
    if (!headers.authorization) throw new UnauthorizedError();
    return AUTH;
  });
  const fn = vi.fn(async (req: HttpRequest<typeof putWorkspace>) => {
    saved.push(req.body);
    return { workspace_id: req.params.workspace_id, ...req.body };
  });
  const handler = httpHandler(withStandInAnswers(putWorkspace), fn, { authenticate, idempotency });
  return { handler, fn, saved, idempotency, authenticate };
}

const authed = { authorization: 'Bearer k' };
const put = (body: string, headers: Record<string, string> = {}, workspaceId = 'ws_1') =>
  workspaceEvent('PUT', workspaceId, {
    body,
    headers: { ...authed, 'idempotency-key': `idem-${Math.random()}`, ...headers },
  });

describe('HTTP pipeline: bad input is a 4xx envelope and nothing is written', () => {
  it('accepts a valid request and hands the handler parsed, transformed input', async () => {
    // Prepare
    const p = pipeline();
    // Act
    const res = await call(p.handler, put(JSON.stringify(GOOD)));
    // Assess
    expect(res.status).toBe(200);
    expect(p.fn).toHaveBeenCalledOnce();
    expect(p.saved).toEqual([{ ...GOOD, currency: 'inr' }]);
    expect(res.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['malformed JSON', '{"name": "Acme",', {}, 400, 'invalid_json', /Malformed JSON/],
    [
      'a wrong content type',
      JSON.stringify(GOOD),
      { 'content-type': 'text/plain' },
      415,
      'unsupported_media_type',
      /text\/plain/,
    ],
    ['a wrong type', JSON.stringify({ ...GOOD, name: 5 }), {}, 400, 'validation_failed', /body\.name/],
    ['an unknown field', JSON.stringify({ ...GOOD, discount: 100 }), {}, 400, 'validation_failed', /body\.discount/],
    [
      'a top-level __proto__ key',
      '{"__proto__": {"admin": true}, "name": "Acme"}',
      {},
      400,
      'forbidden_key',
      /__proto__/,
    ],
    [
      'a nested constructor key',
      JSON.stringify({ ...GOOD, name: { constructor: 1 } }),
      {},
      400,
      'forbidden_key',
      /constructor/,
    ],
    ['a JSON array', '[]', {}, 400, 'validation_failed', /body/],
  ])('rejects %s', async (_what, body, headers, status, code, message) => {
    // Prepare
    const p = pipeline();
    // Act
    const res = await call(p.handler, put(body, headers as Record<string, string>));
    // Assess
    expect(res.status).toBe(status);
    expect(errorOf(res).code).toBe(code);
    expect(errorOf(res).message).toMatch(message);
    expect(p.fn).not.toHaveBeenCalled();
    expect(p.saved).toEqual([]);
    // The Idempotency-Key of a rejected request does not stay behind either.
    expect(p.idempotency.records.size).toBe(0);
  });

  it('rejects a body without any content type as a 415', async () => {
    // Prepare
    const p = pipeline();
    const event = put(JSON.stringify(GOOD));
    delete (event.headers as Record<string, string>)['content-type'];
    // Act
    const res = await call(p.handler, event);
    // Assess
    expect(res.status).toBe(415);
    expect(errorOf(res)).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining("'none'") });
    expect(p.fn).not.toHaveBeenCalled();
  });

  it('names every offending field in the details', async () => {
    // Prepare
    const p = pipeline();
    // Act
    const res = await call(p.handler, put(JSON.stringify({ ...GOOD, email: 42, country: 'india', extra: 1 })));
    // Assess
    expect(res.status).toBe(400);
    const fields = (errorOf(res).details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['body.country', 'body.email', 'body.extra']);
    expect(p.fn).not.toHaveBeenCalled();
  });

  it('measures the body limit in bytes: 256 KB passes the size check, one byte more is a 413', async () => {
    // Prepare
    const p = pipeline();
    const padded = (bytes: number) => {
      const head = JSON.stringify(GOOD).slice(0, -1);
      return `${head}${' '.repeat(bytes - head.length - 1)}}`;
    };
    // Multi-byte characters: under the limit in characters, over it in bytes.
    const wide = JSON.stringify({ ...GOOD, name: 'é'.repeat(LIMIT / 2 + 10) });
    // Act
    const atLimit = await call(p.handler, put(padded(LIMIT)));
    const overLimit = await call(p.handler, put(padded(LIMIT + 1)));
    const overInBytes = await call(p.handler, put(wide));
    // Assess
    expect(padded(LIMIT)).toHaveLength(LIMIT);
    expect(atLimit.status).toBe(200);
    expect(overLimit.status).toBe(413);
    expect(errorOf(overLimit)).toMatchObject({ code: 'payload_too_large', details: { limit_bytes: LIMIT } });
    expect(wide.length).toBeLessThan(LIMIT);
    expect(overInBytes.status).toBe(413);
    expect(p.fn).toHaveBeenCalledOnce();
  });

  it('rejects an invalid workspace id in the path, naming path.workspace_id', async () => {
    // Prepare
    const p = pipeline();
    // Act
    const spaces = await call(p.handler, put(JSON.stringify(GOOD), {}, 'bad id!'));
    const tooLong = await call(p.handler, put(JSON.stringify(GOOD), {}, 'w'.repeat(65)));
    // Assess
    for (const res of [spaces, tooLong]) {
      expect(res.status).toBe(400);
      expect(errorOf(res).message).toMatch(/^path\.workspace_id: /);
      expect(errorOf(res).details).toEqual([{ field: 'path.workspace_id', message: expect.any(String) }]);
    }
    expect(p.fn).not.toHaveBeenCalled();
  });

  it('rejects every workspace id outside 1-64 characters of [A-Za-z0-9_-] (property)', async () => {
    // Prepare
    const p = pipeline();
    const invalid = fc
      .string({ minLength: 0, maxLength: 80, unit: 'binary' })
      .filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s));
    // Act + Assess
    await fc.assert(
      fc.asyncProperty(invalid, async (id) => {
        const res = await call(p.handler, put(JSON.stringify(GOOD), {}, id));
        expect(res.status).toBe(400);
        expect(errorOf(res).message).toContain('path.workspace_id');
      }),
      { numRuns: 100 },
    );
    expect(p.fn).not.toHaveBeenCalled();
  });

  it('refuses a prototype key at any depth of an otherwise valid body (property)', async () => {
    // Prepare
    const p = pipeline();
    const forbidden = fc.constantFrom('__proto__', 'constructor', 'prototype');
    const nested = fc.tuple(forbidden, fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 4 }), fc.jsonValue());
    // Act + Assess
    await fc.assert(
      fc.asyncProperty(nested, async ([key, path, value]) => {
        let inner = `{${JSON.stringify(key)}: ${JSON.stringify(value)}}`;
        for (const k of path) inner = `{"${k}": ${inner}}`;
        const body = `{"name": "Acme", "email": "a@b.example", "country": "IN", "currency": "inr", "meta": ${inner}}`;
        const res = await call(p.handler, put(body));
        expect(res.status).toBe(400);
        // The value may hold a forbidden key of its own, found first by the depth-first parse.
        const err = errorOf(res) as { code: string; details: { field: string } };
        expect(err.code).toBe('forbidden_key');
        expect(JSON.stringify(value).includes(`"${err.details.field}"`) || err.details.field === key).toBe(true);
      }),
      { numRuns: 100 },
    );
    expect(p.fn).not.toHaveBeenCalled();
  });

  it('treats prototype names as ordinary string values', async () => {
    // Prepare
    const p = pipeline();
    // Act
    const res = await call(p.handler, put(JSON.stringify({ ...GOOD, name: '__proto__' })));
    // Assess
    expect(res.status).toBe(200);
    expect(p.saved).toEqual([{ ...GOOD, name: '__proto__', currency: 'inr' }]);
  });

  it('decodes a base64 body and honours mixed-case headers', async () => {
    // Prepare
    const p = pipeline();
    const event = workspaceEvent('PUT', 'ws_b64', {
      body: Buffer.from(JSON.stringify(GOOD)).toString('base64'),
      isBase64Encoded: true,
      headers: { Authorization: 'Bearer k', 'Content-Type': 'application/json; charset=utf-8' },
    });
    delete (event.headers as Record<string, string>)['content-type'];
    // Act
    const res = await call(p.handler, event);
    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ workspace_id: 'ws_b64', name: 'Acme' });
  });

  it('authenticates before parsing: a bad body without a key is a 401', async () => {
    // Prepare
    const p = pipeline();
    // Act
    const res = await call(p.handler, workspaceEvent('PUT', 'ws_1', { body: '{oops' }));
    // Assess
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe('unauthorized');
    expect(p.fn).not.toHaveBeenCalled();
  });
});

describe('HTTP pipeline: request id and unknown errors', () => {
  it('puts the request id in the header and the error envelope of every response', async () => {
    // Prepare
    const p = pipeline();
    const cases = [
      put(JSON.stringify(GOOD)),
      put('{'),
      put(JSON.stringify(GOOD), {}, 'no spaces'),
      workspaceEvent('PUT', 'ws_1', { body: JSON.stringify(GOOD) }),
    ];
    // Act
    const answers = await Promise.all(cases.map((e) => call(p.handler, e)));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 400, 400, 401]);
    answers.forEach((a, i) => {
      const id = cases[i].requestContext.requestId;
      expect(a.headers['x-request-id']).toBe(id);
      if (a.status >= 400) expect(errorOf(a).request_id).toBe(id);
    });
  });

  it('turns an unknown error into a 500 internal_error without leaking its message', async () => {
    // Prepare
    const route = defineRoute({
      id: 'boom',
      method: 'GET',
      path: '/boom',
      summary: 'fails',
      tag: 'Test',
      auth: 'none',
      scopes: [],
      handler: 'n/a',
      access: { table: 'none' },
    });
    const handler = httpHandler(
      route,
      async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
      },
      { authenticate: vi.fn(), idempotency: new MemoryIdempotencyStore() },
    );
    const event = apiEvent({ method: 'GET', routePath: '/boom', rawPath: '/boom', requestId: 'req-500' });
    // Act
    const res = await call(handler, event);
    // Assess
    expect(res.status).toBe(500);
    expect(errorOf(res)).toEqual({ code: 'internal_error', message: expect.any(String), request_id: 'req-500' });
    expect(res.raw.body).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.7/);
    expect(res.headers['x-request-id']).toBe('req-500');
  });

  it('validates query strings, naming query.<field>', async () => {
    // Prepare
    const route = defineRoute({
      id: 'list',
      method: 'GET',
      path: '/items',
      summary: 'lists',
      tag: 'Test',
      auth: 'none',
      scopes: [],
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(25) }),
      handler: 'n/a',
      access: { table: 'none' },
    });
    const fn = vi.fn(async (req: HttpRequest<typeof route>) => ({ limit: req.query.limit }));
    const handler = httpHandler(route, fn, { authenticate: vi.fn(), idempotency: new MemoryIdempotencyStore() });
    const get = (query?: Record<string, string>) =>
      apiEvent({ method: 'GET', routePath: '/items', rawPath: '/items', query });
    // Act
    const ok = await call(handler, get({ limit: '7' }));
    const absent = await call(handler, get());
    const bad = await call(handler, get({ limit: 'lots' }));
    const unknown = await call(handler, get({ sort: 'asc' }));
    // Assess
    expect([ok.json, absent.json]).toEqual([{ limit: 7 }, { limit: 25 }]);
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/^query\.limit: /);
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toContain('query.sort');
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
