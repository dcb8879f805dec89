import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshTable } from '../support/local';
import { emulatorMeters, runSeed, type SimReport, type SimStripe } from '../support/usage-simulation';

/** Seeds run a few at a time: each has its own workspaces, so they never see each other. */
async function runSeeds(
  seeds: number[],
  parallel: number,
  run: (seed: number) => Promise<SimReport>,
): Promise<SimReport[]> {
  const out: SimReport[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < seeds.length) out.push(await run(seeds[next++]));
    }),
  );
  return out;
}

/**
 * Sized to take seconds, not minutes, so the suite stays far inside its timeouts on a loaded
 * machine. The seeds are fixed, so each run replays the same streams; `npm run sim` runs
 * thousands more (and `npm run sim -- --seed S` replays one).
 */
const SEEDS = 100;
const EMULATOR_SEEDS = 10;
/** A bound for a hang: these seeds take a few seconds on a quiet machine. */
const SIM_TIMEOUT_MS = 300_000;

describe('usage counting under duplicates, reordering, partial failures and crashes (seeded simulation)', () => {
  let table: TableContext;
  let emulator: Awaited<ReturnType<typeof startStripeEmulator>>;
  let stripe: SimStripe;
  beforeAll(async () => {
    table = await freshTable('sim');
    emulator = await startStripeEmulator({ port: 0 });
    const client: Stripe = createStripeClient({
      secretKey: 'sk_test_sim',
      apiBase: emulator.url,
      maxNetworkRetries: 0,
    });
    stripe = { client, meterIds: await emulatorMeters(client) };
  });
  afterAll(async () => emulator?.close());

  it(
    `counts every key exactly once per window over ${SEEDS} seeds (in-memory meter)`,
    async () => {
      // Act
      const reports = await runSeeds(
        Array.from({ length: SEEDS }, (_, i) => i + 1),
        16,
        (seed) => runSeed({ table, seed }),
      );
      // Assess: every seed checked itself; these show the faults really happened
      const total = (k: keyof SimReport) => reports.reduce((a, r) => a + r[k], 0);
      expect(reports).toHaveLength(SEEDS);
      expect(total('crashes')).toBeGreaterThan(SEEDS / 10);
      expect(total('transientFailures')).toBeGreaterThan(SEEDS / 10);
      expect(total('messages')).toBeGreaterThan(total('uniqueEvents'));
      expect(total('thresholds')).toBeGreaterThan(0);
    },
    SIM_TIMEOUT_MS,
  );

  it(
    `keeps Stripe meter summaries equal to the counters over ${EMULATOR_SEEDS} seeds (Stripe emulator)`,
    async () => {
      // Act
      const reports = await runSeeds(
        Array.from({ length: EMULATOR_SEEDS }, (_, i) => 100_001 + i),
        8,
        (seed) => runSeed({ table, seed, stripe }),
      );
      // Assess
      expect(reports).toHaveLength(EMULATOR_SEEDS);
      expect(reports.reduce((a, r) => a + r.crashes, 0)).toBeGreaterThan(0);
    },
    SIM_TIMEOUT_MS,
  );
});
