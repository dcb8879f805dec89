import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processFamily, type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';

/**
 * The local stack when DynamoDB Local hangs or dies, as a user meets it: quick 503s with
 * Retry-After instead of 500s after half a minute, a loud report of the crash, a restart on the
 * same data (--persist), and nothing left running afterwards.
 */
describe('the local stack with DynamoDB Local hung, then killed', () => {
  let stack: StackProcess;
  const localDir = mkdtempSync(join(tmpdir(), 'tollgate-e2e-resilience-'));
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', ...init.headers },
    });
  const java = () => processFamily(stack.pid).find((p) => p.cmd.includes('DynamoDBLocal.jar') && p.state !== 'Z');
  const usage = (path: string, key: string) =>
    api(path, {
      method: 'POST',
      body: JSON.stringify({ event_type: 'ai_credits', workspace_id: 'ws_res', value: 1, idempotency_key: key }),
    });

  beforeAll(async () => {
    stack = await startStackProcess({ TOLLGATE_LOCAL_DIR: localDir }, { args: ['--persist'] });
    const put = await api('/api/v1/workspaces/ws_res', {
      method: 'PUT',
      body: JSON.stringify({ name: 'Res', email: 'r@example.com', country: 'US', currency: 'usd' }),
    });
    expect(put.status).toBe(201);
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(localDir, { recursive: true, force: true });
  });

  it('answers 503 with per-dependency reasons and Retry-After while the table hangs, then recovers', async () => {
    // Prepare
    const pid = java()!.pid;
    process.kill(pid, 'SIGSTOP');
    let health: Response;
    let ready: Response;
    let sync: Response;
    let queued: Response;
    try {
      // Act
      [health, ready] = await Promise.all([fetch(`${stack.baseUrl}/health`), fetch(`${stack.baseUrl}/ready`)]);
      [sync, queued] = await Promise.all([
        usage('/api/v1/usage/events', 'hung-sync'),
        usage('/api/v1/usage/events/async', 'hung-async'),
      ]);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const report = (await health.json()) as any;
    const readyBody = (await ready.json()) as any;
    // Assess
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(report.status).toBe('degraded');
    expect(report.checks.dynamodb).toMatchObject({ status: 'error', error: 'no answer within 1500 ms' });
    expect(report.checks['sqs:usage']).toMatchObject({ status: 'ok' });
    expect(ready.status).toBe(503);
    expect(readyBody.error).toMatchObject({
      code: 'service_unavailable',
      details: { checks: { dynamodb: { status: 'error', error: 'no answer within 1500 ms' } } },
    });
    for (const r of [sync, queued]) {
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(((await r.json()) as any).error).toMatchObject({
        code: 'service_unavailable',
        message: 'DynamoDB is unavailable (no answer in time); retry later',
      });
    }
    await until('/health to recover', async () => (await fetch(`${stack.baseUrl}/health`)).status === 200, 30_000);
  });

  it('reports a killed DynamoDB Local loudly, restarts it on the same data, and stops cleanly', async () => {
    // Prepare
    const before = java()!;
    // Act
    process.kill(before.pid, 'SIGKILL');
    await until(
      'the restart to be reported',
      async () => stack.logs().includes('is back after'),
      150_000,
      () => stack.logs().slice(-2000),
    );
    await until(
      '/health after the restart',
      async () => (await fetch(`${stack.baseUrl}/health`)).status === 200,
      30_000,
    );
    const workspace = await api('/api/v1/workspaces/ws_res');
    const after = java();
    const stopped = await stack.stop();
    // Assess
    expect(stack.logs()).toMatch(
      /!! \S+ DynamoDB Local \(port \d+\) exited unexpectedly \(SIGKILL\)\. Requests answer 503 until it is back; restarting it…/,
    );
    expect(stack.logs()).toMatch(/DynamoDB Local \(port \d+\) is back after [\d.]+ s \(pid \d+; data in .+ kept\)/);
    expect(after?.pid).not.toBe(before.pid);
    expect(workspace.status).toBe(200);
    expect(stopped.leftovers).toEqual([]);
  });
});
