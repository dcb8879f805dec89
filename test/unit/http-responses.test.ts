import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { eventStream, formatServerSentEvent, html, type ServerSentEvent, text } from '#shared/http/response';
import { defineRoute } from '#shared/http/route';
import { httpRouter } from '#shared/http/router';
import { ANSWER_MARGIN_MS } from '#shared/time-budgets';
import { lambdaContext } from '../../dev/gateway';
import { apiEvent, call, errorOf, MemoryIdempotencyStore } from './support/apigw';

const ports = { authenticate: vi.fn(), idempotency: new MemoryIdempotencyStore() };
const base = {
  summary: 'test',
  tag: 'Test',
  auth: 'none' as const,
  scopes: [],
  handler: 'n/a',
  access: { table: 'none' as const },
};

const itemsRoute = defineRoute({
  ...base,
  id: 'items',
  method: 'GET',
  path: '/items/{id}',
  params: z.strictObject({ id: z.string() }),
  response: z.object({ id: z.string(), items: z.array(z.object({ n: z.number() })), note: z.string().nullable() }),
});
const pageRoute = defineRoute({ ...base, id: 'page', method: 'GET', path: '/page', produces: ['text/html'] });
const streamRoute = defineRoute({
  ...base,
  id: 'stream',
  method: 'GET',
  path: '/stream',
  produces: ['text/event-stream'],
});

const get = (path: string, routePath = path, pathParameters?: Record<string, string>) =>
  apiEvent({ method: 'GET', routePath, rawPath: path, pathParameters });

describe('handler results are typed against the route', () => {
  // The lines marked @ts-expect-error are the assertions of this test: `npm test` type-checks
  // before it runs, and a marked line that compiles is an error there.
  it('accepts exactly the response schema, plain or in an HttpResult, and answers it as JSON', async () => {
    // Prepare
    const plain = httpHandler(
      itemsRoute,
      async ({ params }) => ({ id: params.id, items: [{ n: 1 }], note: null }),
      ports,
    );
    const created = httpHandler(
      itemsRoute,
      async () => new HttpResult(201, { id: 'b', items: [], note: 'new' }, { location: '/items/b' }),
      ports,
    );
    // @ts-expect-error a field the schema does not declare
    httpHandler(itemsRoute, async () => ({ id: 'a', items: [], note: null, extra: 1 }), ports);
    // @ts-expect-error a field the schema does not declare, inside an array element
    httpHandler(itemsRoute, async () => ({ id: 'a', items: [{ n: 1, m: 2 }], note: null }), ports);
    // @ts-expect-error a missing field
    httpHandler(itemsRoute, async () => ({ id: 'a', items: [] }), ports);
    // @ts-expect-error a field of the wrong type
    httpHandler(itemsRoute, async () => ({ id: 1, items: [], note: null }), ports);
    // @ts-expect-error an HttpResult whose body carries a field the schema does not declare
    httpHandler(itemsRoute, async () => new HttpResult(200, { id: 'a', items: [], note: null, extra: true }), ports);
    const fromDomain = { id: 'a', items: [], note: null, internal_cost: 3 };
    // @ts-expect-error a value built elsewhere (not a fresh literal) with a field the schema does not declare
    httpHandler(itemsRoute, async () => fromDomain, ports);
    // @ts-expect-error an HTML page from a JSON route
    httpHandler(itemsRoute, async () => html('<p>hi</p>'), ports);
    // @ts-expect-error JSON from a route that declares text/html
    httpHandler(pageRoute, async () => ({ id: 'a' }), ports);
    // @ts-expect-error an event stream from a route that declares text/html only
    httpHandler(pageRoute, async () => eventStream([]), ports);
    // @ts-expect-error a media type the route does not declare
    httpHandler(pageRoute, async () => text('body {}', 'text/css'), ports);
    // Act
    const a = await call(plain, get('/items/a', '/items/{id}', { id: 'a' }));
    const b = await call(created, get('/items/b', '/items/{id}', { id: 'b' }));
    // Assess
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ id: 'a', items: [{ n: 1 }], note: null });
    expect(b.status).toBe(201);
    expect(b.headers).toMatchObject({ 'content-type': 'application/json', location: '/items/b' });
  });
});

describe('non-JSON answers', () => {
  it('answers an HTML page with its media type, the request id and the headers the handler adds', async () => {
    // Prepare
    const page = httpHandler(
      pageRoute,
      async () => html('<!doctype html><p>hi</p>', { headers: { 'cache-control': 'no-store' } }),
      ports,
    );
    const event = get('/page');
    // Act
    const raw = await page(event, lambdaContext('page'));
    // Assess
    expect(raw).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'x-request-id': event.requestContext.requestId,
        'cache-control': 'no-store',
      },
      body: '<!doctype html><p>hi</p>',
    });
  });

  it('answers an event stream as text/event-stream, each event in the wire format', async () => {
    // Prepare
    async function* events(): AsyncGenerator<ServerSentEvent> {
      yield { id: '1', event: 'delivery.succeeded', data: { id: 'dlv_1', attempts: 1 } };
      yield { data: 'line one\nline two', retry: 2500 };
    }
    const stream = httpHandler(streamRoute, async () => eventStream(events()), ports);
    // Act
    const res = await stream(get('/stream'), lambdaContext('stream'));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    expect(res.body).toBe(
      'id: 1\nevent: delivery.succeeded\ndata: {"id":"dlv_1","attempts":1}\n\nretry: 2500\ndata: line one\ndata: line two\n\n',
    );
  });

  it("stops an event stream in time to answer before the function's timeout, with the events so far", async () => {
    // Prepare: a source that sends one event, then has nothing more for longer than the function may run.
    let stopped = false;
    const source: AsyncIterable<ServerSentEvent> = {
      [Symbol.asyncIterator]: () => {
        let sent = 0;
        return {
          next: () =>
            sent++ === 0
              ? Promise.resolve({ done: false, value: { id: '1', data: 'first' } })
              : new Promise<IteratorResult<ServerSentEvent>>(() => undefined),
          return: async () => {
            stopped = true;
            return { done: true, value: undefined };
          },
        };
      },
    };
    const stream = httpHandler(streamRoute, async () => eventStream(source), ports);
    // Act: the function has the answer margin and 50 ms more to run.
    const res = await stream(get('/stream'), lambdaContext('stream', ANSWER_MARGIN_MS + 50));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('id: 1\ndata: first\n\n');
    expect(stopped).toBe(true);
  });

  it('refuses a line break in an event id or name (it would end the field early)', () => {
    // Act + Assess
    expect(() => formatServerSentEvent({ id: '1\ndata: injected', data: 'x' })).toThrow(/line break/);
    expect(() => formatServerSentEvent({ event: 'a\rb', data: 'x' })).toThrow(/line break/);
    expect(formatServerSentEvent({ data: '' })).toBe('data: \n\n');
  });
});

describe('router for a function that serves several routes', () => {
  const a = defineRoute({
    ...base,
    id: 'a',
    method: 'GET',
    path: '/things/{id}',
    params: z.strictObject({ id: z.string() }),
    response: z.object({ route: z.literal('a'), id: z.string() }),
  });
  const b = defineRoute({
    ...base,
    id: 'b',
    method: 'POST',
    path: '/things/{id}/archive',
    params: z.strictObject({ id: z.string() }),
    response: z.object({ route: z.literal('b') }),
  });
  const c = defineRoute({
    ...base,
    id: 'c',
    method: 'POST',
    path: '/things/',
    response: z.object({ route: z.literal('c') }),
  });
  const router = httpRouter(
    httpHandler(a, async ({ params }) => ({ route: 'a' as const, id: params.id }), ports),
    httpHandler(b, async () => ({ route: 'b' as const }), ports),
    httpHandler(c, async () => ({ route: 'c' as const }), ports),
  );
  const event = (method: string, routeKeyPath: string, rawPath: string, pathParameters?: Record<string, string>) =>
    apiEvent({ method, routePath: routeKeyPath, rawPath, pathParameters });

  it("dispatches by API Gateway's route key, with or without the trailing slash the stack strips", async () => {
    // Act
    const got = await call(router, event('GET', '/things/{id}', '/things/t1', { id: 't1' }));
    const archived = await call(router, event('POST', '/things/{id}/archive', '/things/t1/archive', { id: 't1' }));
    const created = await call(router, event('POST', '/things', '/things'));
    // Assess
    expect([got.json, archived.json, created.json]).toEqual([{ route: 'a', id: 't1' }, { route: 'b' }, { route: 'c' }]);
  });

  it('dispatches a Function URL event ($default) by method and path, taking the path parameters from the path', async () => {
    // Act
    const archived = await call(router, event('POST', '$default', '/things/t2/archive'));
    const got = await call(router, event('GET', '$default', '/things/t%203'));
    // Assess
    expect(archived.status).toBe(200);
    expect(archived.json).toEqual({ route: 'b' });
    expect(got.json).toEqual({ route: 'a', id: 't 3' });
  });

  it('answers a path it does not serve with 404 and another method with 405, in the error envelope', async () => {
    // Act
    const unknown = await call(router, event('GET', '$default', '/elsewhere'));
    const wrongMethod = await call(router, event('DELETE', '$default', '/things/t1'));
    // Assess
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('route_not_found');
    expect(wrongMethod.status).toBe(405);
    expect(errorOf(wrongMethod)).toMatchObject({ code: 'method_not_allowed', request_id: expect.any(String) });
  });

  it('refuses two handlers for one route', () => {
    // Act + Assess
    expect(() =>
      httpRouter(
        httpHandler(c, async () => ({ route: 'c' as const }), ports),
        httpHandler(c, async () => ({ route: 'c' as const }), ports),
      ),
    ).toThrow(/Two handlers for POST \/things/);
  });
});
