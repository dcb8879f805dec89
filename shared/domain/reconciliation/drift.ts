import { ulid } from 'ulid';
import { logger, METRIC, MetricUnit, metrics } from '#shared/observability/index';
import { checkRazorpayLinks } from './link-checks';
import { checkInvoices, checkRazorpayOrders, checkSettlements } from './payment-checks';
import type { DriftPorts } from './ports';
import { type CheckKind, newRun, type RunRecord, type RunTrigger } from './report';
import { OutOfTime, RunLog } from './run-log';
import { checkCustomers, checkSubscriptions } from './subscription-checks';
import { checkWebhooks } from './webhook-checks';

export type { DriftPorts } from './ports';
export { subscriptionDrift } from './subscription-checks';

export interface DriftProgress {
  phase: CheckKind;
  checked: number;
  found: number;
  fixed: number;
  /** True once the phase has gone through everything. */
  done: boolean;
}

export interface DriftOptions {
  trigger: RunTrigger;
  /** Only this project's workspaces; omitted: every project. */
  projectId?: string;
  /** Find and report, change nothing. */
  dryRun?: boolean;
  /** Epoch ms after which the run stops and reports itself `incomplete` (a Lambda's or API's time budget). */
  deadline?: number;
  /** Paid invoices older than this are not re-examined (the hourly schedule saw them already). */
  lookbackDays?: number;
  /** A settlement claimed less than this long ago may still be in flight; it is left alone. */
  settleGraceMs?: number;
  onProgress?: (p: DriftProgress) => void;
}

/**
 * Compares Stripe (and Razorpay) with the table, fixes what the source of truth settles, flags
 * what needs a human, and stores the run report. Each check is independent; the order puts the
 * cheap, table-driven ones (unfinished settlements, open orders and links) before the long Stripe scans,
 * so a run cut short by its time budget has done the money first.
 */
export async function runDrift(ports: DriftPorts, opts: DriftOptions): Promise<RunRecord> {
  const run = newRun(
    `run_${ulid()}`,
    opts.projectId ?? '*',
    opts.trigger,
    Boolean(opts.dryRun),
    ports.clock().toISOString(),
  );
  await ports.runs.putRun(run);
  const log = new RunLog(run, opts);
  try {
    await checkSettlements(ports, log, opts);
    await checkRazorpayOrders(ports, log, opts);
    await checkRazorpayLinks(ports, log, opts);
    await checkInvoices(ports, log, opts);
    await checkCustomers(ports, log, opts);
    await checkSubscriptions(ports, log, opts);
    await checkWebhooks(ports, log, opts);
    run.status = 'completed';
  } catch (e) {
    if (e instanceof OutOfTime) run.status = 'incomplete';
    else {
      run.status = 'failed';
      run.error = (e as Error).message.slice(0, 1000);
      logger.error('drift run failed', { run_id: run.run_id, error: e as Error });
      metrics.addMetric(METRIC.driftRunFailures, MetricUnit.Count, 1);
    }
  }
  run.finished_at = ports.clock().toISOString();
  await ports.runs.putRun(run);
  return run;
}
