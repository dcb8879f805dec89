import { parseArgs } from 'node:util';
import { createStripeClient } from '../../shared/adapters/stripe/client';
import { applyCatalog, describeChange, diffCatalog } from '../../shared/adapters/stripe/catalog-sync';
import { readPlans } from '../../shared/adapters/stripe/catalog-reader';
import { listAll } from '../../shared/adapters/stripe/pagination';
import { catalog } from '../../shared/domain/catalog/catalog';
import { applyUsageItems, planUsageItems } from '../../shared/domain/subscriptions/align-usage';
import { readDemoFile } from './common';

const HELP = `npm run catalog -- <diff|apply|migrate-usage> [--dry-run] [--api-base URL] [--key sk_...]

  diff    show what would change in the Stripe account (nothing is written)
  apply   create/update products, prices, features and meters to match the catalog;
          re-running it changes nothing. Changed amounts create a new price and archive the old.
  migrate-usage
          give every live subscription the metered items of its plan (one per billed meter, on
          the plan's metered price; items of meters the plan no longer bills are removed), without
          proration; --dry-run lists what would change and writes nothing. Re-running changes nothing.

Target: STRIPE_SECRET_KEY (and STRIPE_API_BASE for a Stripe-compatible server) from the
environment or the flags; with neither, the local emulator of a running \`npm start\`.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'api-base': { type: 'string' }, key: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
const command = positionals[0];
if (values.help || !command || !['diff', 'apply', 'migrate-usage'].includes(command)) {
  process.stdout.write(`${HELP}\n`);
  process.exit(values.help ? 0 : 2);
}

function target(): { secretKey: string; apiBase?: string; label: string } {
  const key = values.key ?? process.env.STRIPE_SECRET_KEY;
  const base = values['api-base'] ?? process.env.STRIPE_API_BASE;
  if (key) return { secretKey: key, apiBase: base, label: base ?? 'Stripe' };
  const apiBase = base ?? readDemoFile()?.stripe_api_base ?? `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? 12111}`;
  return { secretKey: 'sk_test_local', apiBase, label: `${apiBase} (local emulator)` };
}

const t = target();
const stripe = createStripeClient({ secretKey: t.secretKey, apiBase: t.apiBase, maxNetworkRetries: 1 });
try {
  if (command === 'diff') {
    const changes = await diffCatalog(stripe, catalog);
    process.stdout.write(changes.length ? `${changes.length} change(s) for ${t.label}:\n${changes.map((c) => `  ${describeChange(c)}`).join('\n')}\n` : `${t.label} matches the catalog.\n`);
  } else if (command === 'migrate-usage') {
    const plans = await readPlans(stripe);
    const subs = await listAll((a) => stripe.subscriptions.list({ limit: 100, starting_after: a }));
    let changed = 0;
    for (const sub of subs) {
      const p = planUsageItems(plans, sub);
      if (p.action === 'none') continue;
      changed++;
      const what = p.updates.map((u) => (u.deleted ? `- ${u.id}` : u.id ? `~ ${u.id} → ${u.price}` : `+ ${u.price}`)).join(', ');
      if (!values['dry-run']) await applyUsageItems(stripe, p);
      process.stdout.write(`  ${values['dry-run'] ? 'would update' : 'updated'} ${sub.id} (${p.plan}): ${what}\n`);
    }
    process.stdout.write(`${changed} of ${subs.length} live subscription(s) ${values['dry-run'] ? 'need' : 'got'} their metered items at ${t.label}.\n`);
  } else {
    const applied = await applyCatalog(stripe, catalog, (done, total, c) => process.stdout.write(`  [${done}/${total}] ${describeChange(c)}\n`));
    process.stdout.write(applied.length ? `Applied ${applied.length} change(s) to ${t.label}.\n` : `${t.label} already matches the catalog; nothing to do.\n`);
  }
} catch (e) {
  process.stderr.write(`catalog ${command} failed: ${(e as Error).message}\n`);
  process.exit(1);
}
