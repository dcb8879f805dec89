/**
 * When a failed delivery is tried again: exponential backoff from `baseSeconds`, doubling per
 * attempt and capped at `capSeconds`, with up to 10% jitter so a recovering endpoint is not hit
 * by every retry at once. Retries stop once the next one would fall after `windowSeconds` from
 * the start of the retry window (3 days by default, as Stripe does); the delivery is then failed.
 */
export interface RetryPolicy {
  baseSeconds: number;
  capSeconds: number;
  windowSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseSeconds: 30, capSeconds: 12 * 3600, windowSeconds: 3 * 86_400 };

/** The wait after attempt number `attempts` failed (1 after the first attempt). */
export function retryDelaySeconds(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const raw = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(raw * (1 - 0.1 * random())));
}

/** The next attempt's time, or undefined when the retry window is spent. */
export function nextAttemptAt(
  attempts: number,
  windowStart: Date,
  now: Date,
  policy: RetryPolicy,
  random?: () => number,
): Date | undefined {
  const next = new Date(now.getTime() + retryDelaySeconds(attempts, policy, random) * 1000);
  return next.getTime() > windowStart.getTime() + policy.windowSeconds * 1000 ? undefined : next;
}
