import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpWebhookSender } from '#shared/adapters/outbound/http-sender';

/**
 * The sender against real sockets: a receiver on loopback stands in for any endpoint, and a
 * stub resolver plays DNS (a public name that resolves to an inside address is the SSRF case).
 */
describe('the webhook sender', () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/hang') return; // never answers
      if (req.url === '/big') {
        res.writeHead(200);
        res.end('x'.repeat(1_000_000));
        return;
      }
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
        res.end();
        return;
      }
      res.writeHead(204);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const send = (
    url: string,
    opts: {
      allowLoopback?: boolean;
      resolve?: (h: string) => Promise<{ address: string; family: number }[]>;
      timeoutMs?: number;
    } = {},
  ) =>
    httpWebhookSender({
      policy: { allowLoopback: opts.allowLoopback ?? true },
      timeoutMs: opts.timeoutMs ?? 2000,
      maxResponseBytes: 1024,
      resolve: opts.resolve,
    }).send({ url, headers: { 'content-type': 'application/json' }, body: '{}' });

  it('refuses a name that resolves to a private or metadata address, and sends nothing', async () => {
    // Prepare
    const before = hits.length;
    // Act
    const toMetadata = await send('https://hooks.example.com/x', {
      resolve: async () => [{ address: '169.254.169.254', family: 4 }],
    });
    const oneBad = await send('https://hooks.example.com/x', {
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
    });
    const mapped = await send('https://hooks.example.com/x', {
      resolve: async () => [{ address: '::ffff:127.0.0.1', family: 6 }],
      allowLoopback: false,
    });
    // Assess
    expect(toMetadata).toMatchObject({
      kind: 'error',
      error: expect.stringContaining('169.254.169.254, a link-local (instance metadata) address'),
    });
    expect(oneBad).toMatchObject({ kind: 'error', error: expect.stringContaining('10.0.0.5, a private address') });
    expect(mapped).toMatchObject({ kind: 'error', error: expect.stringContaining('loopback') });
    expect(hits.length).toBe(before);
  });

  it('connects to the address it checked, not to what a second lookup would say', async () => {
    // Prepare: "localhost" is resolved by the stub to the receiver's loopback address once.
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // Act
    const r = await send(`http://localhost:${port}/ok`, { resolve });
    // Assess
    expect(r).toMatchObject({ kind: 'response', status: 204 });
    expect(lookups).toBe(1);
  });

  it('refuses loopback in AWS, and http to anything but loopback anywhere', async () => {
    expect(await send(`http://127.0.0.1:${port}/ok`, { allowLoopback: false })).toMatchObject({
      kind: 'error',
      error: 'url must use https',
    });
    expect(await send('http://hooks.example.com/x')).toMatchObject({
      kind: 'error',
      error: expect.stringContaining('http is allowed for localhost only'),
    });
  });

  it('gives up after its timeout, reads at most the cap of an answer, and follows no redirect', async () => {
    // Act
    const hung = await send(`http://127.0.0.1:${port}/hang`, { timeoutMs: 300 });
    const big = await send(`http://127.0.0.1:${port}/big`);
    const redirect = await send(`http://127.0.0.1:${port}/redirect`);
    // Assess
    expect(hung).toMatchObject({ kind: 'error', error: 'no answer within 300 ms' });
    expect(big.kind === 'response' && big.body.length).toBe(1024);
    expect(redirect).toMatchObject({ kind: 'response', status: 302 });
    expect(hits.filter((h) => h.includes('meta-data'))).toEqual([]);
  });

  it('reports a refused connection as an error of that attempt', async () => {
    // Prepare: a port nothing listens on.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const free = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    // Act
    const r = await send(`http://127.0.0.1:${free}/x`);
    // Assess
    expect(r).toMatchObject({ kind: 'error', error: expect.stringContaining('ECONNREFUSED') });
  });
});
