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
  /**
   * Who the stack's alarm topic notifies: e-mail addresses (each confirms the subscription from
   * the mail SNS sends) and HTTPS endpoints (a pager or chat webhook). Empty lists still create
   * the topic, so a subscription can be added later without touching the alarms.
   */
  alarmEmails: string[];
  alarmUrls: string[];
  /** An existing SNS topic (e.g. the on-call topic) that every alarm notifies as well. */
  alarmTopicArn?: string;
  /**
   * Reserved concurrency of the webhook receivers and of each queue consumer (also the event
   * source mapping's maximum concurrency): a flood of webhooks or usage events waits in the
   * providers' retries and the queues instead of taking every execution slot of the account and
   * every write of the table. Off (`-c reserveConcurrency=false`) for accounts whose concurrency
   * quota is too small to reserve from (Lambda keeps 100 unreserved).
   */
  reserveConcurrency: boolean;
  webhookConcurrency: number;
  consumerConcurrency: number;
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
  if (!allowed.includes(days))
    throw new Error(`Context "logRetentionDays" must be one of ${allowed.join(', ')}, got ${days}`);
  return days as RetentionDays;
}

function list(node: Node, key: string, check: (v: string) => boolean, what: string): string[] {
  const raw = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return [];
  const items = (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((v) => v.trim()).filter(Boolean);
  for (const v of items)
    if (!check(v)) throw new Error(`Context "${key}" must be a comma-separated list of ${what}, got "${v}"`);
  return items;
}

function bool(node: Node, key: string, fallback: boolean): boolean {
  const raw = node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new Error(`Context "${key}" must be true or false, got ${JSON.stringify(raw)}`);
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const HTTPS_URL = (v: string) => {
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
};

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
    alarmEmails: list(node, 'alarmEmail', (v) => EMAIL.test(v), 'e-mail addresses'),
    alarmUrls: list(node, 'alarmUrl', HTTPS_URL, 'https:// URLs'),
    alarmTopicArn: str(node, 'alarmTopicArn', '') || undefined,
    reserveConcurrency: bool(node, 'reserveConcurrency', true),
    webhookConcurrency: int(node, 'webhookConcurrency', 10, 1, 1000),
    // The event source mapping's maximum concurrency is at least 2.
    consumerConcurrency: int(node, 'consumerConcurrency', 10, 2, 1000),
  };
}
