import { trackSubscription } from '#shared/domain/metrics/subscriptions';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import type { DriftOptions } from './drift';
import type { DriftPorts } from './ports';
import type { RunLog } from './run-log';

/**
 * The project metrics against the table: a workspace's subscription must be counted as the
 * table has it (status, plan, MRR). A difference (a workspace synced before metrics were kept,
 * or a lost write) is fixed by moving its contribution, once, as the consumers do.
 */
export async function checkMetrics(
  ports: DriftPorts,
  log: RunLog,
  ref: WorkspaceRef,
  subscriptionId: string,
  opts: DriftOptions,
): Promise<void> {
  if (!ports.metrics) return;
  const snap = await ports.subscriptions.getSubscription(ref.projectId, ref.workspaceId);
  if (!snap || snap.subscription_id !== subscriptionId) return;
  const moved = await trackSubscription(ports.metrics, ref.projectId, ref.workspaceId, snap, { dryRun: opts.dryRun });
  if (!moved) return;
  const was = moved.before ? `${moved.before.status}/${moved.before.plan}` : 'nothing';
  log.drift(
    'metrics_subscription',
    subscriptionId,
    ref,
    `metrics counted ${was}; the table has ${moved.after.status}/${moved.after.plan}`,
    !opts.dryRun,
  );
}
