import { retryAfterSeconds } from './errors';

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries: number;
  /** A wait longer than this (a long Retry-After) is not waited: the answer is returned. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Limits of a business rule answer 429 too; waiting does not lift them, so they are not retried. */
const NOT_TRANSIENT = new Set(['usage_limit_exceeded']);

async function isTransient(res: Response): Promise<boolean> {
  if (res.status === 503) return true;
  if (res.status !== 429) return false;
  const body = (await res
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return !NOT_TRANSIENT.has(body?.error?.code ?? '');
}

/**
 * A fetch that tries again on 503 (a dependency was unavailable) and on 429 (rate limited),
 * waiting what `Retry-After` says or, without it, 0.5 s doubling with jitter. A mutation is only
 * retried with an Idempotency-Key (the client adds one to every mutation unless told not to), so
 * a retry can never do the work twice.
 */
export function retryingFetch(base: (input: Request) => Promise<Response>, opts: RetryOptions) {
  return async (input: Request): Promise<Response> => {
    const safe = ['GET', 'HEAD', 'OPTIONS'].includes(input.method) || input.headers.has('idempotency-key');
    const original = safe ? input.clone() : input;
    for (let attempt = 0; ; attempt++) {
      const res = await base(attempt === 0 ? input : original.clone());
      if (!safe || attempt >= opts.maxRetries || !(await isTransient(res))) return res;
      const after = retryAfterSeconds(res.headers.get('retry-after'));
      const delay =
        after !== undefined ? after * 1000 : Math.min(8_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      if (delay > opts.maxDelayMs) return res;
      await res.body?.cancel().catch(() => undefined);
      await opts.sleep(delay);
    }
  };
}
