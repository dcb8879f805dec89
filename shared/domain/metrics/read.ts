import { NotFoundError, ValidationError } from '#shared/errors';
import type { MetricsStore, RevenueDay } from './ports';
import { dayOf } from './subscriptions';

const DAY_MS = 86_400_000;

export interface Period {
  from: string;
  to: string;
}

/**
 * A period defaults to the last 30 days; `from` must come before `to`. Only days with activity
 * are stored, so a long period costs the days something happened in it, not its length.
 */
export function resolvePeriod(q: { from?: string; to?: string }, now: Date): Period {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new ValidationError('from must be before to', { field: 'query.from' });
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Metrics are a project's own: another project's id is simply not found. */
export function assertOwnProject(callerProject: string, projectId: string) {
  if (callerProject !== projectId) throw new NotFoundError('Project', projectId);
}

const LIVE = new Set(['active', 'trialing', 'past_due']);

export async function subscriptionMetrics(
  ports: { store: MetricsStore; clock: () => Date },
  projectId: string,
  period: Period,
) {
  const today = dayOf(ports.clock());
  const from = dayOf(period.from);
  const to = dayOf(period.to);
  // One read from the period's start to today: the period's movements, and what happened since
  // its start, to rebuild how many were live then.
  const [counts, days] = await Promise.all([
    ports.store.readCounts(projectId),
    ports.store.readSubscriptionDays(projectId, from, to > today ? to : today),
  ]);
  const byStatus: Record<string, number> = {};
  const byPlan: Record<string, Record<string, number>> = {};
  let liveNow = 0;
  for (const c of counts) {
    if (!c.count) continue;
    byStatus[c.status] = (byStatus[c.status] ?? 0) + c.count;
    (byPlan[c.plan] ??= {})[c.status] = c.count;
    if (LIVE.has(c.status)) liveNow += c.count;
  }
  let trialsStarted = 0;
  let conversions = 0;
  let cancellations = 0;
  let liveSinceStart = 0;
  const series = [];
  for (const d of days) {
    liveSinceStart += d.live_delta;
    if (d.day > to) continue;
    trialsStarted += d.trials_started;
    conversions += d.trial_conversions;
    cancellations += d.cancellations;
    series.push(d);
  }
  const liveAtStart = liveNow - liveSinceStart;
  return {
    project_id: projectId,
    from: period.from,
    to: period.to,
    total: counts.reduce((n, c) => n + c.count, 0),
    by_status: byStatus,
    by_plan: byPlan,
    trials: byStatus.trialing ?? 0,
    trials_started: trialsStarted,
    trial_conversions: conversions,
    cancellations,
    live_at_start: liveAtStart,
    churn_rate: liveAtStart > 0 ? Math.round((cancellations / liveAtStart) * 10_000) / 10_000 : null,
    daily: series,
  };
}

export async function revenueMetrics(
  ports: { store: MetricsStore; clock: () => Date },
  projectId: string,
  period: Period,
) {
  const [mrr, days] = await Promise.all([
    ports.store.readMrr(projectId),
    ports.store.readRevenueDays(projectId, dayOf(period.from), dayOf(period.to)),
  ]);
  const currencies: Record<
    string,
    {
      collected: number;
      refunds: number;
      net: number;
      credit_packs: number;
      out_of_band: number;
      invoices: number;
      mrr: number;
      mrr_subscriptions: number;
    }
  > = {};
  const of = (c: string) =>
    (currencies[c] ??= {
      collected: 0,
      refunds: 0,
      net: 0,
      credit_packs: 0,
      out_of_band: 0,
      invoices: 0,
      mrr: 0,
      mrr_subscriptions: 0,
    });
  for (const m of mrr) {
    if (!m.amount && !m.subscriptions) continue;
    Object.assign(of(m.currency), { mrr: m.amount, mrr_subscriptions: m.subscriptions });
  }
  const daily: (RevenueDay & { net: number })[] = [];
  for (const d of days) {
    const c = of(d.currency);
    c.collected += d.collected;
    c.refunds += d.refunds;
    c.credit_packs += d.credit_packs;
    c.out_of_band += d.out_of_band;
    c.invoices += d.invoices;
    c.net = c.collected - c.refunds;
    daily.push({ ...d, net: d.collected - d.refunds });
  }
  return { project_id: projectId, from: period.from, to: period.to, currencies, daily };
}
