import { parseArgs } from 'node:util';
import { applyCatalog, describeChange, diffCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { catalog } from '#shared/domain/catalog/catalog';
import { readDemoFile } from './common';

const HELP = `npm run catalog -- <diff|apply> [--api-base URL] [--key sk_...]

  diff    show what would change in the Stripe account (nothing is written)
  apply   create/update products, prices, features and meters to match the catalog;
          re-running it changes nothing. Changed amounts create a new price and archive the old.

Target: STRIPE_SECRET_KEY (and STRIPE_API_BASE for a Stripe-compatible server) from the
environment or the flags; with neither, the local emulator of a running \`npm start\`.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'api-base': { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
const command = positionals[0];
if (values.help || !command || !['diff', 'apply'].includes(command)) {
  process.stdout.write(`${HELP}\n`);
  process.exit(values.help ? 0 : 2);
}

function target(): { secretKey: string; apiBase?: string; label: string } {
  const key = values.key ?? process.env.STRIPE_SECRET_KEY;
  const base = values['api-base'] ?? process.env.STRIPE_API_BASE;
  if (key) return { secretKey: key, apiBase: base, label: base ?? 'Stripe' };
  const apiBase =
    base ?? readDemoFile()?.stripe_api_base ?? `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? 12111}`;
  return { secretKey: 'sk_test_local', apiBase, label: `${apiBase} (local emulator)` };
}

const t = target();
const stripe = createStripeClient({ secretKey: t.secretKey, apiBase: t.apiBase, maxNetworkRetries: 1 });
try {
  if (command === 'diff') {
    const changes = await diffCatalog(stripe, catalog);
    process.stdout.write(
      changes.length
        ? `${changes.length} change(s) for ${t.label}:\n${changes.map((c) => `  ${describeChange(c)}`).join('\n')}\n`
        : `${t.label} matches the catalog.\n`,
    );
  } else {
    const applied = await applyCatalog(stripe, catalog, (done, total, c) =>
      process.stdout.write(`  [${done}/${total}] ${describeChange(c)}\n`),
    );
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} change(s) to ${t.label}.\n`
        : `${t.label} already matches the catalog; nothing to do.\n`,
    );
  }
} catch (e) {
  process.stderr.write(`catalog ${command} failed: ${(e as Error).message}\n`);
  process.exit(1);
}
