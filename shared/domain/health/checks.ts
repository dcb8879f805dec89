import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TableContext } from '../../adapters/dynamodb/client';
import { outageReason } from '../../adapters/outages';
import { HEALTH_CHECK_TIMEOUT_MS } from '../../time-budgets';

export interface CheckResult {
  status: 'ok' | 'error';
  latency_ms: number;
  /** Why the dependency failed, in words (no addresses). */
  error?: string;
}

const readable = (e: unknown): string => {
  const reason = outageReason(e);
  if (reason) return reason;
  const err = e as { name?: string; message?: string };
  // An AWS service error names itself (ResourceNotFoundException, AccessDeniedException, …).
  return err?.name && err.name !== 'Error' ? err.name : 'failed';
};

/**
 * One dependency check with its own deadline: the request is aborted at `timeoutMs` and the
 * check reports "no answer within …", so a hung dependency cannot hold the probe. The SDK does
 * not retry inside a check either: the probe reports, the caller's retry asks again.
 */
export async function timedCheck(fn: (opts: { abortSignal: AbortSignal; requestTimeout: number }) => Promise<unknown>, timeoutMs = HEALTH_CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const t0 = performance.now();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const latency = () => Math.round(performance.now() - t0);
  try {
    const r = await Promise.race([fn({ abortSignal: abort.signal, requestTimeout: timeoutMs }).then(() => 'ok' as const), deadline]);
    if (r === 'timeout') return { status: 'error', latency_ms: latency(), error: `no answer within ${timeoutMs} ms` };
    return { status: 'ok', latency_ms: latency() };
  } catch (e) {
    if (abort.signal.aborted) return { status: 'error', latency_ms: latency(), error: `no answer within ${timeoutMs} ms` };
    return { status: 'error', latency_ms: latency(), error: readable(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** A read of a key that never exists: proves the table answers without needing DescribeTable. */
export const checkTable = (table: TableContext, timeoutMs?: number) =>
  timedCheck(
    (opts) => table.doc.send(new GetCommand({ TableName: table.tableName, Key: { PK: 'HEALTH', SK: 'HEALTH' } }), { abortSignal: opts.abortSignal, requestTimeout: opts.requestTimeout }),
    timeoutMs,
  );

export const checkQueue = (sqs: SQSClient, url: string, timeoutMs?: number) =>
  timedCheck(
    (opts) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }), { abortSignal: opts.abortSignal, requestTimeout: opts.requestTimeout }),
    timeoutMs,
  );

/** Every dependency checked at once, each within its own deadline: the report is ready within one timeout. */
export async function runHealthChecks(ports: { table: TableContext; sqs: SQSClient; queues: Record<string, string>; timeoutMs?: number }) {
  const entries = await Promise.all([
    checkTable(ports.table, ports.timeoutMs).then((r) => ['dynamodb', r] as const),
    ...Object.entries(ports.queues)
      .filter(([, url]) => url)
      .map(async ([name, url]) => [`sqs:${name}`, await checkQueue(ports.sqs, url, ports.timeoutMs)] as const),
  ]);
  const checks = Object.fromEntries(entries);
  const ok = Object.values(checks).every((c) => c.status === 'ok');
  return { status: ok ? ('ok' as const) : ('degraded' as const), checks, time: new Date().toISOString() };
}
