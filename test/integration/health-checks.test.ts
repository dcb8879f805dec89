import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { dependencyProbes } from '#shared/adapters/sqs/health';
import { runHealthChecks } from '#shared/domain/health/checks';
import { freePort } from '../../dev/free-port';
import { freshQueue, freshTable, localSqs } from '../support/local';

/** Accepts connections and never answers: a stopped (SIGSTOP) or wedged dependency. */
async function hungServer(): Promise<{ url: string; close(): void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('health checks with a hung or refused dependency', () => {
  let hung: Awaited<ReturnType<typeof hungServer>>;
  beforeAll(async () => {
    hung = await hungServer();
  });
  afterAll(() => hung.close());

  it('reports every dependency ok when all answer', async () => {
    // Prepare
    const table = await freshTable('health');
    const sqs = localSqs();
    const q = await freshQueue(sqs);
    // Act
    const report = await runHealthChecks(dependencyProbes({ table, sqs, queues: { usage: q.url } }));
    // Assess
    expect(report.status).toBe('ok');
    expect(Object.keys(report.checks)).toEqual(['dynamodb', 'sqs:usage']);
    expect(Object.values(report.checks).every((c) => c.status === 'ok')).toBe(true);
  });

  it('names the hung table and the refused queue, each with a readable reason, without waiting for the SDK', async () => {
    // Prepare
    const table = createTableContext({ tableName: 'any', endpoint: hung.url });
    const refused = `http://127.0.0.1:${await freePort()}`;
    const sqs = createSqsClient({ endpoint: refused });
    // Act
    const report = await runHealthChecks(
      dependencyProbes({
        table,
        sqs,
        queues: { usage: `${refused}/123456789012/usage-events`, stripe: '' },
        // Generous, so a refused connection is told apart from silence on a busy machine too.
        timeoutMs: 5_000,
      }),
    );
    // Assess
    expect(report.status).toBe('degraded');
    expect(report.checks.dynamodb).toMatchObject({ status: 'error', error: 'no answer within 5000 ms' });
    expect(report.checks['sqs:usage']).toMatchObject({ status: 'error', error: 'connection refused' });
    // A queue without a URL (not configured here) is not checked.
    expect(report.checks['sqs:stripe']).toBeUndefined();
  });

  it('reports what the service said when it answers with an error (a table that does not exist)', async () => {
    // Prepare
    const real = await freshTable('health-missing');
    const table = { ...real, tableName: 'no-such-table' };
    // Act
    const report = await runHealthChecks(dependencyProbes({ table, sqs: localSqs(), queues: {} }));
    // Assess
    expect(report.checks.dynamodb).toMatchObject({ status: 'error', error: 'ResourceNotFoundException' });
  });
});
