import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { packLookupKey, packProductId, planProductId, priceLookupKey } from '#shared/domain/catalog/catalog';
import type { Catalog } from '#shared/domain/catalog/schema';
import { stripeCall } from './errors';
import { listAll } from './pagination';

export type CatalogChange =
  | { op: 'create_meter'; key: string; name: string }
  | { op: 'create_feature'; key: string; name: string }
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
    };

export function describeChange(c: CatalogChange): string {
  switch (c.op) {
    case 'create_meter':
      return `+ meter ${c.key}`;
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
}

function desiredProducts(catalog: Catalog): DesiredProduct[] {
  const plans = catalog.plans.map((p) => ({
    id: planProductId(p.key),
    name: p.name,
    description: p.description,
    metadata: {
      tollgate_kind: 'plan',
      tollgate_plan: p.key,
      tollgate_default: String(p.default),
      tollgate_limits: JSON.stringify(p.limits),
      tollgate_credits_per_period: String(p.credits_per_period),
    },
    features: p.features,
    prices: (['month', 'year'] as const).flatMap((interval) =>
      Object.entries(p.prices[interval]).map(([currency, unitAmount]) => ({
        lookupKey: priceLookupKey(p.key, interval, currency),
        currency,
        unitAmount,
        interval,
        metadata: { tollgate_plan: p.key, tollgate_interval: interval },
      })),
    ),
  }));
  const packs = catalog.credit_packs.map((k) => ({
    id: packProductId(k.key),
    name: k.name,
    description: `${k.credits} AI credits, one-time`,
    metadata: { tollgate_kind: 'credit_pack', tollgate_pack: k.key, tollgate_credits: String(k.credits) },
    features: [],
    prices: Object.entries(k.prices).map(([currency, unitAmount]) => ({
      lookupKey: packLookupKey(k.key, currency),
      currency,
      unitAmount,
      metadata: { tollgate_pack: k.key },
    })),
  }));
  return [...plans, ...packs];
}

/** Compares the catalog with what the Stripe account holds; nothing is written. */
export async function diffCatalog(stripe: Stripe, catalog: Catalog): Promise<CatalogChange[]> {
  const changes: CatalogChange[] = [];
  const meters = await listAll((a) => stripe.billing.meters.list({ limit: 100, starting_after: a }));
  for (const m of catalog.meters) {
    if (!meters.some((x) => x.event_name === m.key && x.status !== 'inactive'))
      changes.push({ op: 'create_meter', key: m.key, name: m.name });
  }
  const features = await listAll((a) => stripe.entitlements.features.list({ limit: 100, starting_after: a }));
  const allFeatures = [...new Set(catalog.plans.flatMap((p) => p.features))];
  for (const f of allFeatures) {
    if (!features.some((x) => x.lookup_key === f))
      changes.push({ op: 'create_feature', key: f, name: f.replace(/_/g, ' ') });
  }
  const products = await listAll((a) => stripe.products.list({ limit: 100, starting_after: a }));
  const prices = await listAll((a) => stripe.prices.list({ limit: 100, active: true, starting_after: a }));
  for (const d of desiredProducts(catalog)) {
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
    for (const f of d.features) {
      if (!attached.some((x) => x.entitlement_feature.lookup_key === f))
        changes.push({ op: 'attach_feature', productId: d.id, feature: f });
    }
    for (const x of attached) {
      if (!d.features.includes(x.entitlement_feature.lookup_key)) {
        changes.push({
          op: 'detach_feature',
          productId: d.id,
          feature: x.entitlement_feature.lookup_key,
          attachmentId: x.id,
        });
      }
    }
    for (const p of d.prices) {
      const current = prices.find((x) => x.lookup_key === p.lookupKey);
      if (current && current.unit_amount === p.unitAmount && current.currency === p.currency) continue;
      // Prices are immutable in Stripe: a new amount is a new price that takes over the lookup key.
      changes.push({ op: 'create_price', productId: d.id, ...p, replaces: current?.id });
    }
  }
  return changes;
}

/**
 * Applies a diff. Every write carries an idempotency key of this run and change: the SDK's own
 * retries of a write reuse it, while another run (which diffs afresh) never replays an earlier
 * run's answer. A key built from the change alone would, for 24 hours: reverting a price to an
 * amount it had earlier that day would get the old, archived price back and leave none active.
 */
export async function applyCatalog(
  stripe: Stripe,
  catalog: Catalog,
  onProgress: (done: number, total: number, change: CatalogChange) => void = () => undefined,
): Promise<CatalogChange[]> {
  const changes = await diffCatalog(stripe, catalog);
  const featureIds = new Map<string, string>();
  const ensureFeatureIds = async () => {
    if (featureIds.size) return;
    for (const f of await listAll((a) => stripe.entitlements.features.list({ limit: 100, starting_after: a })))
      featureIds.set(f.lookup_key, f.id);
  };
  const run = randomUUID();
  let done = 0;
  for (const c of changes) {
    const key = (suffix: string) => ({ idempotencyKey: `catalog:${run}:${suffix}` });
    switch (c.op) {
      case 'create_meter':
        await stripeCall(() =>
          stripe.billing.meters.create(
            {
              display_name: c.name,
              event_name: c.key,
              default_aggregation: { formula: 'sum' },
              customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
              value_settings: { event_payload_key: 'value' },
            },
            key(`meter:${c.key}`),
          ),
        );
        break;
      case 'create_feature':
        await stripeCall(() =>
          stripe.entitlements.features.create({ lookup_key: c.key, name: c.name }, key(`feature:${c.key}`)),
        );
        break;
      case 'create_product':
        await stripeCall(() =>
          stripe.products.create(
            { id: c.id, name: c.name, description: c.description, metadata: c.metadata },
            key(`product:${c.id}`),
          ),
        );
        break;
      case 'update_product':
        await stripeCall(() =>
          stripe.products.update(c.id, {
            name: c.name,
            description: c.description,
            metadata: c.metadata,
            active: true,
          }),
        );
        break;
      case 'attach_feature':
        await ensureFeatureIds();
        await stripeCall(() =>
          stripe.products.createFeature(
            c.productId,
            { entitlement_feature: featureIds.get(c.feature)! },
            key(`pf:${c.productId}:${c.feature}`),
          ),
        );
        break;
      case 'detach_feature':
        await stripeCall(() => stripe.products.deleteFeature(c.productId, c.attachmentId));
        break;
      case 'create_price': {
        await stripeCall(() =>
          stripe.prices.create(
            {
              product: c.productId,
              currency: c.currency,
              unit_amount: c.unitAmount,
              lookup_key: c.lookupKey,
              transfer_lookup_key: true,
              metadata: c.metadata,
              ...(c.interval ? { recurring: { interval: c.interval, usage_type: 'licensed' } } : {}),
            },
            key(`price:${c.lookupKey}:${c.unitAmount}`),
          ),
        );
        if (c.replaces) await stripeCall(() => stripe.prices.update(c.replaces!, { active: false }));
        break;
      }
    }
    onProgress(++done, changes.length, c);
  }
  return changes;
}
