/**
 * Verifying Tollgate's outbound webhooks: `Tollgate-Signature: t=<unix seconds>,v1=<hex>` where
 * each `v1` is HMAC-SHA256 of `<t>.<raw body>` with one of the endpoint's secrets (two during a
 * secret rotation). Web Crypto only, so it runs in Node 20+, browsers, Deno and edge runtimes.
 * Pass the raw body exactly as received: re-serialised JSON does not verify.
 */
export interface TollgateEvent<D = Record<string, unknown>> {
  /** Stable per event: a delivery retried or sent twice carries the same id; dedupe by it. */
  id: string;
  type: string;
  project_id: string;
  workspace_id: string;
  occurred_at: string;
  data: D;
}

export interface VerifyOptions {
  /** How old a signature may be (default 300 s): a replayed old delivery is refused. */
  toleranceSeconds?: number;
  /** Seconds since the epoch (tests). */
  now?: () => number;
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

const encoder = new TextEncoder();

async function hmacHex(secret: string, payload: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, payload));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares in time independent of where the strings differ. */
function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function parseHeader(header: string): { t: number; v1: string[] } | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.split('=', 2).map((x) => x?.trim());
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) v1.push(v);
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

const bytesOf = (body: string | Uint8Array) => (typeof body === 'string' ? encoder.encode(body) : body);

/** Why a delivery does not verify, or undefined when it does. */
async function problem(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string | readonly string[],
  opts: VerifyOptions,
): Promise<string | undefined> {
  if (!header) return 'no Tollgate-Signature header';
  const parsed = parseHeader(header);
  if (!parsed) return 'malformed Tollgate-Signature header';
  const now = opts.now ? opts.now() : Math.floor(Date.now() / 1000);
  if (Math.abs(now - parsed.t) > (opts.toleranceSeconds ?? 300)) return 'signature timestamp outside the tolerance';
  const raw = bytesOf(body);
  const payload = new Uint8Array(encoder.encode(`${parsed.t}.`).length + raw.length);
  payload.set(encoder.encode(`${parsed.t}.`));
  payload.set(raw, encoder.encode(`${parsed.t}.`).length);
  for (const s of typeof secret === 'string' ? [secret] : secret) {
    const expected = await hmacHex(s, payload);
    if (parsed.v1.some((v) => equalHex(v, expected))) return undefined;
  }
  return 'no signature matches the secret';
}

/** Whether `body` was signed by Tollgate with `secret` (or any of several) within the tolerance. */
export async function verifyWebhook(
  body: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secret: string | readonly string[],
  opts: VerifyOptions = {},
): Promise<boolean> {
  return (await problem(body, signatureHeader, secret, opts)) === undefined;
}

/** The verified event; a delivery that does not verify throws WebhookSignatureError. */
export async function parseWebhook<D = Record<string, unknown>>(
  body: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secret: string | readonly string[],
  opts: VerifyOptions = {},
): Promise<TollgateEvent<D>> {
  const why = await problem(body, signatureHeader, secret, opts);
  if (why) throw new WebhookSignatureError(why);
  return JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body)) as TollgateEvent<D>;
}
