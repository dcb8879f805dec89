import { AppError, ServiceUnavailableError } from '#shared/errors';
import { AWS_CLIENT } from '#shared/time-budgets';

/** Node and undici codes of a connection that failed or broke: the dependency is not there. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ECONNABORTED: 'connection aborted',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection reset',
  UND_ERR_CONNECT_TIMEOUT: 'no answer in time',
};

/** AWS errors that mean "busy or broken on AWS's side, try again", whatever the HTTP status. */
const RETRYABLE_AWS_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

type ErrorLike = {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
};

/**
 * Why a call failed, in words fit for a client or a health report (no addresses, no stack), when
 * the failure is an outage of the dependency rather than something about the request. Anything
 * else (a failed condition, a validation error, a missing table) is `undefined`.
 */
export function outageReason(e: unknown): string | undefined {
  if (!e || typeof e !== 'object') return undefined;
  // Already translated by an adapter: the reason is in what it translated.
  if (e instanceof AppError) return e.cause ? outageReason(e.cause) : undefined;
  const err = e as ErrorLike;
  const code = err.code ?? (err.cause as ErrorLike | undefined)?.code;
  if (code && NETWORK_CODES[code]) return NETWORK_CODES[code];
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  if (err.name && RETRYABLE_AWS_ERRORS.has(err.name))
    return err.name.startsWith('Internal') || err.name.startsWith('ServiceUnavailable')
      ? 'internal error on its side'
      : 'throttled';
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return `HTTP ${status} from the service`;
  return undefined;
}

/** An outage becomes a 503 with Retry-After naming the dependency; anything else passes through. */
export function asUnavailable(service: string, e: unknown): unknown {
  if (e instanceof AppError) return e;
  const reason = outageReason(e);
  if (!reason) return e;
  return Object.assign(new ServiceUnavailableError(`${service} is unavailable (${reason}); retry later`), { cause: e });
}

interface StackOwner {
  middlewareStack: {
    add(
      mw: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      opts: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/**
 * Translates outages at the adapter boundary, once for every command a client sends. The
 * initialize step wraps the SDK's own retries, so only the final failure is translated.
 */
export function reportOutagesAs<C>(client: C, service: string): C {
  (client as unknown as StackOwner).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (e) {
        throw asUnavailable(service, e);
      }
    },
    { step: 'initialize', name: 'tollgateOutages', override: true },
  );
  return client;
}

/**
 * Connection and request timeouts for the AWS SDK's Node handler: a hung dependency fails an
 * attempt after `requestTimeoutMs` instead of never; the SDK retries, then the adapter reports it.
 */
export const awsRequestHandler = () => ({
  connectionTimeout: AWS_CLIENT.connectionTimeoutMs,
  requestTimeout: AWS_CLIENT.requestTimeoutMs,
  throwOnRequestTimeout: true,
  // A response that stalls after its headers would not be covered by the request timeout.
  socketTimeout: AWS_CLIENT.requestTimeoutMs,
});
