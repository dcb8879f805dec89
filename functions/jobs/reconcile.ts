import type { Context } from 'aws-lambda';
import { ReconcileInvoke } from '#shared/domain/payments/contracts';
import { recordManualPayment } from '#shared/domain/payments/manual';
import { runDrift } from '#shared/domain/reconciliation/drift';
import { toRunDto } from '#shared/domain/reconciliation/report';
import { isScheduledEvent } from '#shared/domain/reconciliation/schedule';
import { AppError } from '#shared/errors';
import { jobHandler } from '#shared/observability/invocation';
import { driftPorts } from '#shared/wiring/reconciliation';

/** Stop with time to store the report before Lambda's own timeout. */
const deadlineOf = (context?: Context) =>
  context?.getRemainingTimeInMillis ? Date.now() + context.getRemainingTimeInMillis() - 15_000 : undefined;

/** A scheduled run that failed: thrown so Lambda records an error (metrics, alarms, retries). */
export class DriftRunFailedError extends Error {
  constructor(readonly run: ReturnType<typeof toRunDto>) {
    super(
      `Drift run ${run.run_id} failed: ${run.error ?? 'unknown error'} (report: GET /api/v1/admin/reconciliation/runs/${run.run_id})`,
    );
    this.name = 'DriftRunFailedError';
  }
}

/**
 * The reconcile function: the hourly EventBridge schedule (a drift run over every project) and
 * direct invokes by finance (docs/reconcile-invoke.schema.json). A scheduled run that fails
 * throws, so the failure shows as a function error (and EventBridge retries it); for a direct
 * invoke, refusals and failed runs are answered in the result, so `aws lambda invoke` shows
 * them instead of a bare FunctionError.
 */
async function reconcile(event: unknown, context?: Context) {
  const ports = driftPorts();
  if (isScheduledEvent(event)) {
    const run = await runDrift(ports, { trigger: 'schedule', deadline: deadlineOf(context) });
    if (run.status === 'failed') throw new DriftRunFailedError(toRunDto(run));
    return { ok: true, run: toRunDto(run) };
  }
  const parsed = ReconcileInvoke.safeParse(event);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
    return {
      ok: false,
      error: {
        code: 'validation_failed',
        message: 'The payload is not a reconcile invoke (see docs/reconcile-invoke.schema.json)',
        details,
      },
    };
  }
  const input = parsed.data;
  if (input.action === 'drift') {
    const run = await runDrift(ports, {
      trigger: 'invoke',
      projectId: input.project_id,
      dryRun: input.dry_run,
      deadline: deadlineOf(context),
    });
    return { ok: run.status !== 'failed', run: toRunDto(run) };
  }
  const { action: _action, ...payment } = input;
  try {
    const { result, replayed } = await recordManualPayment(ports, payment, { origin: 'invoke' });
    return { ok: true, replayed, payment: result };
  } catch (e) {
    if (!(e instanceof AppError) || e.statusCode >= 500) throw e;
    return {
      ok: false,
      error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) },
    };
  }
}

export const handler = jobHandler('reconcile', reconcile);
