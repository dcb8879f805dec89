import type { Params } from './form';
import type { ParamSchema } from './sdk-params';
import type { State } from './state';

export interface ApiRequest {
  state: State;
  params: Params;
  /** Named path segments, e.g. `{ id: 'cus_123' }` for `/v1/customers/:id`. */
  path: Record<string, string>;
  method: string;
}

/** Returns the stored object (or list) to render; the server applies `expand[]`. */
export type Handler = (req: ApiRequest) => object;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string;
  parts: string[];
  handler: Handler;
  /** For routes the SDK has no method for (test helpers of this emulator): the parameters they take. */
  params?: ParamSchema;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: Route['method'], pattern: string, handler: Handler, params?: ParamSchema): this {
    this.routes.push({ method, pattern, parts: pattern.split('/').filter(Boolean), handler, params });
    return this;
  }

  get(pattern: string, handler: Handler, params?: ParamSchema): this {
    return this.add('GET', pattern, handler, params);
  }

  post(pattern: string, handler: Handler, params?: ParamSchema): this {
    return this.add('POST', pattern, handler, params);
  }

  delete(pattern: string, handler: Handler, params?: ParamSchema): this {
    return this.add('DELETE', pattern, handler, params);
  }

  /** Every route, in registration order. */
  list(): readonly Route[] {
    return this.routes;
  }

  match(
    method: string,
    pathname: string,
  ): { route: Route; handler: Handler; path: Record<string, string> } | 'method_not_allowed' | null {
    const segs = pathname
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
    let pathMatched = false;
    // Literal segments win over parameters, so `/v1/invoices/create_preview` beats `/v1/invoices/:id`.
    const candidates = this.routes
      .map((r) => ({ r, path: matchParts(r.parts, segs) }))
      .filter((c): c is { r: Route; path: Record<string, string> } => c.path !== null)
      .sort((a, b) => Object.keys(a.path).length - Object.keys(b.path).length);
    for (const c of candidates) {
      pathMatched = true;
      if (c.r.method === method) return { route: c.r, handler: c.r.handler, path: c.path };
    }
    return pathMatched ? 'method_not_allowed' : null;
  }
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | null {
  if (parts.length !== segs.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(':')) out[parts[i].slice(1)] = segs[i];
    else if (parts[i] !== segs[i]) return null;
  }
  return out;
}
