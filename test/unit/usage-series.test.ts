import { describe, expect, it } from 'vitest';
import type { CounterItem } from '#shared/domain/metering/counters';
import { METERS } from '#shared/domain/metering/meters';
import { seriesFrom } from '#shared/domain/usage/series';

const at = (s: string) => Date.parse(s);

describe('usage series by day, month and billing period', () => {
  // Prepare: a renewal on 2026-03-10 14:23 cuts that day and March into two counter items.
  const previous = { start: '2026-02-10T14:23:00.000Z', end: '2026-03-10T14:23:00.000Z' };
  const current = { start: '2026-03-10T14:23:00.000Z', end: '2026-04-10T14:23:00.000Z' };
  const counters: CounterItem[] = [
    {
      meter: 'email_sends',
      window: previous,
      total: '30.5',
      months: { '2026-02': '20', '2026-03': '10.5' },
      days: { '2026-02-28': '20', '2026-03-10': '10.5' },
    },
    {
      meter: 'email_sends',
      window: current,
      total: '5.25',
      months: { '2026-03': '5.25' },
      days: { '2026-03-10': '0.25', '2026-03-11': '5' },
    },
    {
      meter: 'whatsapp_messages',
      window: current,
      total: '7',
      months: { '2026-03': '7' },
      days: { '2026-03-12': '7' },
    },
  ];

  it('sums a day a renewal cuts in two, exactly, and lists days that start in [from, to) per meter, oldest first', () => {
    // Act
    const days = seriesFrom(counters, 'day', at('2026-03-10T00:00:00Z'), at('2026-03-12T00:00:00Z'), METERS);
    // Assess
    expect(days).toEqual([
      {
        meter: 'email_sends',
        period_start: '2026-03-10T00:00:00.000Z',
        period_end: '2026-03-11T00:00:00.000Z',
        granularity: 'day',
        total: '10.75',
      },
      {
        meter: 'email_sends',
        period_start: '2026-03-11T00:00:00.000Z',
        period_end: '2026-03-12T00:00:00.000Z',
        granularity: 'day',
        total: '5',
      },
    ]);
  });

  it("sums months across windows and lists billing periods as the subscription's own windows", () => {
    // Act
    const months = seriesFrom(
      counters,
      'month',
      at('2026-02-01T00:00:00Z'),
      at('2026-04-01T00:00:00Z'),
      METERS,
      'email_sends',
    );
    const periods = seriesFrom(
      counters,
      'billing_period',
      at('2026-03-10T14:23:00Z'),
      at('2026-04-10T14:23:00Z'),
      METERS,
    );
    // Assess
    expect(months.map((m) => [m.period_start, m.period_end, m.total])).toEqual([
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '20'],
      ['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '15.75'],
    ]);
    expect(periods.map((p) => [p.meter, p.period_start, p.period_end, p.total])).toEqual([
      ['whatsapp_messages', current.start, current.end, '7'],
      ['email_sends', current.start, current.end, '5.25'],
    ]);
  });
});
