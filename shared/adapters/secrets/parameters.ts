import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsRequestHandler, reportOutagesAs } from '#shared/adapters/outages';
import { config } from '#shared/config';
import { logger } from '#shared/observability/index';
import { AWS_CLIENT } from '#shared/time-budgets';

/** Where secrets come from: SSM Parameter Store in AWS. */
export interface ParameterSource {
  get(name: string): Promise<string>;
}

export function ssmParameterSource(opts: { region: string; endpoint?: string }): ParameterSource {
  const client = reportOutagesAs(
    new SSMClient({
      region: opts.region,
      maxAttempts: AWS_CLIENT.maxAttempts,
      requestHandler: awsRequestHandler(),
      ...(opts.endpoint
        ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    }),
    'SSM',
  );
  return {
    async get(name) {
      const r = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      const v = r.Parameter?.Value;
      if (!v) throw new Error(`Parameter ${name} is empty`);
      return v;
    },
  };
}

/** After a failed re-read, the last good value is kept and the read tried again this much later. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Secrets cached per container for `ttlMs`, then read again, so a rotated secret (a new webhook
 * signing secret, a rolled API key) is picked up without a redeploy. Concurrent reads share one
 * request. A failed re-read keeps serving the last good value (the old secret is still better
 * than none while SSM is unreachable) and retries a few seconds later; a first read that fails
 * is not cached.
 */
export function parameterCache(opts: { source: ParameterSource; ttlMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { value?: string; freshUntil: number; pending?: Promise<string> }>();
  return {
    read(name: string): Promise<string> {
      const entry = entries.get(name) ?? { freshUntil: 0 };
      entries.set(name, entry);
      if (entry.value !== undefined && now() < entry.freshUntil) return Promise.resolve(entry.value);
      entry.pending ??= opts.source
        .get(name)
        .then((value) => {
          entry.value = value;
          entry.freshUntil = now() + opts.ttlMs;
          return value;
        })
        .catch((e: unknown) => {
          if (entry.value === undefined) throw e;
          logger.warn('could not re-read a secret; using the cached value', { parameter: name, error: e as Error });
          entry.freshUntil = now() + Math.min(RETRY_AFTER_FAILURE_MS, opts.ttlMs);
          return entry.value;
        })
        .finally(() => (entry.pending = undefined));
      return entry.pending;
    },
  };
}

let cache: ReturnType<typeof parameterCache> | undefined;

/** Reads a SecureString through the container's cache (TTL: SECRETS_TTL_SECONDS). */
export function readParameter(name: string): Promise<string> {
  if (!cache) {
    const c = config();
    cache = parameterCache({
      source: ssmParameterSource({ region: c.AWS_REGION, endpoint: c.SSM_ENDPOINT }),
      ttlMs: c.SECRETS_TTL_SECONDS * 1000,
    });
  }
  return cache.read(name);
}

/** Drops the container's cache (tests that change the configuration). */
export function resetParameterCache(): void {
  cache = undefined;
}

/** A secret given directly (local stack, tests) wins; otherwise the deployed parameter is read. */
export async function secret(
  direct: string | undefined,
  parameterName: string | undefined,
  what: string,
): Promise<string> {
  if (direct) return direct;
  if (parameterName) return readParameter(parameterName);
  throw new Error(`${what} is not configured`);
}
