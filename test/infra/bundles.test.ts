import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../lib/constructs/billing-function';
import { PROJECT_ROOT, RECONCILE_JOB } from '../../lib/tollgate-stack';
import { routes } from '../../shared/http/manifest';
import { queues } from '../../shared/sqs/queues';

/**
 * Bundles each Lambda entry as BillingFunction does (in memory, nothing written) and checks what
 * ends up inside: the hot entitlement path stays small and free of the Stripe SDK, and no Lambda
 * carries the local emulators or dev tooling.
 */
async function bundle(entry: string): Promise<{ bytes: number; inputs: string[] }> {
  const r = await build({ ...esbuildOptions(join(PROJECT_ROOT, entry)), write: false });
  const meta: Metafile = r.metafile!;
  return { bytes: r.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0), inputs: Object.keys(meta.inputs) };
}

const entries = [...new Set([...routes.map((r) => r.handler), ...queues.map((q) => q.handler), RECONCILE_JOB.entry])];
const ENTITLEMENT_ENTRIES = entries.filter((e) => e.startsWith('functions/http/entitlements/') && !e.includes('invalidate'));

describe('Lambda bundles', () => {
  it.each(ENTITLEMENT_ENTRIES)('%s: under 250 KB minified and without the Stripe SDK', async (entry) => {
    const { bytes, inputs } = await bundle(entry);
    expect(inputs.filter((p) => p.includes('node_modules/stripe/'))).toEqual([]);
    expect(bytes).toBeGreaterThan(10_000); // a real bundle, not an empty file
    expect(bytes).toBeLessThan(250 * 1024);
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
  it.each(TABLE_ONLY_ENTRIES)('%s: without the Stripe or Razorpay SDK', async (entry) => {
    expect(entries).toContain(entry);
    const { inputs } = await bundle(entry);
    expect(inputs.filter((p) => /node_modules\/(stripe|razorpay)\//.test(p))).toEqual([]);
  });

  it('no Lambda bundles dev/ (emulators, local stack, CLIs) or test code', async () => {
    expect(ENTITLEMENT_ENTRIES.length).toBeGreaterThanOrEqual(3);
    const offenders: string[] = [];
    for (const entry of entries) {
      const { inputs } = await bundle(entry);
      for (const p of inputs) if (/^(dev|test|bench)\//.test(p)) offenders.push(`${entry} ← ${p}`);
    }
    expect(offenders).toEqual([]);
    // Bundles every entry: seconds on a quiet machine, bounded for a loaded one.
  }, 300_000);
});
