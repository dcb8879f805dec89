import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

export interface ReceiverOptions {
  /** Answers 500 to the first N requests carrying each event id. */
  failFirst?: number;
  /** Waits this long before answering (a slow endpoint). */
  delayMs?: number;
  /** A status to answer instead of 200. */
  status?: number;
  /** Body to answer with. */
  reply?: string;
}

/**
 * A webhook receiver as an app would run one: it records every request (headers, raw body) and
 * can fail the first attempts of each event, answer slowly, or answer big. `maxInFlight` is the
 * most requests it ever held at once.
 */
export async function startReceiver(opts: ReceiverOptions = {}) {
  const received: Received[] = [];
  const tries = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const id = String(req.headers['tollgate-event-id'] ?? '');
      const n = (tries.get(id) ?? 0) + 1;
      tries.set(id, n);
      const status = n <= (opts.failFirst ?? 0) ? 500 : (opts.status ?? 200);
      setTimeout(() => {
        inFlight--;
        received.push({ path: req.url ?? '', headers: req.headers, body, status, at: Date.now() });
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(opts.reply ?? (status === 200 ? 'ok' : 'try again'));
      }, opts.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Successful requests, one per event id (the receiver's dedupe). */
    delivered: () => [
      ...new Map(
        received.filter((r) => r.status === 200).map((r) => [String(r.headers['tollgate-event-id']), r]),
      ).values(),
    ],
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
