import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  type AddressPolicy,
  addressReason,
  hostOf,
  isIpv4,
  isIpv6,
  urlProblem,
} from '#shared/domain/outbound/address-policy';
import type { OutboundRequest, SendOutcome, WebhookSender } from '#shared/domain/outbound/ports';

export interface SenderOptions {
  policy: AddressPolicy;
  /** The whole attempt: resolving, connecting, sending and reading the answer. */
  timeoutMs: number;
  /** Bytes of the answer read at most; the rest is not waited for. */
  maxResponseBytes: number;
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
}

const deadline = (ms: number, message: string) =>
  new Promise<never>((_, reject) => {
    setTimeout(() => reject(new Error(message)), ms).unref();
  });

const defaultResolve = (host: string) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Sends webhook requests to registered URLs without letting them reach inside the network: the
 * URL is checked again, every address its host resolves to is checked (one forbidden address
 * refuses the delivery), and the connection goes to the checked address (the socket's lookup is
 * pinned to it, so a second resolution cannot swap in another). Redirects are not followed. The
 * attempt is bounded in time and in how much of the answer is read. Connections are kept alive
 * per container, so a busy endpoint costs one TLS handshake, not one per delivery.
 */
export function httpWebhookSender(opts: SenderOptions): WebhookSender {
  const resolve = opts.resolve ?? defaultResolve;
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 32 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 32 }),
  };
  return {
    async send(req: OutboundRequest): Promise<SendOutcome> {
      const t0 = performance.now();
      const fail = (error: string): SendOutcome => ({ kind: 'error', error, latencyMs: performance.now() - t0 });
      const problem = urlProblem(req.url, opts.policy);
      if (problem) return fail(`url ${problem}`);
      const url = new URL(req.url);
      const host = hostOf(url);
      let addresses: { address: string; family: number }[];
      try {
        addresses = isIpv4(host)
          ? [{ address: host, family: 4 }]
          : isIpv6(host)
            ? [{ address: host, family: 6 }]
            : await Promise.race([
                resolve(host),
                deadline(opts.timeoutMs, `no DNS answer within ${opts.timeoutMs} ms`),
              ]);
      } catch (e) {
        return fail(`could not resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      if (!addresses.length) return fail(`${host} resolves to no address`);
      for (const a of addresses) {
        const why = addressReason(a.address, opts.policy);
        if (why) return fail(`${host} resolves to ${a.address}, a ${why} address: not delivered`);
      }
      const target = addresses[0];
      const pinned: LookupFunction = (_hostname, options, callback) => {
        if ((options as { all?: boolean }).all)
          (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
        else callback(null, target.address, target.family);
      };
      const https = url.protocol === 'https:';
      return new Promise<SendOutcome>((resolveOutcome) => {
        let settled = false;
        const done = (o: SendOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolveOutcome(o);
        };
        const r = (https ? httpsRequest : httpRequest)(
          url,
          {
            method: 'POST',
            headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
            lookup: pinned,
            agent: https ? agents.https : agents.http,
            ...(https ? { servername: isIpv4(host) || isIpv6(host) ? undefined : host } : {}),
          },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const finish = () =>
              done({
                kind: 'response',
                status: res.statusCode ?? 0,
                latencyMs: performance.now() - t0,
                body: Buffer.concat(chunks).toString('utf8'),
              });
            res.on('data', (c: Buffer) => {
              if (size >= opts.maxResponseBytes) return;
              chunks.push(c.subarray(0, opts.maxResponseBytes - size));
              size += c.length;
              // Enough read: the status is what counts; the connection is not kept for the rest.
              if (size >= opts.maxResponseBytes) {
                finish();
                res.destroy();
              }
            });
            res.on('end', finish);
            res.on('error', () => finish());
          },
        );
        const timer = setTimeout(
          () => {
            r.destroy();
            done({ kind: 'error', error: `no answer within ${opts.timeoutMs} ms`, latencyMs: performance.now() - t0 });
          },
          Math.max(1, opts.timeoutMs - (performance.now() - t0)),
        );
        r.on('error', (e: NodeJS.ErrnoException) =>
          done({ kind: 'error', error: `${e.code ?? 'error'}: ${e.message}`, latencyMs: performance.now() - t0 }),
        );
        r.end(req.body);
      });
    },
  };
}
