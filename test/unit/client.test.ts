import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  createClient,
  isTollgateError,
  parseWebhook,
  TollgateError,
  unwrap,
  verifyWebhook,
  WebhookSignatureError,
  withIdempotencyKey,
} from 'tollgate/client';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '#shared/domain/outbound/signing';
import { routes } from '#shared/http/manifest';
import { buildOpenApi } from '#shared/http/openapi';
import { clientTypes } from '../../dev/client-gen/generate';

const ROOT = join(import.meta.dirname, '..', '..');

/** A fetch that answers from a script and keeps every request it got. */
function scripted(answers: (() => Response)[]) {
  const requests: Request[] = [];
  const fetch = async (r: Request) => {
    requests.push(r);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  };
  return { fetch, requests };
}
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const err = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message: code, request_id: 'req_1' } }, headers);
const plans = json(200, { plans: [{ plan: 'pro' }] });

describe('tollgate/client', () => {
  it('is generated from the current OpenAPI document (run `npm run docs` after a route changes)', async () => {
    expect(readFileSync(join(ROOT, 'client/schema.ts'), 'utf8')).toBe(await clientTypes(buildOpenApi(routes)));
  });

  it('sends the key, and retries 503 and 429 after what Retry-After says', async () => {
    // Prepare
    const s = scripted([err(503, 'service_unavailable', { 'retry-after': '2' }), err(429, 'rate_limited'), plans]);
    const waits: number[] = [];
    const c = createClient({
      baseUrl: 'https://tollgate.test/',
      apiKey: 'tg_key',
      fetch: s.fetch,
      sleep: async (ms) => void waits.push(ms),
    });
    // Act
    const r = await c.GET('/api/v1/plans');
    // Assess
    expect(r.data).toEqual({ plans: [{ plan: 'pro' }] });
    expect(s.requests.map((q) => q.url)).toEqual(Array(3).fill('https://tollgate.test/api/v1/plans'));
    expect(s.requests[0].headers.get('authorization')).toBe('Bearer tg_key');
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThan(0);
  });

  it('does not retry a usage limit, a Retry-After longer than allowed, or past maxRetries', async () => {
    // Prepare
    const limit = scripted([err(429, 'usage_limit_exceeded')]);
    const long = scripted([err(503, 'service_unavailable', { 'retry-after': '120' })]);
    const many = scripted([err(503, 'x'), err(503, 'x'), err(503, 'x')]);
    const sleep = async () => undefined;
    // Act
    const a = await createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: limit.fetch, sleep }).GET('/api/v1/plans');
    const b = await createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: long.fetch, sleep }).GET('/api/v1/plans');
    const d = await createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: many.fetch, sleep, maxRetries: 2 }).GET(
      '/api/v1/plans',
    );
    // Assess
    expect([limit.requests.length, long.requests.length, many.requests.length]).toEqual([1, 1, 3]);
    expect(a.error).toMatchObject({ error: { code: 'usage_limit_exceeded' } });
    expect(() => unwrap(b)).toThrow(TollgateError);
    expect(d.response.status).toBe(503);
  });

  it('gives every mutation an Idempotency-Key and sends the same one when it retries', async () => {
    // Prepare
    const s = scripted([err(503, 'service_unavailable', { 'retry-after': '0' }), json(201, { workspace_id: 'ws_1' })]);
    const c = createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: s.fetch, sleep: async () => undefined });
    const plain = scripted([err(503, 'service_unavailable', { 'retry-after': '0' })]);
    // Act
    await c.PUT('/api/v1/workspaces/{workspace_id}', {
      params: { path: { workspace_id: 'ws_1' } },
      body: { name: 'A', email: 'a@example.com', country: 'IN', currency: 'inr' },
    });
    const mine = scripted([json(200, { ok: true })]);
    await createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: mine.fetch }).POST('/api/v1/usage/events', {
      body: { event_type: 'ai_credits', workspace_id: 'ws_1', value: 1, idempotency_key: 'u1' },
      ...withIdempotencyKey('mine-1'),
    });
    await createClient({
      baseUrl: 'https://t',
      apiKey: 'k',
      fetch: plain.fetch,
      idempotencyKeys: false,
      sleep: async () => undefined,
    }).POST('/api/v1/subscriptions/', { body: { workspace_id: 'ws_1', plan: 'pro' } });
    // Assess
    const keys = s.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await s.requests[1].json()).toMatchObject({ name: 'A' });
    expect(mine.requests[0].headers.get('idempotency-key')).toBe('mine-1');
    expect(plain.requests).toHaveLength(1);
    expect(plain.requests[0].headers.get('idempotency-key')).toBeNull();
  });

  it('turns error answers into typed errors', async () => {
    // Prepare
    const s = scripted([err(404, 'not_found'), err(404, 'not_found')]);
    const c = createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: s.fetch });
    const strict = createClient({ baseUrl: 'https://t', apiKey: 'k', fetch: s.fetch, throwOnError: true });
    // Act
    const r = await c.GET('/api/v1/workspaces/{workspace_id}', { params: { path: { workspace_id: 'ws_x' } } });
    const thrown = await strict
      .GET('/api/v1/workspaces/{workspace_id}', { params: { path: { workspace_id: 'ws_x' } } })
      .catch((e: unknown) => e);
    // Assess
    let caught: unknown;
    try {
      unwrap(r);
    } catch (e) {
      caught = e;
    }
    for (const e of [caught, thrown]) {
      expect(isTollgateError(e)).toBe(true);
      expect(e).toMatchObject({ status: 404, code: 'not_found', requestId: 'req_1' });
    }
  });

  it("verifies Tollgate's signatures as the service makes them, and refuses anything else", async () => {
    // Prepare
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'invoice.paid',
      project_id: 'p',
      workspace_id: 'w',
      occurred_at: '2026-11-20T00:00:00Z',
      data: {},
    });
    const t = Math.floor(Date.now() / 1000);
    const header = signatureHeader(['whsec_new', 'whsec_old'], t, body);
    // Act + Assess
    expect(await verifyWebhook(body, header, 'whsec_new')).toBe(true);
    expect(await verifyWebhook(body, header, 'whsec_old')).toBe(true);
    expect(await verifyWebhook(new TextEncoder().encode(body), header, ['whsec_x', 'whsec_old'])).toBe(true);
    expect(await verifyWebhook(`${body} `, header, 'whsec_new')).toBe(false);
    expect(await verifyWebhook(body, header, 'whsec_other')).toBe(false);
    expect(await verifyWebhook(body, signatureHeader(['whsec_new'], t - 600, body), 'whsec_new')).toBe(false);
    expect(await verifyWebhook(body, undefined, 'whsec_new')).toBe(false);
    expect((await parseWebhook(body, header, 'whsec_new')).id).toBe('evt_1');
    await expect(parseWebhook(body, 't=1,v1=00', 'whsec_new')).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it('bundles for the browser without Node built-ins', async () => {
    // Act
    const r = await build({
      entryPoints: [join(ROOT, 'client/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // Assess
    const bytes = r.outputFiles[0].contents.byteLength;
    expect(Object.keys(r.metafile.inputs).filter((p) => p.startsWith('node:') || p.includes('shared/'))).toEqual([]);
    expect(bytes).toBeGreaterThan(2_000);
    expect(bytes).toBeLessThan(40 * 1024);
  });
});
