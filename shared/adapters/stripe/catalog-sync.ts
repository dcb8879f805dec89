import type Stripe from 'stripe';
import { type StripeNames, stripeNames } from '#shared/domain/catalog/namespace';
import { Catalog } from '#shared/domain/catalog/schema';
import { ValidationError } from '#shared/errors';
import { listAll } from './pagination';

export type CatalogChange =
  | { op: 'create_meter'; key: string; name: string }
  | { op: 'deactivate_meter'; key: string; meterId: string }
  | { op: 'create_feature'; key: string; name: string }
  | { op: 'archive_product'; id: string; prices: string[] }
  | { op: 'archive_price'; productId: string; id: string; lookupKey: string | null; metered: boolean }
  | { op: 'create_product'; id: string; name: string; description: string; metadata: Record<string, string> }
  | {
      op: 'update_product';
      id: string;
      name: string;
      description: string;
      metadata: Record<string, string>;
      fields: string[];
    }
  | { op: 'attach_feature'; productId: string; feature: string }
  | { op: 'detach_feature'; productId: string; feature: string; attachmentId: string }
  | {
      op: 'create_price';
      productId: string;
      lookupKey: string;
      currency: string;
      unitAmount: number;
      interval?: 'month' | 'year';
      metadata: Record<string, string>;
      replaces?: string;
    }
  | ({ op: 'create_usage_price'; productId: string; replaces?: string } & DesiredUsagePrice);

/** A plan's metered price for one meter: graduated, `included` units at 0, then the unit price. */
interface DesiredUsagePrice {
  lookupKey: string;
  currency: string;
  interval: 'month' | 'year';
  meter: string;
  included: string;
  unitAmountDecimal: string;
  metadata: Record<string, string>;
}

/** Stripe's tiers for a usage price: the included units free (when there are any), then every unit at the unit price. */
export function usageTiers(
  u: Pick<DesiredUsagePrice, 'included' | 'unitAmountDecimal'>,
): { up_to: number | 'inf'; unit_amount_decimal: string }[] {
  const rest = { up_to: 'inf' as const, unit_amount_decimal: u.unitAmountDecimal };
  return u.included === '0' ? [rest] : [{ up_to: Number(u.included), unit_amount_decimal: '0' }, rest];
}

/** Whether a price in Stripe already is this usage price (tiers expanded). */
function sameUsagePrice(x: Stripe.Price, u: DesiredUsagePrice, meterIds: Map<string, string>): boolean {
  const want = usageTiers(u);
  const tiers = x.tiers ?? [];
  return (
    x.currency === u.currency &&
    x.billing_scheme === 'tiered' &&
    x.tiers_mode === 'graduated' &&
    x.recurring?.usage_type === 'metered' &&
    x.recurring.interval === u.interval &&
    x.recurring.meter === meterIds.get(u.meter) &&
    tiers.length === want.length &&
    want.every(
      (t, i) =>
        (tiers[i].up_to ?? 'inf') === t.up_to &&
        String(tiers[i].unit_amount_decimal ?? tiers[i].unit_amount ?? '0') === t.unit_amount_decimal,
    )
  );
}

export function describeChange(c: CatalogChange): string {
  switch (c.op) {
    case 'create_meter':
      return `+ meter ${c.key}`;
    case 'deactivate_meter':
      return `- meter ${c.key} (deactivated)`;
    case 'archive_product':
      return `- product ${c.id} (archived with ${c.prices.length} price(s))`;
    case 'archive_price':
      return `- ${c.metered ? 'usage price' : 'price'} ${c.lookupKey ?? c.id} on ${c.productId} (archived)`;
    case 'create_feature':
      return `+ feature ${c.key}`;
    case 'create_product':
      return `+ product ${c.id} (${c.name})`;
    case 'update_product':
      return `~ product ${c.id}: ${c.fields.join(', ')}`;
    case 'attach_feature':
      return `+ feature ${c.feature} on ${c.productId}`;
    case 'detach_feature':
      return `- feature ${c.feature} from ${c.productId}`;
    case 'create_usage_price':
      return `${c.replaces ? '~' : '+'} usage price ${c.lookupKey}: ${c.included} ${c.meter} included, then ${c.unitAmountDecimal} ${c.currency} minor units each${c.replaces ? ` (archives ${c.replaces})` : ''}`;
    case 'create_price':
      return `${c.replaces ? `~ price ${c.lookupKey}: new amount ${c.unitAmount} ${c.currency} (archives ${c.replaces})` : `+ price ${c.lookupKey}: ${c.unitAmount} ${c.currency}${c.interval ? `/${c.interval}` : ' one-time'}`}`;
  }
}

interface DesiredProduct {
  id: string;
  name: string;
  description: string;
  metadata: Record<string, string>;
  features: string[];
  prices: {
    lookupKey: string;
    currency: string;
    unitAmount: number;
    interval?: 'month' | 'year';
    metadata: Record<string, string>;
  }[];
  usagePrices: DesiredUsagePrice[];
}

/** Whose objects a diff or an apply touches: one project's names (the built-in catalog's by default). */
export interface SyncScope {
  names: StripeNames;
  /** The document the project pushed before: plans, packs and meters it no longer has are retired. */
  previous?: Catalog;
}

export const builtInScope = (): SyncScope => ({ names: stripeNames('demo') });

function desiredProducts(catalog: Catalog, names: StripeNames): DesiredProduct[] {
  const project = { tollgate_project: names.project };
  const plans = catalog.plans.map((p) => ({
    id: names.planProductId(p.key),
    name: p.name,
    description: p.description,
    metadata: {
      ...project,
      tollgate_kind: 'plan',
      tollgate_plan: p.key,
      tollgate_default: String(p.default),
      tollgate_limits: JSON.stringify(p.limits),
      tollgate_credits_per_period: String(p.credits_per_period),
      tollgate_usage_prices: JSON.stringify(p.usage_prices),
    },
    features: p.features,
    usagePrices: (['month', 'year'] as const).flatMap((interval) =>
      Object.entries(p.usage_prices).flatMap(([meter, u]) =>
        Object.entries(u.unit_amount_decimal).map(([currency, unitAmountDecimal]) => ({
          lookupKey: names.usagePriceLookupKey(p.key, meter, interval, currency),
          currency,
          interval,
          meter,
          included: u.included,
          unitAmountDecimal,
          metadata: {
            ...project,
            tollgate_plan: p.key,
            tollgate_interval: interval,
            tollgate_meter: meter,
            tollgate_included: u.included,
            tollgate_unit_amount_decimal: unitAmountDecimal,
          },
        })),
      ),
    ),
    prices: (['month', 'year'] as const).flatMap((interval) =>
      Object.entries(p.prices[interval]).map(([currency, unitAmount]) => ({
        lookupKey: names.priceLookupKey(p.key, interval, currency),
        currency,
        unitAmount,
        interval,
        metadata: { ...project, tollgate_plan: p.key, tollgate_interval: interval },
      })),
    ),
  }));
  const packs = catalog.credit_packs.map((k) => ({
    id: names.packProductId(k.key),
    name: k.name,
    description: `${k.credits} AI credits, one-time`,
    metadata: { ...project, tollgate_kind: 'credit_pack', tollgate_pack: k.key, tollgate_credits: String(k.credits) },
    features: [] as string[],
    usagePrices: [],
    prices: Object.entries(k.prices).map(([currency, unitAmount]) => ({
      lookupKey: names.packLookupKey(k.key, currency),
      currency,
      unitAmount,
      metadata: { ...project, tollgate_pack: k.key },
    })),
  }));
  return [...plans, ...packs];
}

/** The metadata Stripe would refuse (keys over 40 characters, values over 500): a catalog that cannot be applied. */
export function metadataProblems(catalog: Catalog, names: StripeNames = stripeNames('demo')): string[] {
  const out: string[] = [];
  for (const d of desiredProducts(catalog, names)) {
    for (const [k, v] of Object.entries(d.metadata)) {
      if (k.length > 40) out.push(`${d.id}: metadata key ${k} is longer than 40 characters`);
      if (v.length > 500) out.push(`${d.id}: metadata ${k} is ${v.length} characters, Stripe keeps at most 500`);
    }
  }
  return out;
}

/** Compares the catalog with the project's objects in the Stripe account; nothing is written. */
export async function diffCatalog(
  stripe: Stripe,
  catalog: Catalog,
  scope: SyncScope = builtInScope(),
): Promise<CatalogChange[]> {
  // A document its schema refuses (a plan billing a meter the catalog no longer has) would be
  // half-applied before Stripe refused a write: refuse it before reading anything.
  const checked = Catalog.safeParse(catalog);
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => ({ field: i.path.join('.') || 'catalog', message: i.message }));
    throw new ValidationError(
      `The catalog is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  const { names } = scope;
  const changes: CatalogChange[] = [];
  const meters = await listAll((a) => stripe.billing.meters.list({ limit: 100, starting_after: a }));
  const liveMeter = (key: string) =>
    meters.find((x) => x.event_name === names.meterEventName(key) && x.status !== 'inactive');
  for (const m of catalog.meters) {
    if (!liveMeter(m.key)) changes.push({ op: 'create_meter', key: m.key, name: m.name });
  }
  for (const m of scope.previous?.meters ?? []) {
    const live = liveMeter(m.key);
    if (live && !catalog.meters.some((x) => x.key === m.key))
      changes.push({ op: 'deactivate_meter', key: m.key, meterId: live.id });
  }
  const features = await listAll((a) => stripe.entitlements.features.list({ limit: 100, starting_after: a }));
  const allFeatures = [...new Set(catalog.plans.flatMap((p) => p.features))];
  for (const f of allFeatures) {
    if (!features.some((x) => x.lookup_key === names.featureLookupKey(f)))
      changes.push({ op: 'create_feature', key: f, name: f.replace(/_/g, ' ') });
  }
  const desired = desiredProducts(catalog, names);
  const retired = scope.previous
    ? [
        ...scope.previous.plans.map((p) => names.planProductId(p.key)),
        ...scope.previous.credit_packs.map((k) => names.packProductId(k.key)),
      ].filter((id) => !desired.some((d) => d.id === id))
    : [];
  const ids = [...desired.map((d) => d.id), ...retired];
  // Only this project's products, by id (Stripe refuses `ids` with `starting_after`: pages of 100 ids).
  const products = (
    await Promise.all(
      Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) =>
        stripe.products.list({ ids: ids.slice(i * 100, i * 100 + 100), limit: 100 }),
      ),
    )
  ).flatMap((page) => page.data);
  // Tiers are expand-only: a metered price is compared by them.
  const pricesOf = (productId: string) =>
    listAll((a) =>
      stripe.prices.list({ product: productId, active: true, limit: 100, starting_after: a, expand: ['data.tiers'] }),
    );
  // The live Stripe meter of each catalog meter key (a metered price is attached to it).
  const meterIds = new Map(
    catalog.meters.flatMap((m) => {
      const live = liveMeter(m.key);
      return live && live.status === 'active' ? [[m.key, live.id] as const] : [];
    }),
  );
  for (const id of retired) {
    const existing = products.find((p) => p.id === id);
    if (existing?.active) changes.push({ op: 'archive_product', id, prices: (await pricesOf(id)).map((x) => x.id) });
  }
  for (const d of desired) {
    const existing = products.find((p) => p.id === d.id);
    if (!existing)
      changes.push({ op: 'create_product', id: d.id, name: d.name, description: d.description, metadata: d.metadata });
    else {
      const fields = [
        ...(existing.name !== d.name ? ['name'] : []),
        ...((existing.description ?? '') !== d.description ? ['description'] : []),
        ...(!existing.active ? ['active'] : []),
        ...Object.entries(d.metadata)
          .filter(([k, v]) => existing.metadata[k] !== v)
          .map(([k]) => `metadata.${k}`),
      ];
      if (fields.length)
        changes.push({
          op: 'update_product',
          id: d.id,
          name: d.name,
          description: d.description,
          metadata: d.metadata,
          fields,
        });
    }
    const attached = existing
      ? await listAll((a) => stripe.products.listFeatures(d.id, { limit: 100, starting_after: a }))
      : [];
    const attachedKey = (x: (typeof attached)[number]) => names.featureKey(x.entitlement_feature.lookup_key);
    for (const f of d.features) {
      if (!attached.some((x) => attachedKey(x) === f))
        changes.push({ op: 'attach_feature', productId: d.id, feature: f });
    }
    for (const x of attached) {
      const key = attachedKey(x);
      if (key === undefined || !d.features.includes(key)) {
        changes.push({
          op: 'detach_feature',
          productId: d.id,
          feature: key ?? x.entitlement_feature.lookup_key,
          attachmentId: x.id,
        });
      }
    }
    const prices = existing ? await pricesOf(d.id) : [];
    for (const p of d.prices) {
      const current = prices.find((x) => x.lookup_key === p.lookupKey);
      if (current && current.unit_amount === p.unitAmount && current.currency === p.currency) continue;
      // Prices are immutable in Stripe: a new amount is a new price that takes over the lookup key.
      changes.push({ op: 'create_price', productId: d.id, ...p, replaces: current?.id });
    }
    for (const u of d.usagePrices) {
      const current = prices.find((x) => x.lookup_key === u.lookupKey);
      if (current && sameUsagePrice(current, u, meterIds)) continue;
      changes.push({ op: 'create_usage_price', productId: d.id, ...u, replaces: current?.id });
    }
    // A product keeps exactly the prices its document declares: a price no longer declared (a
    // currency dropped, a meter no longer billed on the plan or removed from the catalog) is
    // archived, so no subscription or Checkout picks it up again.
    const declared = new Set([...d.prices, ...d.usagePrices].map((x) => x.lookupKey));
    for (const x of prices) {
      if (x.lookup_key !== null && declared.has(x.lookup_key)) continue;
      changes.push({
        op: 'archive_price',
        productId: d.id,
        id: x.id,
        lookupKey: x.lookup_key,
        metered: x.recurring?.usage_type === 'metered',
      });
    }
  }
  return changes;
}

export { applyCatalog, stripeCatalogPlanner } from './catalog-apply';
