import type Stripe from 'stripe';
import { errors } from './errors';
import { inRange, newestFirst, paginate, snapshot } from './render';
import type { Router } from './router';
import { API_VERSION, customerIdOf, type State } from './state';

type Json = Record<string, unknown>;

export interface EmitOptions {
  previous?: Json;
  /** Defaults to "now" for the object's customer (their test clock, if any). */
  created?: number;
}

/** Records an Event with a snapshot of `obj` as it is at this moment, and hands it to webhook delivery. */
export function emit(state: State, type: Stripe.Event.Type, obj: object, opts: EmitOptions = {}): Stripe.Event {
  const created = opts.created ?? state.nowFor(customerIdOf(obj));
  const matching = [...state.webhookEndpoints.values()].filter(
    (e) => e.status === 'enabled' && endpointWants(e, type),
  ).length;
  const data: Json = { object: snapshot(state, obj) };
  if (opts.previous) data.previous_attributes = opts.previous;
  const event = {
    id: state.id('evt'),
    object: 'event',
    api_version: API_VERSION,
    created,
    data,
    livemode: false,
    pending_webhooks: matching,
    request: state.request
      ? { id: state.request.id, idempotency_key: state.request.idempotencyKey }
      : { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
  state.events.set(event.id, event);
  state.onEvent?.(event);
  return event;
}

export function endpointWants(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type);
}

/** Top-level fields that changed, with their previous values (Stripe's `previous_attributes`). */
export function diff(before: Json, after: Json): Json | null {
  const prev: Json = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) prev[key] = before[key] ?? null;
  }
  return Object.keys(prev).length ? prev : null;
}

/**
 * Runs `mutate` and, if the object's rendering changed, emits `type` with `previous_attributes`.
 * Returns whether anything changed.
 */
export function updating(
  state: State,
  type: Stripe.Event.Type,
  obj: object,
  mutate: () => void,
  opts: Omit<EmitOptions, 'previous'> = {},
): boolean {
  const before = snapshot(state, obj);
  mutate();
  const prev = diff(before, snapshot(state, obj));
  if (prev) emit(state, type, obj, { ...opts, previous: prev });
  return prev !== null;
}

function matchesType(pattern: string, type: string): boolean {
  if (pattern.endsWith('*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function registerEvents(r: Router): void {
  r.get('/v1/events/:id', ({ state, path }) => state.get(state.events, 'event', path.id));
  r.get('/v1/events', ({ state, params }) => {
    const type = params.str('type');
    const types = params.strings('types');
    if (type && types.length) throw errors.invalid('You cannot specify both `type` and `types`.', 'types');
    const items = newestFirst(state.events).filter(
      (e) =>
        (!type || matchesType(type, e.type)) &&
        (!types.length || types.some((t) => matchesType(t, e.type))) &&
        inRange(params, 'created', e.created),
    );
    return paginate(items, params, '/v1/events');
  });
}
