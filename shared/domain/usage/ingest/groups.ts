import {
  type Billing,
  type BillingPeriod,
  type Bounds,
  billingOf,
  billingWindow,
  counterSegment,
} from '#shared/domain/metering/windows';
import { MAX_EVENTS_PER_TRANSACTION, MAX_TRANSACTION_ACTIONS } from '#shared/domain/usage/ports';
import { SEP, type Unique } from './plan';

/* Phase 1's last, pure step: fresh events grouped per counter item and packed into transactions. */

/** Fresh events of one workspace and meter in one counter item (a billing window, or a segment of a long one): one update. */
export interface CountGroup {
  key: string;
  wsKey: string;
  meter: string;
  window: Bounds;
  items: Unique[];
}

/** Part of a group that fits one transaction; `chunk` orders the parts of an oversized group. */
export interface TxUnit extends CountGroup {
  chunk: number;
}

/** Groups fresh events by (workspace, meter, counter item). */
export function groupByWindow(fresh: Unique[], billingFor: (wsKey: string) => BillingPeriod | Billing): CountGroup[] {
  const groups = new Map<string, CountGroup>();
  for (const u of fresh) {
    const b = billingOf(billingFor(u.wsKey));
    const window = billingWindow(new Date(u.event.timestamp), b.billing_period, b.billing_span);
    const segment = counterSegment(window, u.event.timestamp);
    const key = [u.wsKey, u.event.meter, window.start, window.end, segment?.start ?? ''].join(SEP);
    (
      groups.get(key) ?? groups.set(key, { key, wsKey: u.wsKey, meter: u.event.meter, window, items: [] }).get(key)!
    ).items.push(u);
  }
  return [...groups.values()];
}

/**
 * Packs groups into transactions of at most `maxActions` actions (a group of k events takes
 * k + 1). Groups of different workspaces share a transaction: same write units, far fewer
 * requests. The chunks of one oversized group update the same counter item, so they go to
 * different transactions, one wave after another: run together they would only conflict and
 * retry. Returns waves of transactions of units.
 */
export function packTransactions(
  groups: CountGroup[],
  maxActions = MAX_TRANSACTION_ACTIONS,
  maxEvents = Math.min(MAX_EVENTS_PER_TRANSACTION, maxActions - 1),
): TxUnit[][][] {
  const units: TxUnit[] = [];
  for (const g of groups) {
    for (let i = 0; i < g.items.length; i += maxEvents)
      units.push({ ...g, items: g.items.slice(i, i + maxEvents), chunk: i / maxEvents });
  }
  const waves: TxUnit[][][] = [];
  for (const u of units) {
    const txs = (waves[u.chunk] ??= []);
    const fit = txs.find((t) => t.reduce((n, x) => n + x.items.length + 1, 0) + u.items.length + 1 <= maxActions);
    if (fit) fit.push(u);
    else txs.push([u]);
  }
  return waves;
}
