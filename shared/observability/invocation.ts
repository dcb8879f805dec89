import type { Context } from 'aws-lambda';
import { logger, METRIC, MetricUnit, metrics } from './index';

export interface InvocationOutcome<T> {
  result?: T;
  error?: unknown;
  latencyMs: number;
}

/**
 * Runs one Lambda invocation with what every handler needs around it: the Lambda context on
 * each log line, a `ColdStart` metric on the container's first invocation, a summary (the
 * caller's structured log line and metrics) and the stored metrics written as one EMF record
 * before the invocation ends, whether it returned or threw. Without the flush Powertools keeps
 * metrics until 100 values pile up, so most invocations would leave no record at all.
 */
export async function observeInvocation<T>(
  context: Context | undefined,
  run: () => Promise<T>,
  summarize: (outcome: InvocationOutcome<T>) => void,
): Promise<T> {
  if (context?.functionName) logger.addContext(context);
  metrics.captureColdStartMetric(context?.functionName);
  const started = performance.now();
  let outcome: InvocationOutcome<T> | undefined;
  try {
    const result = await run();
    outcome = { result, latencyMs: performance.now() - started };
    return result;
  } catch (error) {
    outcome = { error, latencyMs: performance.now() - started };
    throw error;
  } finally {
    try {
      summarize({ ...outcome!, latencyMs: Math.round(outcome!.latencyMs * 100) / 100 });
    } finally {
      metrics.publishStoredMetrics();
    }
  }
}

/**
 * A scheduled or directly invoked function (no HTTP, no queue): one `job` log line and a
 * latency metric per invocation, a failure logged with its error before it propagates to Lambda.
 */
export function jobHandler<E, R>(job: string, fn: (event: E, context?: Context) => Promise<R>) {
  return (event: E, context?: Context): Promise<R> =>
    observeInvocation(
      context,
      () => fn(event, context),
      ({ error, latencyMs }) => {
        metrics.addMetric(METRIC.jobLatency, MetricUnit.Milliseconds, latencyMs);
        if (error) logger.error('job failed', { job, latency_ms: latencyMs, error: error as Error });
        else logger.info('job', { job, latency_ms: latencyMs });
      },
    );
}
