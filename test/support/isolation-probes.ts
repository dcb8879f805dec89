import type { z } from 'zod';
import type { RouteDef } from '#shared/http/route';

/**
 * Cross-project probes planned from the route manifest, not by hand. A route is resource-scoped
 * when its path, query or body names a resource by id (`workspace_id`, `invoice_id`,
 * `event_ids`, …): another project's key must get a 404 for it and change nothing. A paginated
 * route (a `cursor` in its query) is a project list: another project's key must see none of
 * this project's items in it. A new route of either kind that the plan cannot build a request
 * for is reported as uncovered, which fails the suite.
 */
export const RESOURCE_FIELD = /(^|_)ids?$/;

export interface RouteFields {
  path: string[];
  query: string[];
  body: string[];
}

/** The keys of an object schema, through the wrappers zod may put around it. */
export function shapeKeys(schema: z.ZodType | undefined): string[] {
  let s = schema as
    | { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown; schema?: unknown } }
    | undefined;
  for (let i = 0; s && i < 5; i++) {
    if (s.shape) return Object.keys(s.shape);
    s = (s.def?.in ?? s.def?.innerType ?? s.def?.schema) as typeof s;
  }
  return [];
}

export function fieldsOf(route: RouteDef): RouteFields {
  return {
    path: shapeKeys(route.params),
    query: shapeKeys(route.query),
    body: route.rawBody ? [] : shapeKeys(route.body),
  };
}

export function resourceFields(route: RouteDef): string[] {
  const f = fieldsOf(route);
  return [...f.path, ...f.query, ...f.body].filter((k) => RESOURCE_FIELD.test(k));
}

export const isResourceScoped = (route: RouteDef) => route.auth === 'api-key' && resourceFields(route).length > 0;
export const isProjectList = (route: RouteDef) =>
  route.auth === 'api-key' && route.method === 'GET' && fieldsOf(route).query.includes('cursor');

/** One way to call a route with the other project's key. */
export interface BodyVariant {
  name: string;
  body?: unknown;
  /** Extra query fields (ids from the fixtures are filled in by name). */
  query?: Record<string, string>;
  /** Default 404. */
  expect?: number;
  /** The route creates the caller's own item (PUT of a workspace id): only items of the caller's project may appear. */
  createsOwn?: boolean;
}

export interface Probe {
  route: RouteDef;
  name: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  expect: number;
  createsOwn: boolean;
  /** A list that must show none of the victim's items, rather than a 404. */
  listing: boolean;
}

export interface ProbePlan {
  probes: Probe[];
  uncovered: { route: string; why: string }[];
  /** api-key routes that name no resource and list nothing: nothing of another project to reach. */
  unscoped: string[];
}

/**
 * `fixtures` maps a field name (`workspace_id`, `invoice_id`, …) to the victim's id; `variants`
 * gives, per route id, the requests to send (bodies for routes that take one). A route without
 * a body and without variants gets one request built from the fixtures alone.
 */
export function planProbes(
  routes: readonly RouteDef[],
  fixtures: Record<string, string | string[]>,
  variants: Record<string, BodyVariant[]>,
): ProbePlan {
  const probes: Probe[] = [];
  const uncovered: ProbePlan['uncovered'] = [];
  const unscoped: string[] = [];
  for (const route of routes) {
    const scoped = isResourceScoped(route);
    const listing = isProjectList(route);
    if (!scoped && !listing) {
      if (route.auth === 'api-key') unscoped.push(route.id);
      continue;
    }
    const f = fieldsOf(route);
    const params: Record<string, string> = {};
    const missing = f.path.filter((p) => typeof fixtures[p] !== 'string');
    if (missing.length) {
      uncovered.push({ route: route.id, why: `no fixture for path parameter(s) ${missing.join(', ')}` });
      continue;
    }
    for (const p of f.path) params[p] = fixtures[p] as string;
    const queryIds = Object.fromEntries(
      f.query
        .filter((q) => RESOURCE_FIELD.test(q) && typeof fixtures[q] === 'string')
        .map((q) => [q, fixtures[q] as string]),
    );
    const given = variants[route.id];
    if (scoped && route.body && !route.rawBody && !given?.length) {
      uncovered.push({ route: route.id, why: 'takes a body, and the probe list has no request for it' });
      continue;
    }
    const missingQuery = f.query.filter((q) => RESOURCE_FIELD.test(q) && !(q in queryIds));
    if (scoped && f.path.length === 0 && !route.body && missingQuery.length) {
      uncovered.push({ route: route.id, why: `no fixture for query field(s) ${missingQuery.join(', ')}` });
      continue;
    }
    const list = given?.length ? given : [{ name: scoped ? 'by id' : 'listing' }];
    for (const v of list) {
      const expect = v.expect ?? (scoped ? 404 : 200);
      probes.push({
        route,
        name: v.name,
        params,
        query: { ...(scoped ? queryIds : {}), ...v.query },
        body: v.body,
        expect,
        createsOwn: Boolean(v.createsOwn),
        listing: expect < 300,
      });
    }
    // A paginated route over the whole project (no id in its path) is also probed as a plain
    // listing of the caller's own project.
    if (scoped && listing && f.path.length === 0)
      probes.push({ route, name: 'listing', params: {}, query: {}, expect: 200, createsOwn: false, listing: true });
  }
  // Probes that create the caller's own items go last, so they cannot turn later 404s into 200s.
  probes.sort((a, b) => Number(a.createsOwn) - Number(b.createsOwn));
  return { probes, uncovered, unscoped };
}
