import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParamViolation, violations } from './params-check';
import { findSdkEndpoint, paramsSchema } from './sdk-params';
import type { RecordedRequest } from './server';

export interface ConformanceReport {
  /** Requests checked (those of the client looked at). */
  requests: number;
  /** Per SDK operation (`subscriptions.update`): how many requests. */
  operations: Record<string, number>;
  /** Requests to routes the SDK has no method for. */
  unknownEndpoints: { method: string; route: string }[];
  /** Requests whose parameters differ from the SDK's declaration of the endpoint. */
  violations: { operation: string; violations: ParamViolation[] }[];
}

/**
 * Checks recorded requests against the parameters the SDK declares for each endpoint (names,
 * enums, required), afresh: the record may come from another run or another emulator build.
 * `client` keeps only requests whose User-Agent matches (e.g. /tollgate/).
 */
export function checkConformance(records: RecordedRequest[], client?: RegExp): ConformanceReport {
  const mine = client ? records.filter((r) => client.test(r.client)) : records;
  const report: ConformanceReport = { requests: mine.length, operations: {}, unknownEndpoints: [], violations: [] };
  for (const r of mine) {
    const endpoint = findSdkEndpoint(r.method, r.route);
    if (!endpoint) {
      report.unknownEndpoints.push({ method: r.method, route: r.route });
      continue;
    }
    report.operations[endpoint.operation] = (report.operations[endpoint.operation] ?? 0) + 1;
    const found = violations(r.params, paramsSchema(endpoint));
    if (found.length) report.violations.push({ operation: endpoint.operation, violations: found });
  }
  return report;
}

export function readRequestLog(path: string): RecordedRequest[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RecordedRequest);
}

const RESOURCE_CALL =
  /\b(?:stripe|client)\.((?:billing\.meterEvents|billing\.meters|billingPortal\.sessions|checkout\.sessions|entitlements\.features|testHelpers\.testClocks|customers|subscriptions|subscriptionSchedules|subscriptionItems|invoices|invoiceItems|prices|products|setupIntents|paymentMethods|paymentIntents|refunds|charges|events|webhookEndpoints))\.(\w+)\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** The SDK operations a source tree calls on its client (`stripe.subscriptions.update(` → `subscriptions.update`). */
export function operationsCalledIn(dirs: string[]): string[] {
  const ops = new Set<string>();
  for (const file of dirs.flatMap(sources)) {
    for (const m of readFileSync(file, 'utf8').matchAll(RESOURCE_CALL)) ops.add(`${m[1]}.${m[2]}`);
  }
  return [...ops].sort();
}
