import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Deploy-time settings. Every value can be overridden with `cdk synth -c key=value` (or in
 * cdk.json), so one stack definition serves every stage.
 */
export interface TollgateSettings {
  stage: string;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  logRetention: RetentionDays;
  pastDueGraceDays: number;
  /** Steady-state and burst request rates of the HTTP API's default stage. */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Razorpay's key id is public (it is sent to browsers by Checkout); only its secret is not. */
  razorpayKeyId: string;
  /**
   * Names of SSM SecureString parameters. Functions receive the names and read the values at
   * runtime, so no secret ever appears in the template or the function configuration.
   */
  parameters: {
    stripeSecretKey: string;
    stripeWebhookSecret: string;
    razorpayKeySecret: string;
    razorpayWebhookSecret: string;
    /** Key material for pagination cursors (any random string of 32+ characters). */
    cursorSecret: string;
  };
  /**
   * The KMS key that encrypts those parameters. Unset means the AWS-managed `aws/ssm` key,
   * whose id differs per account and region and so cannot be named here.
   */
  parameterKmsKeyArn?: string;
  /** SNS topic that DLQ alarms notify (e.g. the on-call topic); unset keeps them console-only. */
  alarmTopicArn?: string;
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;

function str(node: Node, key: string, fallback: string): string {
  const v = node.tryGetContext(key);
  return v === undefined || v === null || v === '' ? fallback : String(v);
}

function int(node: Node, key: string, fallback: number, min: number, max: number): number {
  const raw = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Context "${key}" must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function retention(node: Node): RetentionDays {
  const days = int(node, 'logRetentionDays', 30, 1, 3653);
  // CloudWatch accepts only its fixed list of retention periods.
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0);
  if (!allowed.includes(days)) throw new Error(`Context "logRetentionDays" must be one of ${allowed.join(', ')}, got ${days}`);
  return days as RetentionDays;
}

export function settingsFromContext(node: Node): TollgateSettings {
  const stage = str(node, 'stage', 'dev');
  // The stage ends up in queue, bus and parameter names, which accept only a narrow alphabet.
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(`Context "stage" must be lower-case letters, digits and dashes (max 20), got "${stage}"`);
  }
  const logLevel = str(node, 'logLevel', 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`Context "logLevel" must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const prefix = `/tollgate/${stage}`;
  const kms = str(node, 'parameterKmsKeyArn', '');
  return {
    stage,
    logLevel: logLevel as TollgateSettings['logLevel'],
    logRetention: retention(node),
    pastDueGraceDays: int(node, 'pastDueGraceDays', 7, 0, 60),
    apiRateLimit: int(node, 'apiRateLimit', 50, 1, 10_000),
    apiBurstLimit: int(node, 'apiBurstLimit', 100, 1, 5_000),
    razorpayKeyId: str(node, 'razorpayKeyId', ''),
    parameters: {
      stripeSecretKey: str(node, 'stripeSecretKeyParam', `${prefix}/stripe/secret-key`),
      stripeWebhookSecret: str(node, 'stripeWebhookSecretParam', `${prefix}/stripe/webhook-secret`),
      razorpayKeySecret: str(node, 'razorpayKeySecretParam', `${prefix}/razorpay/key-secret`),
      razorpayWebhookSecret: str(node, 'razorpayWebhookSecretParam', `${prefix}/razorpay/webhook-secret`),
      cursorSecret: str(node, 'cursorSecretParam', `${prefix}/cursor-secret`),
    },
    parameterKmsKeyArn: kms || undefined,
    alarmTopicArn: str(node, 'alarmTopicArn', '') || undefined,
  };
}
