import { describe, expect, it, vi } from 'vitest';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { NotFoundError } from '#shared/errors';
import { type HttpRequest, HttpResult, httpHandler } from '#shared/http/handler';
import { getWorkspace, putWorkspace } from '#shared/http/routes/workspaces';
import { call, errorOf, MemoryIdempotencyStore, withStandInAnswers, workspaceEvent } from './support/apigw';

const BODY = JSON.stringify({ name: 'Acme', email: 'billing@acme.example', country: 'IN', currency: 'inr' });
const OTHER_BODY = JSON.stringify({ name: 'Acme Ltd', email: 'billing@acme.example', country: 'IN', currency: 'inr' });

function setup(behaviour?: (req: HttpRequest<typeof putWorkspace>, n: number) => Promise<unknown>) {
  const idempotency = new MemoryIdempotencyStore();
  let now = 1_800_000_000;
  const projectOf: Record<string, AuthContext> = {
    'Bearer one': { projectId: 'p1', appId: 'a1', keyId: 'k1', scopes: ['admin'] },
    'Bearer two': { projectId: 'p2', appId: 'a2', keyId: 'k2', scopes: ['admin'] },
  };
  let n = 0;
  const fn = vi.fn(async (req: HttpRequest<typeof putWorkspace>) => {
    n += 1;
    if (behaviour) return behaviour(req, n);
    return new HttpResult(n === 1 ? 201 : 200, {
      workspace_id: req.params.workspace_id,
      name: req.body.name,
      version: n,
    });
  });
  const ports = {
    authenticate: async (h: Record<string, string | undefined>) => projectOf[h.authorization ?? '']!,
    idempotency,
    nowSeconds: () => now,
  };
  const handler = httpHandler(withStandInAnswers(putWorkspace), fn, ports);
  const put = (key: string | undefined, body = BODY, auth = 'Bearer one', workspaceId = 'ws_1') =>
    call(
      handler,
      workspaceEvent('PUT', workspaceId, {
        body,
        headers: { authorization: auth, ...(key !== undefined ? { 'idempotency-key': key } : {}) },
      }),
    );
  return { idempotency, fn, put, ports, advance: (s: number) => (now += s) };
}

describe('Idempotency-Key through the pipeline', () => {
  it('replays the stored answer for the same key and body, running the handler once', async () => {
    // Prepare
    const s = setup();
    // Act
    const first = await s.put('order-1');
    const second = await s.put('order-1');
    // Assess
    expect(s.fn).toHaveBeenCalledOnce();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The replay is its own request: it carries its own request id.
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('answers the same key with another body with 409 idempotency_key_reused', async () => {
    // Prepare
    const s = setup();
    await s.put('order-2');
    // Act
    const reused = await s.put('order-2', OTHER_BODY);
    const otherPath = await s.put('order-2', BODY, 'Bearer one', 'ws_2');
    // Assess
    for (const res of [reused, otherPath]) {
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('idempotency_key_reused');
    }
    expect(s.fn).toHaveBeenCalledOnce();
    // The original answer is still there to replay.
    expect((await s.put('order-2')).headers['idempotent-replayed']).toBe('true');
  });

  it('abandons the record of a failed attempt so a retry with the same key runs', async () => {
    // Prepare
    const s = setup(async (req, n) => {
      if (n === 1) throw new Error('DynamoDB throttled');
      return { name: req.body.name, attempt: n };
    });
    // Act
    const failed = await s.put('order-3');
    const keptAfterFailure = s.idempotency.records.size;
    const retried = await s.put('order-3');
    const replayed = await s.put('order-3');
    // Assess
    expect(failed.status).toBe(500);
    expect(keptAfterFailure).toBe(0);
    expect(retried.status).toBe(200);
    expect(retried.json).toEqual({ name: 'Acme', attempt: 2 });
    expect(replayed.json).toEqual({ name: 'Acme', attempt: 2 });
    expect(s.fn).toHaveBeenCalledTimes(2);
  });

  it('does not store a 5xx result returned by the handler', async () => {
    // Prepare
    const s = setup(async (_req, n) => new HttpResult(n === 1 ? 503 : 200, { attempt: n }));
    // Act
    const first = await s.put('order-4');
    const second = await s.put('order-4');
    // Assess
    expect([first.status, second.status]).toEqual([503, 200]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(s.fn).toHaveBeenCalledTimes(2);
  });

  it('does not pin a key on a rejected request or a domain error', async () => {
    // Prepare
    const s = setup(async (req, n) => {
      if (n === 1) throw new NotFoundError('Plan', 'gold');
      return { name: req.body.name };
    });
    // Act
    const invalid = await s.put('order-5', '{"name":');
    const notFound = await s.put('order-5');
    const ok = await s.put('order-5');
    // Assess
    expect([invalid.status, notFound.status, ok.status]).toEqual([400, 404, 200]);
    expect(s.fn).toHaveBeenCalledTimes(2);
  });

  it('answers a retry that arrives while the first attempt runs with 409 in_progress', async () => {
    // Prepare
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = setup(async (req) => {
      await gate;
      return { name: req.body.name };
    });
    // Act
    const first = s.put('order-6');
    await vi.waitFor(() => expect(s.fn).toHaveBeenCalledOnce());
    const concurrent = await s.put('order-6');
    release();
    const done = await first;
    // Assess
    expect(concurrent.status).toBe(409);
    expect(errorOf(concurrent).code).toBe('idempotency_key_in_progress');
    expect(done.status).toBe(200);
    expect(s.fn).toHaveBeenCalledOnce();
  });

  it('scopes keys to the project: another project may use the same key', async () => {
    // Prepare
    const s = setup();
    // Act
    const p1 = await s.put('shared-key', BODY, 'Bearer one');
    const p2 = await s.put('shared-key', OTHER_BODY, 'Bearer two');
    // Assess
    expect([p1.status, p2.status]).toEqual([201, 200]);
    expect(p2.headers['idempotent-replayed']).toBeUndefined();
    expect(s.fn).toHaveBeenCalledTimes(2);
  });

  it('treats an expired record as absent', async () => {
    // Prepare
    const s = setup();
    await s.put('order-7');
    s.advance(24 * 3600 + 1);
    // Act
    const again = await s.put('order-7', OTHER_BODY);
    // Assess
    expect(again.status).toBe(200);
    expect(s.fn).toHaveBeenCalledTimes(2);
  });

  it('rejects a malformed Idempotency-Key naming the header, before anything is stored', async () => {
    // Prepare
    const s = setup();
    // Act
    const spaced = await s.put('has spaces');
    const long = await s.put('k'.repeat(256));
    // Assess
    for (const res of [spaced, long]) {
      expect(res.status).toBe(400);
      expect(errorOf(res).details).toEqual({ field: 'header.idempotency-key' });
    }
    expect(s.idempotency.calls).toEqual([]);
    expect(s.fn).not.toHaveBeenCalled();
  });

  it('runs every request without a key, and ignores a key on a read', async () => {
    // Prepare
    const s = setup();
    const get = httpHandler(withStandInAnswers(getWorkspace), async () => ({ ok: true }), s.ports);
    // Act
    await s.put(undefined);
    await s.put(undefined);
    await call(
      get,
      workspaceEvent('GET', 'ws_1', { headers: { authorization: 'Bearer one', 'idempotency-key': 'read-1' } }),
    );
    // Assess
    expect(s.fn).toHaveBeenCalledTimes(2);
    expect(s.idempotency.calls).toEqual([]);
  });
});
