import { packLookupKey, packProductId, planProductId, priceLookupKey, usagePriceLookupKey } from './catalog';

/**
 * The project whose catalog is the one in code (shared/domain/catalog/catalog.ts). Its Stripe
 * objects keep the names they had before projects owned catalogs (`tollgate_plan_pro`,
 * `tollgate_pro_month_usd`, meter `ai_credits`), so subscriptions on those prices keep working.
 * A project that has pushed no catalog of its own uses this one, and its Stripe objects.
 */
export const BUILT_IN_CATALOG_PROJECT = 'demo';

/** Project ids that can name Stripe objects: Stripe's custom ids allow `[A-Za-z0-9_-]` only. */
export const CATALOG_PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * How one project's catalog is named in the one Stripe account. Every other project's names
 * differ: product ids are `tg-<project>-<plan|pack>-<key>` (keys have no `-`, so the parts
 * cannot be confused), lookup keys, feature lookup keys and meter event names carry
 * `tg:<project>:` (`:` is not allowed in a project id). Each object also carries
 * `metadata.tollgate_project`.
 */
export interface StripeNames {
  project: string;
  planProductId(plan: string): string;
  packProductId(pack: string): string;
  priceLookupKey(plan: string, interval: 'month' | 'year', currency: string): string;
  packLookupKey(pack: string, currency: string): string;
  /** A plan's metered price for one meter. */
  usagePriceLookupKey(plan: string, meter: string, interval: 'month' | 'year', currency: string): string;
  featureLookupKey(feature: string): string;
  /** The catalog's feature key of a Stripe feature lookup key, or undefined when it is not this project's. */
  featureKey(lookupKey: string): string | undefined;
  meterEventName(meter: string): string;
}

const builtIn: StripeNames = {
  project: BUILT_IN_CATALOG_PROJECT,
  planProductId,
  packProductId,
  priceLookupKey,
  packLookupKey,
  usagePriceLookupKey,
  featureLookupKey: (f) => f,
  featureKey: (k) => (k.startsWith('tg:') ? undefined : k),
  meterEventName: (m) => m,
};

export function stripeNames(projectId: string): StripeNames {
  if (projectId === BUILT_IN_CATALOG_PROJECT) return builtIn;
  const p = `tg:${projectId}:`;
  return {
    project: projectId,
    planProductId: (plan) => `tg-${projectId}-plan-${plan}`,
    packProductId: (pack) => `tg-${projectId}-pack-${pack}`,
    priceLookupKey: (plan, interval, currency) => `${p}plan:${plan}:${interval}:${currency}`,
    packLookupKey: (pack, currency) => `${p}pack:${pack}:${currency}`,
    usagePriceLookupKey: (plan, meter, interval, currency) => `${p}usage:${plan}:${meter}:${interval}:${currency}`,
    featureLookupKey: (f) => `${p}${f}`,
    featureKey: (k) => (k.startsWith(p) ? k.slice(p.length) : undefined),
    meterEventName: (m) => `${p}${m}`,
  };
}

/**
 * The project a Stripe catalog object belongs to: its `tollgate_project` metadata, else its
 * product id (`tg-<project>-…`, or the built-in catalog's `tollgate_…`); undefined when it is
 * not Tollgate's.
 */
export function projectOfCatalogObject(
  metadata: Record<string, string> | null | undefined,
  productId: string | undefined,
): string | undefined {
  if (metadata?.tollgate_project) return metadata.tollgate_project;
  if (!productId) return undefined;
  if (productId.startsWith('tollgate_')) return BUILT_IN_CATALOG_PROJECT;
  const m = /^tg-(.+)-(plan|pack)-[a-z][a-z0-9_]*$/.exec(productId);
  return m?.[1];
}
