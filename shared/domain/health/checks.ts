import { HEALTH_CHECK_TIMEOUT_MS } from '#shared/time-budgets';
import type { DependencyProbe, HealthPorts } from './ports';

export interface CheckResult {
  status: 'ok' | 'error';
  latency_ms: number;
  /** Why the dependency failed, in words (no addresses). */
  error?: string;
}

/**
 * One dependency check with its own deadline: the request is aborted at `timeoutMs` and the
 * check reports "no answer within …", so a hung dependency cannot hold the probe. The probe does
 * not retry either: it reports, the caller's retry asks again.
 */
export async function timedCheck(
  probe: DependencyProbe,
  describeFailure: (e: unknown) => string,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): Promise<CheckResult> {
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
    const r = await Promise.race([
      probe({ abortSignal: abort.signal, requestTimeout: timeoutMs }).then(() => 'ok' as const),
      deadline,
    ]);
    if (r === 'timeout') return { status: 'error', latency_ms: latency(), error: `no answer within ${timeoutMs} ms` };
    return { status: 'ok', latency_ms: latency() };
  } catch (e) {
    if (abort.signal.aborted)
      return { status: 'error', latency_ms: latency(), error: `no answer within ${timeoutMs} ms` };
    return { status: 'error', latency_ms: latency(), error: describeFailure(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** Every dependency checked at once, each within its own deadline: the report is ready within one timeout. */
export async function runHealthChecks(ports: HealthPorts) {
  const entries = await Promise.all(
    Object.entries(ports.probes).map(
      async ([name, probe]) => [name, await timedCheck(probe, ports.describeFailure, ports.timeoutMs)] as const,
    ),
  );
  const checks = Object.fromEntries(entries);
  const ok = Object.values(checks).every((c) => c.status === 'ok');
  return { status: ok ? ('ok' as const) : ('degraded' as const), checks, time: new Date().toISOString() };
}
