import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { catalogPropagationRunRepository } from '#shared/adapters/dynamodb/repositories/catalog-propagation';
import { catalogUsageRepository } from '#shared/adapters/dynamodb/repositories/catalog-usage';
import { catalogRepository } from '#shared/adapters/dynamodb/repositories/catalogs';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { createSqsClient, queuePublisher } from '#shared/adapters/sqs/client';
import { readPlans } from '#shared/adapters/stripe/catalog-reader';
import { applyCatalog, describeChange, diffCatalog, stripeCatalogPlanner } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { listAll } from '#shared/adapters/stripe/pagination';
import { catalog as builtInCatalog } from '#shared/domain/catalog/catalog';
import { refreshPlans } from '#shared/domain/catalog/listing';
import { stripeNames } from '#shared/domain/catalog/namespace';
import type { Plan } from '#shared/domain/catalog/plans';
import { projectCatalog } from '#shared/domain/catalog/projects';
import { startPropagation } from '#shared/domain/catalog/propagation';
import { type CatalogPushPorts, pushCatalog } from '#shared/domain/catalog/push';
import { Catalog } from '#shared/domain/catalog/schema';
import { applyUsageItems, planUsageItems } from '#shared/domain/subscriptions/align-usage';
import { AppError } from '#shared/errors';
import { ROOT, readDemoFile } from './common';
import { resolveTarget } from './keys';

const HELP = `npm run catalog -- <diff|apply|migrate-usage> [--project P] [--file catalog.json] [--force] [--dry-run] [--api-base URL] [--key sk_...]

  diff    show what would change (nothing is written); with --project also what still uses
          the plans and meters the file removes
  apply   make Stripe match the catalog; re-running it changes nothing. Changed amounts create a
          new price and archive the old one.
  migrate-usage
          give every live subscription the metered items of its plan (one per billed meter, on
          the plan's metered price; items of meters the plan no longer bills are removed), without
          proration; --dry-run lists what would change and writes nothing. Re-running changes nothing.
          With --project, that project's subscriptions, on its plans (its stored catalog is read,
          not pushed); without, every subscription on the built-in catalog's plans.

  --project P   push P's catalog: its own Stripe objects (lookup keys, product ids, features
                and meters named for P), the document stored in the table, the project's
                plans refreshed and every workspace's entitlements recomputed. Removing a plan
                still subscribed to, or a meter with usage this period, is refused with the
                list of what uses it; --force removes it anyway and prints the consequences.
  --file F      the catalog document (JSON, the format of GET /api/v1/admin/catalog); default
                the catalog in code (shared/domain/catalog/catalog.ts), the demo project's.

Without --project: the catalog in code against Stripe only, as the demo project's (no table).
Stripe: STRIPE_SECRET_KEY (and STRIPE_API_BASE) from the environment or the flags; with neither,
the emulator of a running \`npm start\`. Table (with --project): TABLE_NAME (and DYNAMODB_ENDPOINT)
from the environment, else the local stack's (.local/demo.json under TOLLGATE_LOCAL_DIR).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'api-base': { type: 'string' },
    key: { type: 'string' },
    project: { type: 'string' },
    file: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
const command = positionals[0];
if (values.help || !command || !['diff', 'apply', 'migrate-usage'].includes(command)) {
  process.stdout.write(`${HELP}\n`);
  process.exit(values.help ? 0 : 2);
}

const demo = readDemoFile(join(process.env.TOLLGATE_LOCAL_DIR || join(ROOT, '.local'), 'demo.json')) as
  | (ReturnType<typeof readDemoFile> & { queue_urls?: Record<string, string>; sqs_endpoint?: string })
  | undefined;

function target(): { secretKey: string; apiBase?: string; label: string } {
  const key = values.key ?? process.env.STRIPE_SECRET_KEY;
  const base = values['api-base'] ?? process.env.STRIPE_API_BASE;
  if (key) return { secretKey: key, apiBase: base, label: base ?? 'Stripe' };
  const apiBase = base ?? demo?.stripe_api_base ?? `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? 12111}`;
  return { secretKey: 'sk_test_local', apiBase, label: `${apiBase} (local emulator)` };
}

function readDocument(): Catalog {
  if (!values.file) return builtInCatalog;
  const parsed = Catalog.safeParse(JSON.parse(readFileSync(values.file, 'utf8')));
  if (!parsed.success) {
    process.stderr.write(
      `${values.file} is not a valid catalog:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}\n`,
    );
    process.exit(2);
  }
  return parsed.data;
}

const t = target();
const stripe = createStripeClient({ secretKey: t.secretKey, apiBase: t.apiBase, maxNetworkRetries: 1 });
const document = readDocument();

/** Gives the live subscriptions on these plans' prices (of one project, when named) their metered items. */
async function migrateUsage(plans: Plan[], projectId?: string) {
  const subs = (await listAll((a) => stripe.subscriptions.list({ limit: 100, starting_after: a }))).filter(
    (sub) => !projectId || sub.metadata.project_id === projectId,
  );
  let changed = 0;
  for (const sub of subs) {
    const p = planUsageItems(plans, sub);
    if (p.action === 'none') continue;
    changed++;
    const what = p.updates
      .map((u) => (u.deleted ? `- ${u.id}` : u.id ? `~ ${u.id} → ${u.price}` : `+ ${u.price}`))
      .join(', ');
    if (!values['dry-run']) await applyUsageItems(stripe, p);
    process.stdout.write(`  ${values['dry-run'] ? 'would update' : 'updated'} ${sub.id} (${p.plan}): ${what}\n`);
  }
  process.stdout.write(
    `${changed} of ${subs.length} live subscription(s) ${values['dry-run'] ? 'need' : 'got'} their metered items at ${t.label}.\n`,
  );
}

async function withoutProject() {
  if (command === 'diff') {
    const changes = await diffCatalog(stripe, document);
    process.stdout.write(
      changes.length
        ? `${changes.length} change(s) for ${t.label}:\n${changes.map((c) => `  ${describeChange(c)}`).join('\n')}\n`
        : `${t.label} matches the catalog.\n`,
    );
  } else if (command === 'migrate-usage') {
    await migrateUsage(await readPlans(stripe, { names: stripeNames('demo'), document }));
  } else {
    const applied = await applyCatalog(stripe, document, (done, total, c) =>
      process.stdout.write(`  [${done}/${total}] ${describeChange(c)}\n`),
    );
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} change(s) to ${t.label}.\n`
        : `${t.label} already matches the catalog; nothing to do.\n`,
    );
  }
}

async function withProject(projectId: string) {
  const where = resolveTarget({}, process.env, demo);
  const table = createTableContext({ tableName: where.tableName, endpoint: where.endpoint, region: where.region });
  const store = catalogRepository(table);
  // The project's own plans (or the built-in ones it uses): its catalog is read, never pushed.
  if (command === 'migrate-usage')
    return migrateUsage(await readPlans(stripe, await projectCatalog(store, projectId)), projectId);
  const queueUrl = process.env.CATALOG_QUEUE_URL || demo?.queue_urls?.catalog;
  const sqsEndpoint = process.env.SQS_ENDPOINT || demo?.sqs_endpoint;
  const clock = () => new Date();
  const ports: CatalogPushPorts = {
    store,
    stripe: stripeCatalogPlanner(async () => stripe),
    usage: catalogUsageRepository(table),
    refreshPlans: (p) =>
      refreshPlans(
        {
          planCache: planCacheRepository(table),
          clock,
          fetchPlans: async (id) => readPlans(stripe, await projectCatalog(store, id)),
        },
        p,
      ),
    propagate: async (p, reason) => {
      if (!queueUrl)
        return process.stdout.write(
          'No catalog-propagation queue known: existing workspaces follow at their next recompute.\n',
        );
      const run = await startPropagation(
        {
          runs: catalogPropagationRunRepository(table),
          queue: queuePublisher(createSqsClient({ endpoint: sqsEndpoint, region: where.region }), queueUrl),
          clock,
          newId: () => `cpr_${Date.now().toString(36)}`,
        },
        p,
        reason,
      );
      process.stdout.write(`Propagation ${run.runId} started: every workspace of ${p} is recomputed.\n`);
    },
    clock,
  };
  const r = await pushCatalog(ports, projectId, document, { dryRun: command === 'diff', force: values.force });
  const lines = r.changes.length ? r.changes.map((c) => `  ${c}`).join('\n') : '  (Stripe already matches)';
  process.stdout.write(
    `${command === 'diff' ? 'Would change' : 'Changed'} for project ${projectId} on ${t.label}:\n${lines}\n`,
  );
  for (const c of r.consequences)
    process.stdout.write(`${values.force || command === 'diff' ? 'consequence' : 'in use'}: ${c}\n`);
  if (command === 'diff' && r.in_use.length && !values.force)
    process.stdout.write(
      'apply would be refused: the catalog removes what is still in use (--force to remove it anyway).\n',
    );
  if (r.applied) process.stdout.write(`Stored catalog version ${r.version} of project ${projectId}.\n`);
}

try {
  if (values.project) await withProject(values.project);
  else await withoutProject();
} catch (e) {
  const err = e as Error;
  process.stderr.write(`catalog ${command} failed: ${err.message}\n`);
  if (e instanceof AppError && e.code === 'catalog_in_use') {
    for (const c of (e.details as { consequences: string[] }).consequences) process.stderr.write(`  ${c}\n`);
    process.exit(3);
  }
  process.exit(1);
}
process.exit(0);
