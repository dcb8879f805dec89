import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#shared/http/manifest';
import type { RouteDef } from '#shared/http/route';
import { queues } from '#shared/sqs/queues';
import { bundleOptions, lambdaEntries } from '../../lib/constructs/bundles';
import { AGGREGATE_JOB, PROJECT_ROOT, RECONCILE_JOB } from '../../lib/tollgate-stack';
import { accessOfRoutes, type FunctionAccess } from '../../lib/wiring';

/**
 * Bundles every Lambda entry as the stack does (one esbuild call for all of them, in memory,
 * nothing written) and checks what ends up inside each: the entitlement and usage-read paths
 * stay small, no function carries a provider SDK its access does not let it call, and no Lambda
 * carries the local emulators or dev tooling.
 */
interface Bundle {
  bytes: number;
  inputs: string[];
}

/** What each function may reach, as the stack grants it (lib/wiring.ts). */
function accessByEntry(): Map<string, FunctionAccess> {
  const byHandler = new Map<string, RouteDef[]>();
  for (const r of routes) byHandler.set(r.handler, [...(byHandler.get(r.handler) ?? []), r]);
  const access = new Map<string, FunctionAccess>();
  for (const [handler, group] of byHandler) access.set(handler, accessOfRoutes(group));
  for (const q of queues) access.set(q.handler, { ...q.access, queues: q.access.queues ?? [] });
  access.set(RECONCILE_JOB.entry, RECONCILE_JOB.access);
  access.set(AGGREGATE_JOB.entry, AGGREGATE_JOB.access);
  return access;
}

const access = accessByEntry();
const entries = [...access.keys()];
const ENTITLEMENT_ENTRIES = entries.filter(
  (e) => e.startsWith('functions/http/entitlements/') && !e.includes('invalidate'),
);
/** The hot read paths: entitlement checks and the usage report. */
const READ_ENTRIES = [...ENTITLEMENT_ENTRIES, 'functions/http/usage/report.ts'];
const READ_BUDGET_BYTES = 200 * 1024;

/**
 * Functions that still carry a provider SDK their access never lets them call, because their
 * port set is shared with a function that does. Each is a debt, not a licence: the list must
 * only shrink (the test fails when an entry here no longer carries the SDK, or another appears).
 */
const KNOWN_EXTRA_SDK: Record<string, string[]> = {
  'functions/http/subscriptions/get.ts': ['stripe'],
  'functions/http/invoices/detail.ts': ['razorpay'],
  'functions/http/payments/reconcile.ts': ['razorpay'],
};

const sdkOf = (inputs: string[]) =>
  ['stripe', 'razorpay'].filter((s) => inputs.some((p) => p.includes(`node_modules/${s}/`)));

describe('Lambda bundles', () => {
  const bundles = new Map<string, Bundle>();
  beforeAll(async () => {
    const r = await build({
      ...bundleOptions(entries.map((e) => ({ in: join(PROJECT_ROOT, e), out: e.replace(/\.ts$/, '/index') }))),
      outdir: join(PROJECT_ROOT, 'cdk.out', 'bundle-test'),
      write: false,
    });
    const meta: Metafile = r.metafile!;
    for (const out of Object.values(meta.outputs)) {
      if (out.entryPoint) bundles.set(out.entryPoint, { bytes: out.bytes, inputs: Object.keys(out.inputs) });
    }
    // Bundles every entry in one call: seconds on a quiet machine, bounded for a loaded one.
  }, 300_000);

  it('bundles every function the stack deploys, and every entry under functions/ is one', () => {
    expect(new Set(bundles.keys())).toEqual(new Set(entries));
    expect(lambdaEntries(PROJECT_ROOT).filter((e) => !access.has(e))).toEqual([]);
  });

  it.each(READ_ENTRIES)('%s: at most 200 KB minified and without the Stripe SDK', (entry) => {
    const { bytes, inputs } = bundles.get(entry)!;
    expect(inputs.filter((p) => p.includes('node_modules/stripe/'))).toEqual([]);
    expect(bytes).toBeGreaterThan(10_000); // a real bundle, not an empty file
    expect(bytes).toBeLessThanOrEqual(READ_BUDGET_BYTES);
  });

  // Functions that read or write the table (or queue) only: no Stripe or Razorpay SDK, even transitively.
  const TABLE_ONLY_ENTRIES = [
    'functions/http/usage/report.ts',
    'functions/http/usage/record-async.ts',
    'functions/http/grants/list.ts',
    'functions/http/workspaces/get.ts',
    'functions/http/workspaces/put.ts',
    'functions/http/workspaces/events.ts',
    'functions/http/health/health.ts',
    'functions/http/health/ready.ts',
  ];
  it.each(TABLE_ONLY_ENTRIES)('%s: without the Stripe or Razorpay SDK', (entry) => {
    expect(entries).toContain(entry);
    const { inputs } = bundles.get(entry)!;
    expect(inputs.filter((p) => /node_modules\/(stripe|razorpay)\//.test(p))).toEqual([]);
  });

  it('no function carries a provider SDK it is not granted to call (Razorpay only where orders are made or read)', () => {
    const extra: Record<string, string[]> = {};
    for (const [entry, a] of access) {
      const allowed = [...(a.stripe || a.stripeWebhookSecret ? ['stripe'] : []), ...(a.razorpay ? ['razorpay'] : [])];
      const unneeded = sdkOf(bundles.get(entry)!.inputs).filter((s) => !allowed.includes(s));
      if (unneeded.length) extra[entry] = unneeded;
    }
    expect(extra).toEqual(KNOWN_EXTRA_SDK);
    // The Razorpay webhook receiver verifies signatures with node:crypto; it never calls Razorpay.
    expect(sdkOf(bundles.get('functions/webhooks/razorpay.ts')!.inputs)).toEqual([]);
  });

  it('no Lambda bundles dev/ (emulators, local stack, CLIs) or test code', () => {
    expect(ENTITLEMENT_ENTRIES.length).toBeGreaterThanOrEqual(3);
    const offenders: string[] = [];
    for (const [entry, { inputs }] of bundles) {
      for (const p of inputs) if (/^(dev|test|bench)\//.test(p)) offenders.push(`${entry} ← ${p}`);
    }
    expect(offenders).toEqual([]);
  });
});
