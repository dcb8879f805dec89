import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TableContext } from '../../adapters/dynamodb/client';
import { queueDepth } from '../../adapters/sqs/client';

export interface CheckResult {
  status: 'ok' | 'error';
  latency_ms: number;
  error?: string;
}

async function timed(fn: () => Promise<unknown>): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    await fn();
    return { status: 'ok', latency_ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { status: 'error', latency_ms: Math.round(performance.now() - t0), error: (e as Error).name || 'Error' };
  }
}

/** A read of a key that never exists: proves the table answers without needing DescribeTable. */
export const checkTable = (table: TableContext) =>
  timed(() => table.doc.send(new GetCommand({ TableName: table.tableName, Key: { PK: 'HEALTH', SK: 'HEALTH' } })));

export async function runHealthChecks(ports: { table: TableContext; sqs: SQSClient; queues: Record<string, string> }) {
  const entries = await Promise.all([
    ['dynamodb', await checkTable(ports.table)] as const,
    ...Object.entries(ports.queues)
      .filter(([, url]) => url)
      .map(async ([name, url]) => [`sqs:${name}`, await timed(() => queueDepth(ports.sqs, url))] as const),
  ]);
  const checks = Object.fromEntries(entries);
  const ok = Object.values(checks).every((c) => c.status === 'ok');
  return { status: ok ? ('ok' as const) : ('degraded' as const), checks, time: new Date().toISOString() };
}
