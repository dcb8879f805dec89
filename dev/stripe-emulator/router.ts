import type { Params } from './form';
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

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: 'GET' | 'POST' | 'DELETE', pattern: string, handler: Handler): this {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }

  delete(pattern: string, handler: Handler): this {
    return this.add('DELETE', pattern, handler);
  }

  match(method: string, pathname: string): { handler: Handler; path: Record<string, string> } | 'method_not_allowed' | null {
    const segs = pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    let pathMatched = false;
    // Literal segments win over parameters, so `/v1/invoices/create_preview` beats `/v1/invoices/:id`.
    const candidates = this.routes
      .map((r) => ({ r, path: matchParts(r.parts, segs) }))
      .filter((c): c is { r: Route; path: Record<string, string> } => c.path !== null)
      .sort((a, b) => Object.keys(a.path).length - Object.keys(b.path).length);
    for (const c of candidates) {
      pathMatched = true;
      if (c.r.method === method) return { handler: c.r.handler, path: c.path };
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
