import type { IncomingMessage, ServerResponse } from 'node:http';
import { completeCheckoutSession } from './checkout';
import { syncEntitlements } from './entitlements';
import { ApiError, errors, type StripeErrorBody } from './errors';
import { decodeForm, type FormObject, Params } from './form';
import { processDue } from './lifecycle';
import { checkoutPage, invoicePage, portalPage } from './pages';
import { type ParamViolation, routeParams, violationError, violations } from './params-check';
import { render } from './render';
import type { Router } from './router';
import { API_VERSION, type State } from './state';

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(errors.invalid('Request body too large.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `Authorization: Bearer sk_test_…` or HTTP Basic with the key as user name, as Stripe accepts. */
function apiKeyOf(req: IncomingMessage): string {
  const header = req.headers.authorization;
  if (!header) {
    throw errors.auth(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  let key = '';
  const [scheme, value = ''] = header.split(' ');
  if (/^bearer$/i.test(scheme)) key = value.trim();
  else if (/^basic$/i.test(scheme)) key = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  if (!/^(sk|rk)_test_\w+/.test(key)) {
    throw errors.auth(
      `Invalid API Key provided: ${key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '***'}`,
    );
  }
  return key;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A request as the emulator saw it, with how it differs from the SDK's declaration of its endpoint. */
export interface RecordedRequest {
  method: string;
  /** The route pattern, e.g. `/v1/subscriptions/:id`. */
  route: string;
  /** The SDK method for the endpoint, e.g. `subscriptions.update`; null for emulator test helpers. */
  operation: string | null;
  params: FormObject;
  violations: ParamViolation[];
  status: number;
  /** The client's User-Agent (the SDK adds its app info, e.g. `tollgate`). */
  client: string;
}

export interface ServerContext {
  state: State;
  router: Router;
  log?: (line: string) => void;
  /** Receives every API request that matched a route, after it was answered. */
  record?: (r: RecordedRequest) => void;
}

export function createHandler(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const { state, router } = ctx;
  const idempotency = state.idempotency;
  // Each route's parameters, from the SDK's declaration of the same endpoint; checked up front so
  // a route Stripe does not have stops the start instead of answering.
  const declared = new Map(router.list().map((r) => [r, routeParams(r)]));

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'stripe-version': API_VERSION,
      ...headers,
    });
    res.end(body);
  };
  const sendError = (res: ServerResponse, e: unknown, requestId: string) => {
    const err =
      e instanceof ApiError
        ? e
        : new ApiError(500, { type: 'api_error', message: e instanceof Error ? e.message : String(e) });
    send(
      res,
      err.status,
      JSON.stringify(
        {
          error: { ...err.body, request_log_url: `${state.baseUrl}/logs/${requestId}` } satisfies StripeErrorBody & {
            request_log_url: string;
          },
        },
        null,
        2,
      ),
      { 'request-id': requestId },
    );
  };

  /**
   * Runs work that fell due on the global timeline, then the action, then entitlement bookkeeping.
   * Reports a change for writes, and for reads that recorded events (due work done on the way).
   */
  const transact = <T>(requestId: string, idempotencyKey: string | null, write: boolean, action: () => T): T => {
    const eventsBefore = state.events.size;
    processDue(state, null, state.now());
    state.request = { id: requestId, idempotencyKey };
    try {
      return action();
    } finally {
      state.request = null;
      syncEntitlements(state);
      if (write || state.events.size !== eventsBefore) state.onChange?.();
    }
  };

  const pages = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    requestId: string,
  ): Promise<boolean> => {
    const html = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
      return true;
    };
    const m = /^\/(checkout|billing_portal|invoice)\/([^/]+)(\/complete|\/pdf)?$/.exec(path);
    if (!m) return false;
    const [, kind, id, complete] = m;
    try {
      if (kind === 'checkout' && complete === '/complete' && req.method === 'POST') {
        const form = decodeForm(await readBody(req));
        const session = transact(requestId, null, true, () => completeCheckoutSession(state, id, new Params(form)));
        const target = (session.success_url ?? `${state.baseUrl}/checkout/${id}`).replace(
          '{CHECKOUT_SESSION_ID}',
          session.id,
        );
        return html(303, '', { location: target });
      }
      if (req.method !== 'GET') return html(405, 'Method not allowed');
      const page =
        kind === 'checkout'
          ? checkoutPage(state, id)
          : kind === 'billing_portal'
            ? portalPage(state, id)
            : invoicePage(state, id);
      return html(page ? 200 : 404, page ?? '<h1>Not found</h1>');
    } catch (e) {
      return html(
        e instanceof ApiError ? e.status : 500,
        `<h1>${e instanceof Error ? e.message.replace(/</g, '&lt;') : 'Error'}</h1>`,
      );
    }
  };

  return (req, res) => {
    const requestId = state.id('req', 14);
    const started = Date.now();
    res.on('finish', () => ctx.log?.(`${req.method} ${req.url} → ${res.statusCode} (${Date.now() - started} ms)`));
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const path = url.pathname;
      if (path === '/v1/__emulator/health')
        return send(res, 200, JSON.stringify({ status: 'ok', api_version: API_VERSION }));
      if (await pages(req, res, path, requestId)) return;
      try {
        const apiKey = apiKeyOf(req);
        const body = req.method === 'POST' || req.method === 'DELETE' ? await readBody(req) : '';
        const query = decodeForm(url.search.slice(1));
        const form = decodeForm(body);
        const params = new Params({ ...query, ...form } as FormObject);
        const headerKey = req.headers['idempotency-key'];
        const idemKey = typeof headerKey === 'string' && headerKey ? headerKey : null;
        const storeKey = idemKey && req.method === 'POST' ? `${apiKey}\u0000${idemKey}` : null;
        const fingerprint = `${req.method} ${path} ${canonical(params.raw)}`;
        if (storeKey) {
          const prior = idempotency.get(storeKey);
          if (prior) {
            if (prior.fingerprint !== fingerprint) throw errors.idempotency(idemKey!);
            return send(res, prior.status, prior.body, {
              'request-id': requestId,
              'idempotent-replayed': 'true',
              'original-request': prior.requestId,
              'idempotency-key': idemKey!,
            });
          }
        }
        const match = router.match(req.method ?? 'GET', path);
        if (!match || match === 'method_not_allowed') {
          throw new ApiError(404, {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (${req.method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          });
        }
        // Stripe refuses parameters its API does not declare for the endpoint before doing anything.
        const spec = declared.get(match.route)!;
        const found = violations(params.raw, spec.schema);
        const recorded = (status: number) =>
          ctx.record?.({
            method: req.method ?? 'GET',
            route: match.route.pattern,
            operation: spec.endpoint?.operation ?? null,
            params: params.raw,
            violations: found,
            status,
            client: String(req.headers['user-agent'] ?? ''),
          });
        if (found.length) {
          recorded(400);
          throw violationError(found[0]);
        }
        let status = 200;
        let out: string;
        try {
          out = transact(requestId, idemKey, req.method !== 'GET', () => {
            const result = match.handler({ state, params, path: match.path, method: req.method ?? 'GET' });
            return JSON.stringify(render(state, result, params.expand), null, 2);
          });
        } catch (e) {
          if (!(e instanceof ApiError) || !e.replayable || !storeKey) {
            recorded(e instanceof ApiError ? e.status : 500);
            throw e;
          }
          status = e.status;
          out = JSON.stringify({ error: e.body }, null, 2);
        }
        recorded(status);
        if (storeKey) {
          idempotency.set(storeKey, { fingerprint, status, body: out, requestId, at: state.options.clock() });
          state.onChange?.();
        }
        send(res, status, out, { 'request-id': requestId, ...(idemKey ? { 'idempotency-key': idemKey } : {}) });
      } catch (e) {
        if (!(e instanceof ApiError))
          ctx.log?.(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        sendError(res, e, requestId);
      }
    })();
  };
}
