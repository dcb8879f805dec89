import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { Membership, MembershipChange, MetricsPorts, StoredMembership } from './ports';

const LIVE = new Set(['active', 'trialing', 'past_due']);
/** Statuses that bring recurring revenue now (a trial and a paused subscription do not). */
const PAYING = new Set(['active', 'past_due']);
const MAX_ATTEMPTS = 10;

export const dayOf = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);

/** A subscription's monthly amount: seats × unit price, an annual price spread over 12 months (rounded to the minor unit). */
export function monthlyAmount(unitAmount: number, seats: number, interval: 'month' | 'year'): number {
  return interval === 'year' ? Math.round((unitAmount * seats) / 12) : unitAmount * seats;
}

/** What a stored subscription snapshot contributes to its project's counters. */
export async function membershipOf(
  ports: Pick<MetricsPorts, 'prices'>,
  projectId: string,
  s: SubscriptionSnapshot,
  previous: Membership | undefined,
): Promise<Membership> {
  let mrr: Membership['mrr'] = null;
  if (PAYING.has(s.status) && !s.paused) {
    const price = await ports.prices.priceAmount(projectId, s.price_id);
    if (price) mrr = { amount: monthlyAmount(price.unit_amount, s.seats, price.interval), currency: price.currency };
  }
  const same = previous?.subscription_id === s.subscription_id;
  return {
    subscription_id: s.subscription_id,
    status: s.status,
    plan: s.plan ?? 'unknown',
    live: LIVE.has(s.status) && !s.paused,
    mrr,
    trialed: s.status === 'trialing' || (same && Boolean(previous?.trialed)),
    version: s.version,
  };
}

const countKey = (m: Pick<Membership, 'status' | 'plan'>) => `${m.status}#${m.plan}`;

/** The counter changes moving a workspace from `previous` to `next` (both may be the same subscription or not). */
export function membershipChange(
  projectId: string,
  workspaceId: string,
  previous: StoredMembership | undefined,
  next: Membership,
  now: Date,
): MembershipChange {
  const counts: Record<string, number> = {};
  const add = (k: string, d: number) => (counts[k] = (counts[k] ?? 0) + d);
  if (previous) add(countKey(previous), -1);
  add(countKey(next), 1);
  for (const k of Object.keys(counts)) if (counts[k] === 0) delete counts[k];

  const mrr: MembershipChange['mrr'] = {};
  const addMrr = (m: Membership['mrr'], sign: 1 | -1) => {
    if (!m) return;
    const cur = (mrr[m.currency] ??= { amount: 0, subscriptions: 0 });
    cur.amount += sign * m.amount;
    cur.subscriptions += sign;
  };
  addMrr(previous?.mrr ?? null, -1);
  addMrr(next.mrr, 1);
  for (const [c, v] of Object.entries(mrr)) if (v.amount === 0 && v.subscriptions === 0) delete mrr[c];

  const same = previous?.subscription_id === next.subscription_id;
  const dayDelta: MembershipChange['dayDelta'] = {};
  if (next.status === 'trialing' && !(same && previous?.trialed)) dayDelta.trials_started = 1;
  if (same && previous?.status === 'trialing' && next.status === 'active') dayDelta.trial_conversions = 1;
  if (next.status === 'canceled' && previous && previous.status !== 'canceled') dayDelta.cancellations = 1;
  const liveDelta = (next.live ? 1 : 0) - (previous?.live ? 1 : 0);
  if (liveDelta) dayDelta.live_delta = liveDelta;
  return { projectId, workspaceId, previous, next, counts, mrr, day: dayOf(now), dayDelta };
}

const sameMembership = (a: Membership, b: Membership) =>
  a.subscription_id === b.subscription_id &&
  a.status === b.status &&
  a.plan === b.plan &&
  a.live === b.live &&
  a.trialed === b.trialed &&
  a.mrr?.amount === b.mrr?.amount &&
  a.mrr?.currency === b.mrr?.currency;

/**
 * Brings a workspace's contribution to its project's counters in line with its stored
 * subscription. A replay, a duplicate or an older snapshot changes nothing; concurrent callers
 * serialise on the membership's revision. Returns what differed, or null when nothing did.
 */
export async function trackSubscription(
  ports: MetricsPorts,
  projectId: string,
  workspaceId: string,
  snapshot: SubscriptionSnapshot,
  opts: { dryRun?: boolean } = {},
): Promise<{ before: Membership | undefined; after: Membership } | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const previous = await ports.store.getMembership(projectId, workspaceId);
    if (previous && previous.subscription_id === snapshot.subscription_id && previous.version > snapshot.version)
      return null;
    const next = await membershipOf(ports, projectId, snapshot, previous);
    if (previous && sameMembership(previous, next)) return null;
    if (opts.dryRun) return { before: previous, after: next };
    if (await ports.store.applyMembership(membershipChange(projectId, workspaceId, previous, next, ports.clock())))
      return { before: previous, after: next };
  }
  throw new Error(`metrics of workspace ${workspaceId} kept moving during ${MAX_ATTEMPTS} attempts`);
}
