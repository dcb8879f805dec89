/**
 * The metric vocabulary, shared by the code that emits it and the alarms in lib/ that watch it,
 * so a renamed metric cannot leave an alarm watching nothing. Plain constants: the CDK app
 * imports this file without loading the logger or the configuration.
 */
export const METRICS_NAMESPACE = 'Tollgate';
export const SERVICE_NAME = 'tollgate';

export const METRIC = {
  /** Every HTTP request (API routes and webhook receivers), whatever its answer. */
  requests: 'requests',
  requestLatency: 'request_latency',
  /** Answers of 500 and above. */
  errors: 'errors',
  /** Answers in the 4xx range. */
  rejections: 'rejections',
  /** A webhook whose signature is missing, stale or wrong: a rotated secret or someone probing. */
  webhookSignatureFailures: 'webhook_signature_failures',
  messages: 'messages',
  messageFailures: 'message_failures',
  batchLatency: 'batch_latency',
  jobLatency: 'job_latency',
  /** A drift run that stopped on an error (not one cut short by its time budget). */
  driftRunFailures: 'drift_run_failures',
  /** Powertools' own name for the cold-start metric. */
  coldStart: 'ColdStart',
} as const;

/**
 * The dimensions of every application metric: Powertools adds `service`, and `stage` keeps
 * two stages deployed in one account apart.
 */
export function metricDimensions(stage: string): { service: string; stage: string } {
  return { service: SERVICE_NAME, stage };
}
