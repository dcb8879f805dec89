import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { type Benchmark, percentile, summarize } from './harness';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A receiver that answers 200 at once and notes when each (event, endpoint) arrived. */
async function receiver(arrivals: Map<string, number>) {
  const server: Server = createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      arrivals.set(`${req.headers['tollgate-event-id'] ?? `raw:${randomUUID()}`}|${req.url}`, performance.now());
      res.writeHead(200);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port };
}

const until = async (done: () => boolean, what: string, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/**
 * Outbound webhooks through the local stack: a billing event published on the bus, fanned out by
 * the webhook-deliveries consumer to three endpoints, each attempt signed and POSTed to a local
 * receiver. Latency is publish → arrival at the receiver; throughput is a burst of events to the
 * three endpoints. The baseline is a raw HTTP POST of the same body to the same receivers, in
 * the same run. Also the typed client's bundle size.
 */
export const outbound: Benchmark = {
  name: 'outbound',
  description:
    'Webhook delivery latency and deliveries/s with 3 endpoints through the local stack vs a raw POST; client bundle size',
  async run(ctx) {
    const stack = await ctx.stack();
    const arrivals = new Map<string, number>();
    const receivers = await Promise.all([0, 1, 2].map(() => receiver(arrivals)));
    const bus = eventBusFromConfig();
    const key = stack.demoApiKey;
    const endpoints: string[] = [];
    for (const [i, r] of receivers.entries()) {
      const res = await fetch(`${stack.baseUrl}/api/v1/webhook-endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `http://127.0.0.1:${r.port}/hook${i}`,
          events: ['bench.*'],
          description: `bench ${i}`,
        }),
      });
      if (res.status !== 201) throw new Error(`creating endpoint ${i}: ${res.status} ${await res.text()}`);
      endpoints.push(((await res.json()) as { id: string }).id);
    }
    const event = () => ({
      id: `evt_bench_${randomUUID().replace(/-/g, '')}`,
      type: 'bench.delivery',
      project_id: 'demo',
      workspace_id: 'ws_bench',
      occurred_at: new Date().toISOString(),
      data: { meter: 'ai_credits', total: '1' },
    });
    const arrived = (id: string) => [0, 1, 2].every((i) => arrivals.has(`${id}|/hook${i}`));

    // Latency: one event at a time, publish → each of the three arrivals.
    const latencyRuns = Math.min(ctx.iterations, 150);
    const delivery: number[] = [];
    for (let i = 0; i < ctx.warmup / 5 + latencyRuns; i++) {
      const e = event();
      const t0 = performance.now();
      await bus.publish([e]);
      await until(() => arrived(e.id), `event ${i}`);
      if (i >= ctx.warmup / 5) for (const h of [0, 1, 2]) delivery.push(arrivals.get(`${e.id}|/hook${h}`)! - t0);
    }

    // Throughput: a burst of events, ten per publish call, to the three endpoints.
    const burst = Array.from({ length: 200 }, event);
    const tb = performance.now();
    for (let i = 0; i < burst.length; i += 10) await bus.publish(burst.slice(i, i + 10));
    await until(() => burst.every((e) => arrived(e.id)), 'the burst');
    const burstSeconds =
      (Math.max(...burst.flatMap((e) => [0, 1, 2].map((h) => arrivals.get(`${e.id}|/hook${h}`)!))) - tb) / 1000;
    const perSecond = (burst.length * 3) / burstSeconds;

    // Baseline: the same body POSTed straight to the receivers, one at a time, then ten at a time.
    const body = JSON.stringify(event());
    const post = (h: number) =>
      fetch(`http://127.0.0.1:${receivers[h].port}/hook${h}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).then((r) => r.arrayBuffer());
    const raw: number[] = [];
    for (let i = 0; i < latencyRuns * 3; i++) {
      const t0 = performance.now();
      await post(i % 3);
      raw.push(performance.now() - t0);
    }
    const tr = performance.now();
    for (let i = 0; i < burst.length * 3; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, j) => post((i + j) % 3)));
    const rawPerSecond = (burst.length * 3) / ((performance.now() - tr) / 1000);

    // The client as an app bundles it for the browser (openapi-fetch included).
    const bundled = await build({
      entryPoints: [join(ROOT, 'client/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    const clientBytes = bundled.outputFiles[0].contents;
    for (const r of receivers) r.server.close();

    const d = summarize(delivery);
    const b = summarize(raw);
    const sorted = [...delivery].sort((x, y) => x - y);
    return {
      tables: [
        {
          title: 'Outbound webhooks, 3 endpoints through the local stack',
          columns: ['path', 'p50 ms', 'p99 ms', 'per second'],
          rows: [
            [
              'publish → signed delivery at the receiver (fan-out, attempt, POST)',
              d.p50_ms.toFixed(2),
              d.p99_ms.toFixed(2),
              `${perSecond.toFixed(0)} deliveries (burst of ${burst.length} events × 3)`,
            ],
            [
              'baseline: raw HTTP POST of the same body to the receiver',
              b.p50_ms.toFixed(2),
              b.p99_ms.toFixed(2),
              `${rawPerSecond.toFixed(0)} POSTs (10 at a time)`,
            ],
          ],
          notes: [
            `${delivery.length} deliveries timed one event at a time; the local poller sleeps 150 ms when a queue is empty, which dominates p50 (p90 ${percentile(sorted, 90).toFixed(1)} ms)`,
            `client bundle (tollgate/client with openapi-fetch, browser ESM, minified): ${(clientBytes.byteLength / 1024).toFixed(1)} KB, ${(gzipSync(clientBytes).byteLength / 1024).toFixed(1)} KB gzipped`,
          ],
        },
      ],
      results: {
        delivery_latency: d,
        deliveries_per_second_3_endpoints: Math.round(perSecond),
        baseline_raw_post: b,
        baseline_raw_posts_per_second: Math.round(rawPerSecond),
        client_bundle_bytes: clientBytes.byteLength,
        client_bundle_gzip_bytes: gzipSync(clientBytes).byteLength,
        endpoints,
      },
    };
  },
};
