import Razorpay from 'razorpay';

export interface RazorpayClientOptions {
  keyId: string;
  keySecret: string;
  /** A Razorpay-compatible origin such as the local emulator; the SDK itself always targets api.razorpay.com. */
  baseUrl?: string;
  /** Razorpay answers in well under a second; without a timeout a hung socket would hold a Lambda until it dies. */
  timeoutMs?: number;
}

/**
 * The SDK keeps its axios instance at `api.rq` but its typings do not declare it, so this is the
 * one place that reaches past them. Checked at construction: an SDK upgrade that moves it must
 * fail loudly here rather than silently send local traffic to the real Razorpay.
 */
interface AxiosLike {
  defaults: { baseURL?: string; timeout?: number };
  interceptors: { response: { use(onOk: undefined, onError: (err: unknown) => unknown): number } };
}

function axiosOf(client: Razorpay): AxiosLike {
  const rq = (client.api as unknown as { rq?: AxiosLike }).rq;
  if (!rq?.defaults || !rq.interceptors) {
    throw new Error(
      'razorpay SDK layout changed: api.rq (its axios instance) is missing; cannot point it at a base URL',
    );
  }
  return rq;
}

/**
 * The official SDK, pointed at Razorpay or at a Razorpay-compatible base URL.
 *
 * The SDK's error normaliser reads `err.response.status` unconditionally, so a refused connection
 * or a timeout reaches the caller as an anonymous TypeError. The interceptor gives such failures a
 * synthetic status 0 response first, which the normaliser turns into `{ statusCode: 0, error }`
 * and the adapter recognises as "Razorpay unreachable" with the original cause kept.
 */
export function createRazorpayClient(opts: RazorpayClientOptions): Razorpay {
  const client = new Razorpay({ key_id: opts.keyId, key_secret: opts.keySecret });
  const rq = axiosOf(client);
  if (opts.baseUrl) {
    const base = new URL(opts.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new Error(`Razorpay base URL must be http(s): ${opts.baseUrl}`);
    // Entity paths start with "/v1/…"; a trailing slash here would make axios request "//v1/…".
    rq.defaults.baseURL = base.toString().replace(/\/+$/, '');
  }
  rq.defaults.timeout = opts.timeoutMs ?? 10_000;
  rq.interceptors.response.use(undefined, (err: unknown) => {
    const e = err as { response?: unknown; code?: string; message?: string };
    if (e && typeof e === 'object' && !e.response) {
      const cause = e.code ?? e.message ?? 'network error';
      (e as { response: unknown }).response = {
        status: 0,
        data: { error: { code: 'NETWORK_ERROR', description: `unreachable: ${cause}` } },
      };
    }
    return Promise.reject(err);
  });
  return client;
}

/** Where a client sends its requests; for diagnostics and tests. */
export function razorpayBaseUrl(client: Razorpay): string | undefined {
  return axiosOf(client).defaults.baseURL;
}
