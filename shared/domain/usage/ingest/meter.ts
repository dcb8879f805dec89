import Big from 'big.js';
import { type CounterItem, deltaInView, viewUsage } from '#shared/domain/metering/counters';
import { meterEventIdentifier } from '#shared/domain/metering/meters';
import { billsUsageAt } from '#shared/domain/subscriptions/snapshot';
import type { DedupeRecord, MeterEventOut, UsagePorts } from '#shared/domain/usage/ports';
import { emitThresholds } from '#shared/domain/usage/thresholds';
import { logger } from '#shared/observability/index';
import { type CommitOutcome, pool } from './commit';
import type { BatchTally, LoadedBatch, Unique } from './plan';

/*
 * Phase 3 of a usage batch: what was counted goes to the Stripe meter, and the thresholds the
 * new usage reached are published.
 */

/**
 * Stripe keeps a meter event identifier for at least 24 hours. A duplicate delivered within that
 * time is sent again (Stripe drops it if it already has it, and sends it if the first delivery
 * died between counting and sending); after it, a resend could bill twice, so it is not sent.
 */
export const METER_RESEND_WINDOW_MS = 23 * 3600_000;
const CONCURRENCY = 16;

/** Sends what was counted now, and duplicates still inside Stripe's dedupe window, to the meter. */
export async function sendToMeter(
  ports: UsagePorts,
  uniques: Map<string, Unique>,
  batch: LoadedBatch,
  committed: Set<string>,
  prior: Map<string, DedupeRecord>,
  now: Date,
  tally: BatchTally,
): Promise<void> {
  const sends: { u: Unique; out: MeterEventOut }[] = [];
  for (const u of uniques.values()) {
    const s = batch.states.get(u.wsKey);
    const customerId = s?.state.profile.stripeCustomerId;
    if (!s || !customerId) continue;
    const rec = prior.get(u.id);
    const source = committed.has(u.id)
      ? u.event
      : rec && now.getTime() - Date.parse(rec.countedAt) < METER_RESEND_WINDOW_MS
        ? rec
        : undefined;
    // No subscription, one that ended, or usage from before it started: nothing would bill it, so
    // the event is counted, not metered.
    if (!source || !billsUsageAt(s.snapshot.subscription_status, s.snapshot.billing_span, source.timestamp)) continue;
    sends.push({
      u,
      out: {
        identifier: meterEventIdentifier(u.event.projectId, u.event.workspaceId, u.event.meter, u.event.idempotencyKey),
        eventName: ports.meterEventName ? await ports.meterEventName(u.event.projectId, u.event.meter) : u.event.meter,
        customerId,
        value: source.value,
        timestamp: Math.floor(Date.parse(source.timestamp) / 1000),
      },
    });
  }
  if (!sends.length) return;
  try {
    const outcomes = await ports.meters.send(sends.map((s) => s.out));
    outcomes.forEach((o, i) => {
      if (o.ok) return;
      for (const id of sends[i].u.messageIds) {
        if (o.permanent) tally.poison.push({ messageId: id, reason: `counted, but ${o.reason}` });
        else tally.failed.add(id);
      }
    });
  } catch (e) {
    logger.warn('meter events not sent; SQS will retry them', { error: e as Error });
    for (const s of sends) for (const id of s.u.messageIds) tally.failed.add(id);
  }
}

/**
 * Emits the thresholds the new usage reached, estimated from the usage read before the writes
 * plus what this batch added. That estimate is exact for one consumer at a time; when two
 * consumers cross a level together and neither sees the other's part, the meter's next batch
 * sees the level reached with its flag unset and emits it then (once: the flag decides).
 */
export async function emitBatchThresholds(
  ports: UsagePorts,
  uniques: Map<string, Unique>,
  batch: LoadedBatch,
  deltas: CommitOutcome['deltas'],
  now: Date,
  tally: BatchTally,
): Promise<void> {
  await pool(batch.limitCtxs, CONCURRENCY, async (c) => {
    const items = c.counterIds.map((id) => batch.loaded.counters.get(id)).filter((x): x is CounterItem => Boolean(x));
    let used = new Big(viewUsage(items, c.meter, c.limit.window, c.view));
    for (const d of deltas)
      if (d.wsKey === c.wsKey && d.delta.meter === c.meter)
        used = used.plus(deltaInView(d.delta, c.limit.window, c.view));
    try {
      const flags = batch.loaded.thresholds.get(c.thresholdId)?.flags ?? {};
      tally.stats.thresholds += (
        await emitThresholds(ports, c.ref, c.meter, c.limit, c.view, used.toFixed(), flags, now)
      ).length;
    } catch (e) {
      logger.warn('threshold not emitted; SQS will retry the events', { error: e as Error, meter: c.meter });
      for (const u of uniques.values())
        if (u.wsKey === c.wsKey && u.event.meter === c.meter) for (const id of u.messageIds) tally.failed.add(id);
    }
  });
}
