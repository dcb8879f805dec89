import { ConflictError, UnprocessableError, ValidationError } from '#shared/errors';
import { CATALOG_PROJECT_ID, type StripeNames, stripeNames } from './namespace';
import type { CatalogStore } from './ports';
import { projectCatalog } from './projects';
import type { Catalog } from './schema';

/** What still uses a plan or a meter that a pushed catalog no longer has. */
export interface InUse {
  kind: 'plan' | 'meter';
  key: string;
  /** How many workspaces, and the first of them by id. */
  count: number;
  workspaces: string[];
}

/** Finds the project's workspaces subscribed to `plans` or with usage of `meters` in a window current at `now`. */
export interface CatalogUsage {
  inUse(projectId: string, q: { plans: string[]; meters: string[]; now: Date }): Promise<InUse[]>;
}

/** The Stripe side of a push: what would change for this project, and doing it. */
export interface CatalogStripe {
  plan(
    document: Catalog,
    scope: { names: StripeNames; previous?: Catalog },
  ): Promise<{ changes: string[]; apply(): Promise<void> }>;
}

export interface CatalogPushPorts {
  store: CatalogStore;
  stripe: CatalogStripe;
  usage: CatalogUsage;
  /** Reads the project's plans from Stripe again into its plan cache. */
  refreshPlans(projectId: string): Promise<unknown>;
  /** Starts bringing the change to every workspace's entitlements. */
  propagate(projectId: string, reason: string): Promise<unknown>;
  clock: () => Date;
}

export interface PushResult {
  project_id: string;
  dry_run: boolean;
  /** Whether Stripe and the stored document were changed. */
  applied: boolean;
  /** The stored version after the push (before it, for a dry run). */
  version: number;
  changes: string[];
  removed: { plans: string[]; meters: string[]; credit_packs: string[] };
  in_use: InUse[];
  /** What a forced push does to what still uses the removed plans and meters. */
  consequences: string[];
}

const keysOf = (xs: { key: string }[]) => xs.map((x) => x.key);
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

function consequence(u: InUse, defaultPlan: string): string {
  const who = `${u.count} workspace(s) (${u.workspaces.join(', ')}${u.count > u.workspaces.length ? ', …' : ''})`;
  return u.kind === 'plan'
    ? `plan ${u.key}: ${who} subscribe to it; their Stripe subscriptions keep billing its archived prices until changed, and their entitlements fall back to the default plan ${defaultPlan}`
    : `meter ${u.key}: ${who} have usage in the current period; its Stripe meter is deactivated, and that usage is no longer counted, limited or billed`;
}

/**
 * Pushes a project's catalog document: diffs it against the project's own Stripe objects, refuses
 * removing a plan still subscribed to or a meter with usage this period (unless forced), applies
 * the diff to Stripe, stores the document, refreshes the plan cache and starts propagating the
 * change to the workspaces' entitlements. A dry run only reports.
 */
export async function pushCatalog(
  ports: CatalogPushPorts,
  projectId: string,
  document: Catalog,
  opts: { dryRun?: boolean; force?: boolean } = {},
): Promise<PushResult> {
  if (!CATALOG_PROJECT_ID.test(projectId)) {
    throw new UnprocessableError(
      `Project id '${projectId}' cannot name Stripe objects: use letters, digits, _ and - only`,
      'project_id_unusable',
    );
  }
  const tooLong = document.plans.filter((p) => JSON.stringify(p.limits).length > 500).map((p) => p.key);
  if (tooLong.length) {
    throw new ValidationError(
      `plans ${tooLong.join(', ')}: limits take more than the 500 characters Stripe keeps in metadata`,
      tooLong.map((k) => ({ field: `plans.${k}.limits`, message: 'too many limits for Stripe metadata' })),
    );
  }
  const current = await projectCatalog(ports.store, projectId);
  const own = current.owner === projectId;
  const removed = {
    plans: minus(keysOf(current.document.plans), keysOf(document.plans)),
    meters: minus(keysOf(current.document.meters), keysOf(document.meters)),
    credit_packs: minus(keysOf(current.document.credit_packs), keysOf(document.credit_packs)),
  };
  const inUse =
    removed.plans.length || removed.meters.length
      ? await ports.usage.inUse(projectId, { plans: removed.plans, meters: removed.meters, now: ports.clock() })
      : [];
  const defaultPlan = document.plans.find((p) => p.default)?.key ?? '';
  const consequences = inUse.map((u) => consequence(u, defaultPlan));
  const planned = await ports.stripe.plan(document, {
    names: stripeNames(projectId),
    previous: own ? current.document : undefined,
  });
  const result: PushResult = {
    project_id: projectId,
    dry_run: Boolean(opts.dryRun),
    applied: false,
    version: current.version,
    changes: planned.changes,
    removed,
    in_use: inUse,
    consequences,
  };
  if (opts.dryRun) return result;
  if (inUse.length && !opts.force) {
    throw new ConflictError(
      `The catalog removes what is still in use: ${inUse.map((u) => `${u.kind} ${u.key} (${u.count} workspace(s))`).join(', ')}. Push with force to remove it anyway.`,
      'catalog_in_use',
      { in_use: inUse, consequences },
    );
  }
  await planned.apply();
  const version = (own ? current.version : 0) + 1;
  await ports.store.put(
    { projectId, document, version, updatedAt: ports.clock().toISOString() },
    own ? current.version : 0,
  );
  await ports.refreshPlans(projectId);
  await ports.propagate(projectId, `catalog version ${version}`);
  return { ...result, applied: true, version };
}
