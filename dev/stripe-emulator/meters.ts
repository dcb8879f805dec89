import Big from 'big.js';
import type Stripe from 'stripe';
import { ApiError, errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { DAY, type State } from './state';

const MAX_AGE = 35 * DAY;
const MAX_FUTURE = 5 * 60;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
/** Stripe refuses meter values with more significant digits than a double keeps exactly. */
const MAX_DIGITS = 15;

/** Significant digits of a decimal string: leading zeros and trailing zeros of the fraction do not count. */
export function significantDigits(v: string): number {
  const [int, frac = ''] = v.replace(/^-/, '').split('.');
  const digits = (int.replace(/^0+/, '') + frac.replace(/0+$/, '')).replace(/^0+/, '');
  return digits.length;
}

function metersFor(state: State, eventName: string): Stripe.Billing.Meter[] {
  return [...state.meters.values()].filter((m) => m.event_name === eventName && m.status === 'active');
}

/**
 * Aggregates a customer's events for a meter over [start, end) with exact decimal arithmetic.
 * `sum` adds values, `count` counts events, `last` takes the latest event's value.
 */
export function aggregate(
  state: State,
  meter: Stripe.Billing.Meter,
  customerId: string,
  start: number,
  end: number,
): Big {
  const customerKey = meter.customer_mapping.event_payload_key;
  const valueKey = meter.value_settings.event_payload_key;
  const events = (state.meterEventsByName.get(meter.event_name) ?? [])
    .map((r) => r.event)
    .filter((e) => e.payload[customerKey] === customerId && e.timestamp >= start && e.timestamp < end);
  switch (meter.default_aggregation.formula) {
    case 'count':
      return new Big(events.length);
    case 'last': {
      const last = [...events].sort((a, b) => a.timestamp - b.timestamp).at(-1);
      return new Big(last && DECIMAL_RE.test(last.payload[valueKey] ?? '') ? last.payload[valueKey] : 0);
    }
    default:
      return events.reduce((acc, e) => {
        const v = e.payload[valueKey] ?? '1';
        return DECIMAL_RE.test(v) ? acc.plus(v) : acc;
      }, new Big(0));
  }
}

/** Aggregated value as a JSON number; the decimal string is exact, so the double is the nearest one to it. */
export const toNumber = (b: Big): number => Number(b.toString());

function createMeter(state: State, p: Params): Stripe.Billing.Meter {
  const eventName = p.req('event_name');
  if (metersFor(state, eventName).length) {
    throw errors.invalid(
      `An active meter with event_name \`${eventName}\` already exists.`,
      'event_name',
      'resource_already_exists',
    );
  }
  const agg = p.obj('default_aggregation');
  if (!agg) throw errors.paramMissing('default_aggregation');
  const formula = agg.oneOf('formula', ['sum', 'count', 'last'] as const);
  if (!formula) throw errors.paramMissing('default_aggregation[formula]');
  const now = state.now();
  const meter: Stripe.Billing.Meter = {
    id: state.id('mtr'),
    object: 'billing.meter',
    created: now,
    customer_mapping: {
      event_payload_key: p.obj('customer_mapping')?.str('event_payload_key') ?? 'stripe_customer_id',
      type: 'by_id',
    },
    default_aggregation: { formula },
    display_name: p.req('display_name'),
    event_name: eventName,
    event_time_window: p.oneOf('event_time_window', ['day', 'hour'] as const) ?? null,
    livemode: false,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: { event_payload_key: p.obj('value_settings')?.str('event_payload_key') ?? 'value' },
  };
  state.meters.set(meter.id, meter);
  emit(state, 'billing.meter.created', meter);
  return meter;
}

function recordMeterEvent(state: State, p: Params): Stripe.Billing.MeterEvent {
  const eventName = p.req('event_name');
  const payloadParams = p.obj('payload');
  if (!payloadParams) throw errors.paramMissing('payload');
  const payload: Record<string, string> = {};
  for (const [k, v] of Object.entries(payloadParams.raw)) {
    if (typeof v !== 'string') throw errors.invalid('Payload values must be strings', `payload[${k}]`);
    payload[k] = v;
  }
  const identifier = p.str('identifier') || state.id('mev');
  // Stripe refuses an identifier it has already seen (for at least 24 hours) instead of ignoring it.
  if (state.meterEventsByIdentifier.has(identifier)) {
    throw new ApiError(400, {
      type: 'invalid_request_error',
      message: `An event already exists with identifier ${identifier}.`,
      param: 'identifier',
    });
  }
  const meters = metersFor(state, eventName);
  const customerKey = meters[0]?.customer_mapping.event_payload_key ?? 'stripe_customer_id';
  const customerId = payload[customerKey];
  if (!customerId) throw errors.invalid(`The payload must contain \`${customerKey}\`.`, `payload[${customerKey}]`);
  for (const m of meters) {
    const v = payload[m.value_settings.event_payload_key];
    if (m.default_aggregation.formula !== 'count' && (v === undefined || !DECIMAL_RE.test(v))) {
      throw errors.invalid(
        `The payload value for \`${m.value_settings.event_payload_key}\` must be a number.`,
        `payload[${m.value_settings.event_payload_key}]`,
      );
    }
    if (v !== undefined && DECIMAL_RE.test(v) && significantDigits(v) > MAX_DIGITS) {
      throw errors.invalid(
        `The value in the event payload can have at most ${MAX_DIGITS} digits. Received ${v}.`,
        `payload[${m.value_settings.event_payload_key}]`,
        'meter_event_value_too_many_digits',
      );
    }
  }
  const now = state.nowFor(customerId);
  const timestamp = p.int('timestamp') ?? now;
  if (timestamp < now - MAX_AGE)
    throw errors.invalid('Timestamp must be within the past 35 days.', 'timestamp', 'timestamp_too_far_in_past');
  if (timestamp > now + MAX_FUTURE)
    throw errors.invalid(
      'Timestamp must not be more than 5 minutes in the future.',
      'timestamp',
      'timestamp_in_future',
    );
  const event: Stripe.Billing.MeterEvent = {
    object: 'billing.meter_event',
    created: now,
    event_name: eventName,
    identifier,
    livemode: false,
    payload,
    timestamp,
  };
  const record = { event, sequence: state.meterEvents.length };
  state.meterEvents.push(record);
  state.meterEventsByIdentifier.set(identifier, record);
  const byName = state.meterEventsByName.get(eventName);
  if (byName) byName.push(record);
  else state.meterEventsByName.set(eventName, [record]);
  return event;
}

function summaries(state: State, meter: Stripe.Billing.Meter, p: Params): Stripe.Billing.MeterEventSummary[] {
  const customer = p.req('customer');
  const start = p.reqInt('start_time');
  const end = p.reqInt('end_time');
  if (start % 60 !== 0) throw errors.invalid('start_time must be aligned with minute boundaries.', 'start_time');
  if (end % 60 !== 0) throw errors.invalid('end_time must be aligned with minute boundaries.', 'end_time');
  if (end <= start) throw errors.invalid('end_time must be after start_time.', 'end_time');
  const window = p.oneOf('value_grouping_window', ['day', 'hour'] as const);
  const step = window === 'day' ? DAY : window === 'hour' ? 3600 : end - start;
  if (window && (start % step !== 0 || end % step !== 0)) {
    throw errors.invalid(`start_time and end_time must be aligned with ${window} boundaries.`, 'value_grouping_window');
  }
  const out: Stripe.Billing.MeterEventSummary[] = [];
  for (let s = start; s < end; s += step) {
    const e = Math.min(end, s + step);
    out.push({
      id: `mtrusg_${meter.id.slice(4, 14)}${s.toString(36)}${e.toString(36)}`,
      object: 'billing.meter_event_summary',
      aggregated_value: toNumber(aggregate(state, meter, customer, s, e)),
      end_time: e,
      livemode: false,
      meter: meter.id,
      start_time: s,
    });
  }
  return out.reverse();
}

export function registerMeters(r: Router): void {
  r.post('/v1/billing/meters', ({ state, params }) => createMeter(state, params));
  r.get('/v1/billing/meters/:id', ({ state, path }) => state.get(state.meters, 'billing meter', path.id));
  r.post('/v1/billing/meters/:id', ({ state, path, params }) => {
    const meter = state.get(state.meters, 'billing meter', path.id);
    updating(state, 'billing.meter.updated', meter, () => {
      if (params.has('display_name')) meter.display_name = params.req('display_name');
      meter.updated = state.now();
    });
    return meter;
  });
  for (const [action, status] of [
    ['deactivate', 'inactive'],
    ['reactivate', 'active'],
  ] as const) {
    r.post(`/v1/billing/meters/:id/${action}`, ({ state, path }) => {
      const meter = state.get(state.meters, 'billing meter', path.id);
      if (status === 'active' && metersFor(state, meter.event_name).some((m) => m.id !== meter.id)) {
        throw errors.state(`An active meter with event_name \`${meter.event_name}\` already exists.`);
      }
      meter.status = status;
      meter.status_transitions.deactivated_at = status === 'inactive' ? state.now() : null;
      meter.updated = state.now();
      emit(state, status === 'active' ? 'billing.meter.reactivated' : 'billing.meter.deactivated', meter);
      return meter;
    });
  }
  r.get('/v1/billing/meters', ({ state, params }) => {
    const status = params.oneOf('status', ['active', 'inactive'] as const);
    return paginate(
      newestFirst(state.meters).filter((m) => !status || m.status === status),
      params,
      '/v1/billing/meters',
    );
  });
  r.get('/v1/billing/meters/:id/event_summaries', ({ state, path, params }) => {
    const meter = state.get(state.meters, 'billing meter', path.id);
    return paginate(summaries(state, meter, params), params, `/v1/billing/meters/${meter.id}/event_summaries`);
  });
  r.post('/v1/billing/meter_events', ({ state, params }) => recordMeterEvent(state, params));
}
