import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDelta, type CounterItem, viewUsage } from '#shared/domain/metering/counters';
import { parseUsageValue, sumDecimals } from '#shared/domain/metering/decimals';
import { enforceLimit, levelsToEmit, meterStatus, reachedLevels, thresholdFlag } from '#shared/domain/metering/limits';
import { METERS, meterEventIdentifier, resolveMeter } from '#shared/domain/metering/meters';
import {
  billingWindow,
  counterCutOff,
  viewBounds,
  windowBounds,
  windowsForView,
} from '#shared/domain/metering/windows';
import { checkUsageEvent, UsageEventBody, UsageEventMessage } from '#shared/domain/usage/event';
import { thresholdEventId } from '#shared/domain/usage/thresholds';

const at = (iso: string) => new Date(iso);

describe('usage values are exact decimals', () => {
  it('accepts positive decimals as strings or numbers and normalises them', () => {
    // Act
    const ok = ['2.5', '007.50', '0.000000000001', '1000000000000', 2.5, 0.1, 1e-7, 123456789012.345].map((v) =>
      parseUsageValue(v),
    );
    // Assess
    expect(ok.map((r) => (r.ok ? r.value : r.reason))).toEqual([
      '2.5',
      '7.5',
      '0.000000000001',
      '1000000000000',
      '2.5',
      '0.1',
      '0.0000001',
      '123456789012.345',
    ]);
  });

  it('refuses zero, negatives, non-finite, huge, over-precise and non-decimal input, saying why', () => {
    // Act
    const bad = (v: unknown) => {
      const r = parseUsageValue(v);
      return r.ok ? `accepted ${r.value}` : r.reason;
    };
    // Assess
    expect(bad(0)).toBe('must be greater than 0');
    expect(bad('0.000')).toBe('must be greater than 0');
    expect(bad(-1)).toBe('must be greater than 0');
    expect(bad('-1')).toMatch(/positive decimal/);
    expect(bad(Number.NaN)).toBe('must be a finite number');
    expect(bad(Number.POSITIVE_INFINITY)).toBe('must be a finite number');
    expect(bad(1e13)).toBe('must be at most 1000000000000');
    expect(bad('1000000000000.000000000001')).toBe('must be at most 1000000000000');
    expect(bad('0.0000000000001')).toBe('must have at most 12 decimal places');
    expect(bad(1234567890.1234567)).toMatch(/more than 15 significant digits; a JSON number keeps no more/);
    expect(bad('123456789012.3456')).toMatch(/more than 15 significant digits, more than Stripe's meters take/);
    expect(bad('1e3')).toMatch(/positive decimal/);
    expect(bad(' 1')).toMatch(/positive decimal/);
    expect(bad(true)).toBe('must be a number or a decimal string');
  });

  it('sums any list of valid values exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10 ** 6 }), fc.integer({ min: 0, max: 999 })), {
          minLength: 1,
          maxLength: 200,
        }),
        (parts) => {
          // Prepare
          const values = parts.map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`);
          const milli = parts.reduce((a, [i, f]) => a + BigInt(i) * 1000n + BigInt(f), 0n);
          // Act
          const sum = sumDecimals(values);
          // Assess
          expect(new Big(sum).times(1000).toFixed()).toBe(milli.toString());
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('usage events against the catalog and the clock', () => {
  const now = at('2026-03-15T12:00:00Z');
  const body = (over: Record<string, unknown> = {}) =>
    UsageEventBody.parse({ event_type: 'ai_credits', workspace_id: 'ws_1', value: '1', idempotency_key: 'k', ...over });

  it('maps event type aliases to their meter', () => {
    expect(resolveMeter('whatsapp_message', METERS)?.key).toBe('whatsapp_messages');
    expect(resolveMeter('email_send', METERS)?.key).toBe('email_sends');
    expect(resolveMeter('ai_credits', METERS)?.key).toBe('ai_credits');
    expect(resolveMeter('sms', METERS)).toBeUndefined();
  });

  it('names the field of an unknown type, a future time and a time over 35 days back', () => {
    // Act
    const unknown = checkUsageEvent(body({ event_type: 'sms' }), 'p', METERS, now);
    const future = checkUsageEvent(body({ timestamp: '2026-03-15T12:06:00Z' }), 'p', METERS, now);
    const skew = checkUsageEvent(body({ timestamp: '2026-03-15T12:04:00Z' }), 'p', METERS, now);
    const old = checkUsageEvent(body({ timestamp: '2026-02-08T11:59:59Z' }), 'p', METERS, now);
    const oldest = checkUsageEvent(body({ timestamp: '2026-02-08T12:00:00Z' }), 'p', METERS, now);
    // Assess
    expect(unknown).toMatchObject({ ok: false, field: 'event_type' });
    expect(future).toMatchObject({ ok: false, field: 'timestamp', reason: 'must not be in the future' });
    expect(skew.ok).toBe(true);
    expect(old).toMatchObject({ ok: false, field: 'timestamp', reason: 'must be at most 35 days back' });
    expect(oldest.ok).toBe(true);
  });

  it('defaults the time to when the event was received, in UTC', () => {
    // Act
    const r = checkUsageEvent(body({ event_type: 'whatsapp_message' }), 'p', METERS, now, at('2026-03-15T11:00:00Z'));
    const offset = checkUsageEvent(body({ timestamp: '2026-03-15T17:30:00+05:30' }), 'p', METERS, now);
    // Assess
    expect(r).toMatchObject({
      ok: true,
      event: { meter: 'whatsapp_messages', timestamp: '2026-03-15T11:00:00.000Z', projectId: 'p' },
    });
    expect(offset).toMatchObject({ ok: true, event: { timestamp: '2026-03-15T12:00:00.000Z' } });
  });

  it('rejects unknown fields and over-long keys in the SQS contract', () => {
    const base = { project_id: 'p', event_type: 'ai_credits', workspace_id: 'w', value: 1, idempotency_key: 'k' };
    expect(UsageEventMessage.safeParse(base).success).toBe(true);
    expect(UsageEventMessage.safeParse({ ...base, amount: 1 }).success).toBe(false);
    expect(UsageEventMessage.safeParse({ ...base, idempotency_key: 'x'.repeat(201) }).success).toBe(false);
    expect(UsageEventMessage.safeParse({ ...base, idempotency_key: 'x'.repeat(200) }).success).toBe(true);
    expect(UsageEventMessage.safeParse({ ...base, project_id: undefined }).success).toBe(false);
  });
});

describe('windows and the counter layout', () => {
  const period = { start: '2026-03-10T14:23:00.000Z', end: '2026-04-10T14:23:00.000Z' };

  it('bounds day, month and billing windows, with calendar months when there is no subscription', () => {
    expect(windowBounds('day', at('2026-03-15T23:59:59.999Z'), null)).toEqual({
      start: '2026-03-15T00:00:00.000Z',
      end: '2026-03-16T00:00:00.000Z',
    });
    expect(windowBounds('month', at('2026-12-31T23:00:00Z'), period)).toEqual({
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    expect(billingWindow(at('2026-03-20T00:00:00Z'), period)).toEqual(period);
    expect(billingWindow(at('2026-03-20T00:00:00Z'), null)).toEqual({
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
    // A late event from before the period counts in the period before it, stepped by calendar month as Stripe does.
    expect(billingWindow(at('2026-03-01T00:00:00Z'), period)).toEqual({
      start: '2026-02-10T14:23:00.000Z',
      end: '2026-03-10T14:23:00.000Z',
    });
    expect(counterCutOff(at('2026-03-15T12:00:00Z'))).toBe('2026-03-01T00:00:00.000Z');
  });

  it('steps billing periods by calendar months from the anchor, backwards and forwards', () => {
    const p = (start: string, end: string) => ({ start, end });
    // Renewed on Mar 15: an event of Mar 1 belongs to [Feb 15, Mar 15), a 28-day period.
    expect(
      billingWindow(at('2026-03-01T00:00:00Z'), p('2026-03-15T00:00:00.000Z', '2026-04-15T00:00:00.000Z')),
    ).toEqual(p('2026-02-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z'));
    // An anchor on the 31st: the current period starts clamped to Feb 28, the one before starts Jan 31.
    expect(
      billingWindow(at('2026-02-05T00:00:00Z'), p('2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z')),
    ).toEqual(p('2026-01-31T09:00:00.000Z', '2026-02-28T09:00:00.000Z'));
    // Two periods back, and after the period's end before the renewal webhook.
    expect(billingWindow(at('2026-01-20T00:00:00Z'), period)).toEqual(
      p('2026-01-10T14:23:00.000Z', '2026-02-10T14:23:00.000Z'),
    );
    expect(billingWindow(at('2026-04-12T00:00:00Z'), period)).toEqual(
      p('2026-04-10T14:23:00.000Z', '2026-05-10T14:23:00.000Z'),
    );
    // Annual and weekly periods.
    expect(
      billingWindow(at('2025-12-01T00:00:00Z'), p('2026-01-15T00:00:00.000Z', '2027-01-15T00:00:00.000Z')),
    ).toEqual(p('2025-01-15T00:00:00.000Z', '2026-01-15T00:00:00.000Z'));
    expect(
      billingWindow(at('2026-03-01T00:00:00Z'), p('2026-03-04T00:00:00.000Z', '2026-03-11T00:00:00.000Z')),
    ).toEqual(p('2026-02-25T00:00:00.000Z', '2026-03-04T00:00:00.000Z'));
  });

  it('adds month and day sub-totals for every event, late ones too, and prunes no day', () => {
    // Act
    const d = buildDelta(
      'ai_credits',
      period,
      [
        { value: '1.5', timestamp: '2026-03-15T10:00:00Z' },
        { value: '2', timestamp: '2026-03-14T23:00:00Z' },
        { value: '4', timestamp: '2026-03-11T00:00:00Z' },
      ],
      at('2026-03-15T12:00:00Z'),
    );
    // Assess
    expect(d.total).toBe('7.5');
    expect(d.months).toEqual({ '2026-03': '7.5' });
    expect(d.days).toEqual({ '2026-03-15': '1.5', '2026-03-14': '2', '2026-03-11': '4' });
    expect(d.pruneDays).toEqual([]);
  });

  it('sums a month or a day across the two billing windows a renewal cuts it into', () => {
    // Prepare
    const previous = { start: '2026-02-10T14:23:00.000Z', end: '2026-03-10T14:23:00.000Z' };
    const items: CounterItem[] = [
      {
        meter: 'm',
        window: previous,
        total: '30',
        months: { '2026-02': '20', '2026-03': '10' },
        days: { '2026-03-10': '4' },
      },
      { meter: 'm', window: period, total: '5', months: { '2026-03': '5' }, days: { '2026-03-10': '1' } },
      { meter: 'other', window: period, total: '99', months: { '2026-03': '99' }, days: {} },
    ];
    const now = at('2026-03-10T20:00:00Z');
    // Act
    const month = viewUsage(items, 'm', 'month', viewBounds('month', now, period));
    const day = viewUsage(items, 'm', 'day', viewBounds('day', now, period));
    const billing = viewUsage(items, 'm', 'billing_period', viewBounds('billing_period', now, period));
    // Assess
    expect([month, day, billing]).toEqual(['15', '5', '5']);
    expect(windowsForView('day', now, period)).toEqual([period, previous]);
    expect(windowsForView('billing_period', now, period)).toEqual([period]);
    expect(windowsForView('month', at('2026-03-20T00:00:00Z'), null)).toEqual([
      { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
    ]);
  });
});

describe('limits and thresholds', () => {
  const now = at('2026-03-15T12:00:00Z');
  const items: CounterItem[] = [
    {
      meter: 'ai_credits',
      window: { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' },
      total: '100',
      months: { '2026-03': '100' },
      days: { '2026-03-15': '3' },
    },
  ];

  it('reports used, remaining and exceeded per window; exceeded once nothing remains', () => {
    // Act
    const month = meterStatus('ai_credits', { limit: '100', window: 'month', mode: 'hard' }, items, now, null);
    const day = meterStatus('ai_credits', { limit: '2.5', window: 'day', mode: 'soft' }, items, now, null);
    const unlimited = meterStatus('ai_credits', undefined, items, now, null);
    // Assess
    expect(month).toMatchObject({ used: '100', remaining: '0', exceeded: true, resets_at: '2026-04-01T00:00:00.000Z' });
    expect(day).toMatchObject({
      used: '3',
      remaining: '0',
      exceeded: true,
      window: 'day',
      resets_at: '2026-03-16T00:00:00.000Z',
    });
    expect(unlimited).toMatchObject({
      limit: null,
      remaining: null,
      exceeded: false,
      window: 'billing_period',
      used: '100',
    });
  });

  it('lets a value through only while used + value stays within the limit', () => {
    // Act
    const e = enforceLimit('10', '3', '2.5');
    // Assess
    expect(e.maxBefore).toBe('4.5');
    expect([e.fits('4.5'), e.fits('4.51'), e.fits('0')]).toEqual([true, false, true]);
  });

  it('reaches 80% and 100% exactly at the boundary, and re-emits only a stale claim', () => {
    expect(reachedLevels('100', '79.99')).toEqual([]);
    expect(reachedLevels('100', '80')).toEqual([80]);
    expect(reachedLevels('0.5', '0.5')).toEqual([80, 100]);
    expect(reachedLevels(null, '1000')).toEqual([]);
    expect(reachedLevels('0', '0')).toEqual([]);
    const f80 = thresholdFlag(80, '100');
    expect(levelsToEmit('100', '85', { [f80]: 'sent|2026-03-15T11:00:00.000Z' }, now)).toEqual([]);
    expect(levelsToEmit('100', '85', { [f80]: 'claimed|2026-03-15T11:59:30.000Z' }, now)).toEqual([]);
    expect(levelsToEmit('100', '85', { [f80]: 'claimed|2026-03-15T11:58:00.000Z' }, now)).toEqual([80]);
    // Another limit (an upgrade) has its own flags.
    expect(levelsToEmit('200', '170', { [f80]: 'sent|2026-03-15T11:00:00.000Z' }, now)).toEqual([80]);
  });

  it('derives stable identifiers within Stripe’s 100-character limit', () => {
    const id = meterEventIdentifier('p', 'ws', 'ai_credits', 'k'.repeat(200));
    expect(id).toBe(meterEventIdentifier('p', 'ws', 'ai_credits', 'k'.repeat(200)));
    expect(id).not.toBe(meterEventIdentifier('p', 'ws', 'email_sends', 'k'.repeat(200)));
    expect(id.length).toBeLessThanOrEqual(100);
    const w = { start: 'a', end: 'b' };
    expect(thresholdEventId('p', 'ws', 'm', w, 80, '100')).not.toBe(thresholdEventId('p', 'ws', 'm', w, 100, '100'));
  });
});
