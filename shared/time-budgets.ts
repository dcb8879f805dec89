/**
 * How long each piece may wait, derived from the function timeouts in this one module. The CDK
 * stack sets function timeouts from here (and hands each function its own as
 * FUNCTION_TIMEOUT_SECONDS); the runtime sizes its Stripe client, AWS SDK clients and
 * Idempotency-Key leases from the same numbers. The rule: whatever waits on a dependency gives up
 * before Lambda kills the function, so the caller gets a 503 with Retry-After instead of a
 * timeout, and a request that was killed anyway can be retried once its lease ends.
 */

/** HTTP functions without a route-specific timeout (API Gateway gives up at 30 s). */
export const HTTP_FUNCTION_TIMEOUT_SECONDS = 10;

/** Time kept free at the end of a function for answering, logging and releasing records. */
export const ANSWER_MARGIN_MS = 1_000;

/**
 * The timeout of the function that serves these routes: the longest any of them asks for. Routes
 * that share a handler file share a function, so they share this number too.
 */
export function functionTimeoutSeconds(routes: readonly { timeoutSeconds?: number }[]): number {
  return Math.max(
    HTTP_FUNCTION_TIMEOUT_SECONDS,
    ...routes.map((r) => r.timeoutSeconds ?? HTTP_FUNCTION_TIMEOUT_SECONDS),
  );
}

/**
 * How long an Idempotency-Key stays "in progress" without an answer. A little longer than the
 * function may run: by then the attempt has answered or Lambda has killed it, so a retry with
 * the same key is processed instead of being told "in progress" for the record's lifetime.
 */
export function idempotencyLeaseSeconds(fnTimeoutSeconds: number): number {
  return fnTimeoutSeconds + 5;
}

/**
 * DynamoDB and SQS clients. `requestTimeoutMs` covers connecting and waiting for the response
 * headers of one attempt; the SDK retries timeouts and connection errors, so one call waits at
 * most `awsCallBudgetMs()` before the adapter reports the service unavailable.
 */
export const AWS_CLIENT = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_500,
  maxAttempts: 3,
  /** Upper bound of the SDK's standard backoff between attempts (jittered 100 ms · 2^n). */
  backoffMs: (retries: number) =>
    Array.from({ length: retries }, (_, i) => 100 * 2 ** (i + 1)).reduce((a, b) => a + b, 0),
} as const;

export const awsCallBudgetMs = (): number =>
  AWS_CLIENT.maxAttempts * AWS_CLIENT.requestTimeoutMs + AWS_CLIENT.backoffMs(AWS_CLIENT.maxAttempts - 1);

/** Each dependency check of /health and /ready gives up after this long. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

/** What a 503 for an unreachable dependency asks the client to wait. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** stripe-node's backoff: 0.5 s doubling, capped at 5 s, jittered down to half but never below 0.5 s. */
const stripeBackoffMs = (retries: number) =>
  Array.from({ length: retries }, (_, i) => Math.min(500 * 2 ** i, 5_000)).reduce((a, b) => a + b, 0);

export interface StripeBudget {
  timeoutMs: number;
  maxNetworkRetries: number;
  /** timeout × (retries + 1) plus the longest backoff: what one Stripe call can take. */
  totalMs: number;
}

/**
 * The Stripe client of a function with this timeout: every attempt and backoff of one call fits
 * inside the function, less the answer margin. Short functions retry once; longer ones twice.
 * A single attempt never waits more than 30 s.
 */
export function stripeBudget(fnTimeoutSeconds: number): StripeBudget {
  const maxNetworkRetries = fnTimeoutSeconds >= 30 ? 2 : 1;
  const available = fnTimeoutSeconds * 1000 - ANSWER_MARGIN_MS - stripeBackoffMs(maxNetworkRetries);
  const timeoutMs = Math.min(30_000, Math.floor(available / (maxNetworkRetries + 1)));
  if (timeoutMs < 1_000) throw new Error(`A ${fnTimeoutSeconds} s function leaves no time for a Stripe call`);
  return {
    timeoutMs,
    maxNetworkRetries,
    totalMs: timeoutMs * (maxNetworkRetries + 1) + stripeBackoffMs(maxNetworkRetries),
  };
}
