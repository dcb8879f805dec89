import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { CatalogStripe } from '#shared/domain/catalog/push';
import type { Catalog } from '#shared/domain/catalog/schema';
import { ValidationError } from '#shared/errors';
import {
  builtInScope,
  type CatalogChange,
  describeChange,
  diffCatalog,
  metadataProblems,
  type SyncScope,
  usageTiers,
} from './catalog-sync';
import { stripeCall } from './errors';
import { listAll } from './pagination';

/* Writing a catalog diff to Stripe (the diff itself is catalog-sync.ts). */

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
  scope: SyncScope = builtInScope(),
  planned?: CatalogChange[],
): Promise<CatalogChange[]> {
  const { names } = scope;
  const changes = planned ?? (await diffCatalog(stripe, catalog, scope));
  const featureIds = new Map<string, string>();
  const ensureFeatureIds = async () => {
    if (featureIds.size) return;
    for (const f of await listAll((a) => stripe.entitlements.features.list({ limit: 100, starting_after: a })))
      featureIds.set(f.lookup_key, f.id);
  };
  const meterIds = new Map<string, string>();
  const ensureMeterIds = async () => {
    if (meterIds.size) return;
    for (const m of await listAll((a) =>
      stripe.billing.meters.list({ limit: 100, status: 'active', starting_after: a }),
    ))
      meterIds.set(m.event_name, m.id);
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
              event_name: names.meterEventName(c.key),
              default_aggregation: { formula: 'sum' },
              customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
              value_settings: { event_payload_key: 'value' },
            },
            key(`meter:${c.key}`),
          ),
        );
        break;
      case 'deactivate_meter':
        await stripeCall(() => stripe.billing.meters.deactivate(c.meterId));
        break;
      case 'create_feature':
        await stripeCall(() =>
          stripe.entitlements.features.create(
            { lookup_key: names.featureLookupKey(c.key), name: c.name, metadata: { tollgate_project: names.project } },
            key(`feature:${c.key}`),
          ),
        );
        break;
      case 'archive_product':
        for (const price of c.prices) await stripeCall(() => stripe.prices.update(price, { active: false }));
        await stripeCall(() => stripe.products.update(c.id, { active: false }));
        break;
      case 'archive_price':
        await stripeCall(() => stripe.prices.update(c.id, { active: false }));
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
            { entitlement_feature: featureIds.get(names.featureLookupKey(c.feature))! },
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
      case 'create_usage_price': {
        await ensureMeterIds();
        const meter = meterIds.get(names.meterEventName(c.meter));
        if (!meter) throw new Error(`meter ${c.meter} is not in Stripe`);
        await stripeCall(() =>
          stripe.prices.create(
            {
              product: c.productId,
              currency: c.currency,
              billing_scheme: 'tiered',
              tiers_mode: 'graduated',
              // Stripe's SDK types decimals as its Decimal class; on the wire they are decimal strings.
              tiers: usageTiers(c).map((t) => ({
                up_to: t.up_to,
                unit_amount_decimal: t.unit_amount_decimal as unknown as Stripe.Decimal,
              })),
              recurring: { interval: c.interval, usage_type: 'metered', meter },
              lookup_key: c.lookupKey,
              transfer_lookup_key: true,
              metadata: c.metadata,
            },
            key(`usage-price:${c.lookupKey}:${c.included}:${c.unitAmountDecimal}`),
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

/** The push's Stripe side (shared/domain/catalog/push.ts): a project's diff, described, and applying exactly it. */
export function stripeCatalogPlanner(client: () => Promise<Stripe>): CatalogStripe {
  return {
    async plan(document, scope) {
      const problems = metadataProblems(document, scope.names);
      if (problems.length)
        throw new ValidationError(
          `The catalog cannot be written to Stripe: ${problems.join('; ')}`,
          problems.map((message) => ({ field: 'catalog', message })),
        );
      const stripe = await client();
      const changes = await diffCatalog(stripe, document, scope);
      return {
        changes: changes.map(describeChange),
        apply: async () => {
          await applyCatalog(stripe, document, undefined, scope, changes);
        },
      };
    },
  };
}
