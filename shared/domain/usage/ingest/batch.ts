import { metersOfProjects } from '#shared/domain/metering/meters';
import type { UsagePorts } from '#shared/domain/usage/ports';
import { commitBatch } from './commit';
import { groupByWindow, packTransactions } from './groups';
import { emitBatchThresholds, sendToMeter } from './meter';
import {
  type BatchTally,
  collapseBatch,
  type IngestMessage,
  type IngestStats,
  loadBatch,
  type SnapshotPredictions,
  snapshotPredictions,
  splitFresh,
} from './plan';

export interface IngestResult {
  failed: string[];
  poison: { messageId: string; reason: string }[];
  stats: IngestStats;
}

const containerPredictions = snapshotPredictions();

/**
 * Counts a batch of usage events exactly once per (workspace, meter, idempotency key), in three
 * phases:
 *
 * 1. plan (plan.ts): validate against each project's meters and the clock (failures are poison),
 *    collapse copies inside the batch, read the workspaces, dedupe records and counters in ONE BatchGet,
 *    drop what was counted before, group the rest by (workspace, meter, billing window) and pack
 *    the groups into transactions of up to 100 actions;
 * 2. commit (commit.ts): each transaction's dedupe records and counter updates, all or nothing;
 * 3. meter (meter.ts): counted events, and duplicates still inside Stripe's dedupe window, to
 *    the Stripe meter; then the thresholds the new usage reached.
 *
 * Messages of a group or event that failed are returned for SQS to retry.
 */
export async function ingestUsageBatch(
  ports: UsagePorts,
  messages: IngestMessage[],
  opts: { predictions?: SnapshotPredictions } = {},
): Promise<IngestResult> {
  const predictions = opts.predictions ?? containerPredictions;
  const now = ports.clock();
  const tally: BatchTally = {
    failed: new Set(),
    poison: [],
    stats: { events: messages.length, counted: 0, duplicates: 0, transactions: 0, thresholds: 0 },
  };

  const meters = await metersOfProjects(
    ports.catalogMeters,
    messages.map((m) => m.body),
  );
  const uniques = collapseBatch(messages, now, tally, meters);
  if (!uniques.size) return { failed: [], poison: tally.poison, stats: tally.stats };
  const batch = await loadBatch(ports, uniques, predictions, now);
  const { fresh, prior } = splitFresh(uniques, batch, tally);
  const waves = packTransactions(groupByWindow(fresh, (wsKey) => batch.states.get(wsKey)!.snapshot));

  const { committed, deltas } = await commitBatch(ports, waves, batch.refs, prior, now, tally);

  await sendToMeter(ports, uniques, batch, committed, prior, now, tally);
  await emitBatchThresholds(ports, uniques, batch, deltas, now, tally);

  return {
    failed: [...tally.failed],
    poison: tally.poison.filter((p) => !tally.failed.has(p.messageId)),
    stats: tally.stats,
  };
}
