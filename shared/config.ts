import * as z from 'zod';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from './time-budgets';

/**
 * The only module that reads `process.env`. Parsed once per container; everything else receives
 * plain values. Deployed functions get resource names from CDK and secrets as parameter names,
 * never as plain values; the local stack may pass secret values directly.
 */
const optionalUrl = z.string().url().optional();

const ConfigSchema = z.object({
  STAGE: z.string().default('local'),
  AWS_REGION: z.string().default('us-east-1'),
  TABLE_NAME: z.string().default('tollgate'),
  DYNAMODB_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,
  USAGE_QUEUE_URL: z.string().default(''),
  STRIPE_QUEUE_URL: z.string().default(''),
  PAYMENT_QUEUE_URL: z.string().default(''),
  USAGE_DLQ_URL: z.string().default(''),
  STRIPE_DLQ_URL: z.string().default(''),
  PAYMENT_DLQ_URL: z.string().default(''),
  /** Outbound webhooks: the webhook-deliveries queue; unset, events are not delivered to endpoints. */
  OUTBOUND_QUEUE_URL: z.string().default(''),
  OUTBOUND_DLQ_URL: z.string().default(''),
  /** First retry of a failed delivery after this long, doubling per attempt (capped at 12 h). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Retries stop this long after the first attempt (3 days); the delivery is then failed. */
  WEBHOOK_RETRY_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(14 * 86_400)
    .default(3 * 86_400),
  /** One delivery attempt, from resolving the host to the end of the answer. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  /** Attempts in flight to one endpoint at most, across every consumer. */
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  /** The live stream: connection length, heartbeat interval and how often it looks for new events. */
  STREAM_MAX_SECONDS: z.coerce.number().int().min(1).max(880).default(300),
  STREAM_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  STREAM_POLL_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  EVENT_BUS_NAME: z.string().default(''),
  STRIPE_API_BASE: optionalUrl,
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_SECRET_PARAM: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_WEBHOOK_SECRET_PARAM: z.string().optional(),
  RAZORPAY_API_BASE: optionalUrl,
  RAZORPAY_KEY_ID: z.string().optional(),
  RAZORPAY_KEY_SECRET: z.string().optional(),
  RAZORPAY_KEY_SECRET_PARAM: z.string().optional(),
  RAZORPAY_WEBHOOK_SECRET: z.string().optional(),
  RAZORPAY_WEBHOOK_SECRET_PARAM: z.string().optional(),
  /** Key material for pagination cursors; deployed functions get the parameter name instead. */
  CURSOR_SECRET: z.string().min(16).optional(),
  CURSOR_SECRET_PARAM: z.string().optional(),
  PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** How long a secret read from SSM is used before it is read again (rotation without redeploy). */
  SECRETS_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** SSM endpoint override (tests); AWS's own endpoint otherwise. */
  SSM_ENDPOINT: optionalUrl,
  /** Set by the stack on every function: the Stripe client and the AWS clients size their waits from it. */
  FUNCTION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(900).default(HTTP_FUNCTION_TIMEOUT_SECONDS),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  POWERTOOLS_SERVICE_NAME: z.string().default('tollgate'),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = ConfigSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Invalid configuration: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests and the local stack set the environment first, then drop the parsed copy. */
export function reloadConfig(): Config {
  cached = undefined;
  return config();
}
