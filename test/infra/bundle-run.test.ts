import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { queues } from '#shared/sqs/queues';
import { type Backing, BUNDLE_CASES, startBacking, verifyBundles } from '../../dev/bundle-check';

/**
 * The deployed artifacts, run: each kind of Lambda bundled with the stack's esbuild options,
 * loaded by a fresh Node process (this machine's Node; `npm run verify:bundles` does the same on
 * the Lambda runtime's Node 24) and invoked twice with an AWS-shaped event against DynamoDB
 * Local and the emulators. Bundling and a process per case are slow on a busy machine: the
 * timeouts are generous and nothing here measures time.
 */
const TARGET = `node${process.versions.node.split('.')[0]}`;
const SLOW = 300_000;

describe('Lambda bundles load and answer in a fresh Node process', () => {
  let backing: Backing;
  beforeAll(async () => {
    backing = await startBacking({ dynamodbEndpoint: inject('dynamodbEndpoint') });
  }, SLOW);
  afterAll(async () => {
    await backing?.stop();
  });

  it('covers one function of each kind the stack deploys', () => {
    // Prepare
    const kinds = BUNDLE_CASES.map((c) => c.kind);
    // Act
    const entries = BUNDLE_CASES.map((c) => c.entry);
    // Assess
    expect(kinds.some((k) => k.startsWith('HTTP route'))).toBe(true);
    expect(kinds.filter((k) => k.startsWith('webhook receiver'))).toHaveLength(2);
    expect(entries).toEqual(expect.arrayContaining([...queues.map((q) => q.handler), 'functions/jobs/reconcile.ts']));
  });

  it.each(BUNDLE_CASES.map((c) => [c.kind, c] as const))(
    '%s',
    async (_kind, c) => {
      // Act
      const [report] = await verifyBundles({ node: process.execPath, target: TARGET, backing, cases: [c] });
      // Assess
      expect(report.problems).toEqual([]);
      expect(report.invocations).toBe(2);
      // The real bundle writes one metrics record per invocation, and a cold start once.
      expect(report.metrics).toEqual({ application: 2, coldStart: 1 });
      expect(report.bytes).toBeGreaterThan(10_000);
    },
    SLOW,
  );

  it(
    'fails a bundle that needs a module Lambda does not have',
    async () => {
      // Prepare
      const stripeReceiver = BUNDLE_CASES.find((c) => c.entry === 'functions/webhooks/stripe.ts')!;
      // Act
      const [report] = await verifyBundles({
        node: process.execPath,
        target: TARGET,
        backing,
        cases: [stripeReceiver],
        adjustBuild: (o) => ({ ...o, external: [...(o.external ?? []), 'stripe'] }),
      });
      // Assess
      expect(report.problems.join('\n')).toMatch(/load failed: .*Cannot find package 'stripe'/);
      expect(report.invocations).toBe(0);
    },
    SLOW,
  );

  it(
    'fails an ESM bundle of CommonJS dependencies that has no require',
    async () => {
      // Prepare: the Razorpay SDK is CommonJS and requires Node built-ins; the payment-events
      // consumer carries it (the receiver checks an HMAC and needs no SDK).
      const paymentConsumer = BUNDLE_CASES.find((c) => c.entry === 'functions/consumers/payment-events.ts')!;
      // Act
      const [report] = await verifyBundles({
        node: process.execPath,
        target: TARGET,
        backing,
        cases: [paymentConsumer],
        adjustBuild: (o) => ({ ...o, banner: undefined }),
      });
      // Assess
      expect(report.problems.join('\n')).toMatch(
        /load failed: .*(Dynamic require of "[^"]+" is not supported|require is not defined)/,
      );
    },
    SLOW,
  );
});
