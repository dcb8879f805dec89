import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { eventBridgeBus } from '#shared/adapters/events/eventbridge';
import { aggregateDay } from '#shared/domain/outbound/aggregation';
import { billingEventJsonSchema, EVENT_DATA } from '#shared/domain/outbound/event-catalog';
import { emit, transitions } from '#shared/domain/subscriptions/sync';
import { emitThresholds } from '#shared/domain/usage/thresholds';
import { subscriptionSnapshot } from '../support/snapshots';

const ROOT = join(import.meta.dirname, '..', '..');
const documented = JSON.parse(readFileSync(join(ROOT, 'docs/billing-event.schema.json'), 'utf8'));

/** The real EventBridge adapter over a client that keeps what PutEvents was sent. */
function capturingBus() {
  const entries: PutEventsRequestEntry[] = [];
  const client = {
    send: async (cmd: { input: { Entries: PutEventsRequestEntry[] } }) => (
      entries.push(...cmd.input.Entries), { FailedEntryCount: 0, Entries: [] }
    ),
  };
  return { bus: eventBridgeBus(client as unknown as EventBridgeClient, 'tollgate-test-billing'), entries };
}

describe('docs/billing-event.schema.json', () => {
  it('is the schema of the event catalog (regenerate with `npm run docs`)', () => {
    expect(documented).toEqual(billingEventJsonSchema());
  });

  it('validates the events the producers publish on EventBridge, fields under detail.data', async () => {
    // Prepare: subscription transitions through the history-and-bus emit, a usage threshold and a daily aggregate.
    const { bus, entries } = capturingBus();
    const ref = { projectId: 'proj_doc', workspaceId: 'ws_doc' };
    const now = new Date('2026-11-20T10:00:00Z');
    const before = subscriptionSnapshot({ status: 'trialing', plan: 'starter' });
    const after = subscriptionSnapshot({
      plan: 'pro',
      cancel_at_period_end: true,
      cancel_at: '2026-12-01T00:00:00.000Z',
      current_period_start: '2026-11-15T00:00:00.000Z',
      pending_plan: 'enterprise',
    });
    // Act
    await emit(
      { history: { recordOnce: async () => true }, bus },
      ref,
      'evt_src',
      now.toISOString(),
      transitions(before, after, now, 7),
    );
    await emitThresholds(
      { store: { claimThreshold: async () => true, confirmThreshold: async () => undefined } as never, bus },
      ref,
      'ai_credits',
      { meter: 'ai_credits', limit: '1000', mode: 'hard', window: 'billing_period' } as never,
      { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
      '1000',
      {},
      now,
    );
    await aggregateDay(
      {
        source: {
          projectIds: async () => ['proj_doc'],
          workspaceIds: async () => ['ws_doc'],
          dayTotals: async () => ({ ai_credits: '12.5' }),
        },
        history: { recordOnce: async () => true },
        bus,
        clock: () => now,
      },
      '2026-11-19',
    );
    // Assess
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(documented);
    const types = entries.map((e) => e.DetailType);
    expect(types).toEqual(
      expect.arrayContaining([
        'subscription.plan_changed',
        'subscription.cancellation_scheduled',
        'subscription.renewed',
        'subscription.plan_change_scheduled',
        'usage.threshold_reached',
        'usage.aggregated',
      ]),
    );
    for (const e of entries) {
      const detail = JSON.parse(e.Detail!);
      expect(validate(detail), `${e.DetailType}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(e.Source).toBe('tollgate');
      expect(detail.type).toBe(e.DetailType);
      expect(Object.keys(EVENT_DATA)).toContain(detail.type);
    }
    const thresholds = entries
      .filter((e) => e.DetailType === 'usage.threshold_reached')
      .map((e) => JSON.parse(e.Detail!).data);
    expect(thresholds.map((d) => d.threshold_percent)).toEqual([80, 100]);
    expect(thresholds[1]).toMatchObject({ meter: 'ai_credits', limit: '1000', used: '1000' });
    expect(JSON.parse(entries.find((e) => e.DetailType === 'usage.aggregated')!.Detail!).data).toEqual({
      meter: 'ai_credits',
      granularity: 'day',
      day_start: '2026-11-19T00:00:00.000Z',
      day_end: '2026-11-20T00:00:00.000Z',
      total: '12.5',
    });
  });

  it('refuses an event whose data lacks a documented field, or whose envelope is wrong', () => {
    const validate = new Ajv2020({ strict: false }).compile(documented);
    const good = {
      id: 'e1',
      type: 'usage.aggregated',
      project_id: 'p',
      workspace_id: 'w',
      occurred_at: '2026-11-20T00:00:00.000Z',
      data: { meter: 'm', granularity: 'day', day_start: 'a', day_end: 'b', total: '1' },
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, data: { meter: 'm' } })).toBe(false);
    expect(validate({ ...good, detail: good.data })).toBe(false);
    expect(validate({ ...good, occurred_at: 'yesterday' })).toBe(false);
  });
});
