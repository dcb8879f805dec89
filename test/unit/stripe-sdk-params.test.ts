import { describe, expect, it } from 'vitest';
import { buildRouter } from '../../dev/stripe-emulator/index';
import { routeParams, violations } from '../../dev/stripe-emulator/params-check';
import { findSdkEndpoint, type ParamSchema, paramsSchema } from '../../dev/stripe-emulator/sdk-params';

const props = (s: ParamSchema | null) => (s?.type === 'object' ? s.properties : {});

/** The parameter declarations the emulator reads from the stripe SDK's generated types, and what it refuses. */
describe('request parameters from the stripe SDK types', () => {
  it('reads each endpoint’s params type with names, required flags, enums, nesting and inherited pagination', () => {
    // Act
    const create = paramsSchema(findSdkEndpoint('POST', '/v1/subscriptions')!);
    const meterEvent = paramsSchema(findSdkEndpoint('POST', '/v1/billing/meter_events')!);
    const list = paramsSchema(findSdkEndpoint('GET', '/v1/customers')!);
    const retrieve = findSdkEndpoint('GET', '/v1/invoices/:id')!;
    // Assess
    expect(findSdkEndpoint('POST', '/v1/subscriptions/:id')).toMatchObject({
      operation: 'subscriptions.update',
      paramsType: 'SubscriptionUpdateParams',
    });
    expect(props(create).payment_behavior).toEqual({
      required: false,
      schema: {
        type: 'enum',
        values: ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'],
      },
    });
    const items = props(create).items.schema;
    expect(items.type === 'array' && items.items.type === 'object' && Object.keys(items.items.properties)).toEqual(
      expect.arrayContaining(['price', 'quantity', 'metadata']),
    );
    expect(props(create).metadata.schema).toEqual({ type: 'anyOf', of: [{ type: 'empty' }, { type: 'map' }] });
    expect(props(meterEvent).event_name.required).toBe(true);
    expect(props(meterEvent).payload).toEqual({ required: true, schema: { type: 'map' } });
    expect(Object.keys(props(list))).toEqual(
      expect.arrayContaining(['email', 'created', 'limit', 'starting_after', 'ending_before', 'expand']),
    );
    expect(Object.keys(props(paramsSchema(retrieve)))).toEqual(['expand']);
  });

  it('names every difference: unknown (also nested), missing required, wrong type, unlisted enum value', () => {
    // Prepare
    const schema = paramsSchema(findSdkEndpoint('POST', '/v1/billing/meter_events')!);
    const sub = paramsSchema(findSdkEndpoint('POST', '/v1/subscriptions')!);
    // Act
    const found = violations({ payload: { value: '1' }, identifier: 'x', timestamp: 'soon', colour: 'red' }, schema);
    const nested = violations(
      { items: [{ price: 'price_1', size: 'xl' }], collection_method: 'pigeon', cancel_at_period_end: 'maybe' },
      sub,
    );
    const fine = violations(
      {
        items: [{ price: 'price_1', quantity: '2' }],
        metadata: { a: 'b' },
        trial_end: 'now',
        expand: ['latest_invoice'],
      },
      sub,
    );
    // Assess
    expect(found.map((v) => [v.kind, v.param])).toEqual([
      ['invalid', 'timestamp'],
      ['unknown', 'colour'],
      ['missing', 'event_name'],
    ]);
    expect(nested.map((v) => [v.kind, v.param])).toEqual([
      ['unknown', 'items[0][size]'],
      ['invalid', 'collection_method'],
      ['invalid', 'cancel_at_period_end'],
    ]);
    expect(fine).toEqual([]);
  });

  it('knows every route of the emulator: each is an SDK endpoint or declares its own params (test helpers)', () => {
    // Act
    const routes = buildRouter()
      .list()
      .map((r) => ({ route: `${r.method} ${r.pattern}`, spec: routeParams(r) }));
    // Assess
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !r.spec.endpoint).map((r) => r.route)).toEqual([
      'POST /v1/test_helpers/checkout/sessions/:id/complete',
    ]);
  });
});
