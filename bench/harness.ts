import type { LocalStack } from '../dev/local-stack';

/** What every benchmark gets from `bench/run.ts`. */
export interface BenchContext {
  /** The local stack, started in this process on first use and shared by the whole run. */
  stack(): Promise<LocalStack>;
  iterations: number;
  warmup: number;
  log(line: string): void;
}

export interface BenchTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export interface BenchOutput {
  tables: BenchTable[];
  /** Written to bench/results.json under the benchmark's name. */
  results: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchOutput>;
}

/** Nearest-rank percentile of an already sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface LatencySummary {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  min_ms: number;
  max_ms: number;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const s = [...samplesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    p50_ms: round(percentile(s, 50)),
    p99_ms: round(percentile(s, 99)),
    mean_ms: round(s.reduce((a, b) => a + b, 0) / s.length),
    min_ms: round(s[0]),
    max_ms: round(s[s.length - 1]),
  };
}

/** Calls `fn` `warmup` times unmeasured, then `iterations` times, timing each call. */
export async function measure(
  fn: () => Promise<void>,
  opts: { iterations: number; warmup: number; beforeMeasured?: () => void },
): Promise<number[]> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  opts.beforeMeasured?.();
  const samples: number[] = [];
  for (let i = 0; i < opts.iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** One path of an interleaved measurement: `prepare` builds the call's input untimed, `call` is timed. */
export interface InterleavedCase<T = unknown> {
  id: string;
  prepare?: () => T;
  call: (input: T) => Promise<void>;
  /** Read before and after each measured call, so work is attributed to the case that did it. */
  work?: () => Record<string, number>;
}

export interface InterleavedResult extends LatencySummary {
  /** Work per call, from the case's `work` counters. */
  work: Record<string, number>;
}

/**
 * Times several paths against each other: every round calls each case once, in an order that
 * rotates, so a machine whose load changes during the run slows every case alike and their
 * ratios stay meaningful (timing one case's calls after another's would compare moments, not paths).
 */
export async function measureInterleaved(
  cases: InterleavedCase<any>[],
  opts: { iterations: number; warmup: number },
): Promise<Record<string, InterleavedResult>> {
  const wall: Record<string, number[]> = {};
  const work: Record<string, Record<string, number>> = {};
  for (let i = 0; i < opts.warmup + opts.iterations; i++) {
    const measured = i >= opts.warmup;
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(i + k) % cases.length];
      const input = c.prepare?.();
      const before = measured ? c.work?.() : undefined;
      const t0 = performance.now();
      await c.call(input);
      const elapsed = performance.now() - t0;
      if (!measured) continue;
      (wall[c.id] ??= []).push(elapsed);
      const after = c.work?.();
      const w = (work[c.id] ??= {});
      for (const [name, v] of Object.entries(after ?? {})) w[name] = (w[name] ?? 0) + v - (before?.[name] ?? 0);
    }
  }
  const out: Record<string, InterleavedResult> = {};
  for (const c of cases) {
    const perCall = Object.fromEntries(Object.entries(work[c.id] ?? {}).map(([k, v]) => [k, v / opts.iterations]));
    out[c.id] = { ...summarize(wall[c.id]), work: perCall };
  }
  return out;
}

export interface RequestCounter {
  requests: number;
  capacityUnits: number;
  byCommand: Record<string, number>;
  reset(): void;
  restore(): void;
}

type Sendable = { send: (command: any, ...rest: any[]) => Promise<any> };

/**
 * Counts the requests an AWS SDK client sends and the capacity DynamoDB reports for them.
 * Every command is sent with `ReturnConsumedCapacity: TOTAL` unless it already asks for more.
 */
export function countRequests(client: Sendable): RequestCounter {
  const original = client.send;
  const counter: RequestCounter = {
    requests: 0,
    capacityUnits: 0,
    byCommand: {},
    reset() {
      counter.requests = 0;
      counter.capacityUnits = 0;
      counter.byCommand = {};
    },
    restore() {
      client.send = original;
    },
  };
  client.send = async (
    command: { input?: Record<string, unknown>; constructor: { name: string } },
    ...rest: unknown[]
  ) => {
    counter.requests += 1;
    const name = command.constructor.name;
    counter.byCommand[name] = (counter.byCommand[name] ?? 0) + 1;
    if (command.input && command.input.ReturnConsumedCapacity === undefined)
      command.input.ReturnConsumedCapacity = 'TOTAL';
    const out = await original.call(client, command, ...rest);
    const consumed = out?.ConsumedCapacity;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
      counter.capacityUnits += c.CapacityUnits ?? 0;
    return out;
  };
  return counter;
}

export function formatTable(t: BenchTable): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(String))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  // The first column is a label; figures are right-aligned so they line up by magnitude.
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [t.title, line(cells[0]), rule, ...cells.slice(1).map(line), ...(t.notes ?? []).map((n) => `  ${n}`)].join(
    '\n',
  );
}
