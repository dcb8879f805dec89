import type Stripe from 'stripe';
import * as z from 'zod';
import type { StripeNames } from '#shared/domain/catalog/namespace';
import type { Plan } from '#shared/domain/catalog/plans';
import { type Catalog, MeterLimit } from '#shared/domain/catalog/schema';
import { listAll } from './pagination';

const Limits = z.record(z.string(), MeterLimit);

/** Which project's objects to read: its Stripe names and the document that says which plans it has. */
export interface CatalogScope {
  names: StripeNames;
  document: Catalog;
}

/**
 * Normalises one project's plan products (metadata `tollgate_kind=plan`, ids from its names) and
 * their active prices. Only that project's objects are read: the products by id, then each
 * product's prices and features.
 */
export async function readPlans(stripe: Stripe, scope: CatalogScope): Promise<Plan[]> {
  const ids = scope.document.plans.map((p) => scope.names.planProductId(p.key));
  // Stripe refuses `ids` together with `starting_after`: pages of at most 100 ids instead.
  const pages = await Promise.all(
    Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) =>
      stripe.products.list({ ids: ids.slice(i * 100, i * 100 + 100), active: true, limit: 100 }),
    ),
  );
  const products = pages.flatMap((page) => page.data).filter((p) => p.metadata.tollgate_kind === 'plan');
  const plans = await Promise.all(
    products.map(async (p): Promise<Plan> => {
      const [features, prices] = await Promise.all([
        listAll((a) => stripe.products.listFeatures(p.id, { limit: 100, starting_after: a })),
        listAll((a) =>
          stripe.prices.list({ product: p.id, active: true, type: 'recurring', limit: 100, starting_after: a }),
        ),
      ]);
      const limits = Limits.safeParse(JSON.parse(p.metadata.tollgate_limits ?? '{}'));
      return {
        plan: p.metadata.tollgate_plan,
        name: p.name,
        description: p.description ?? '',
        default: p.metadata.tollgate_default === 'true',
        product_id: p.id,
        features: features.flatMap((f) => scope.names.featureKey(f.entitlement_feature.lookup_key) ?? []).sort(),
        limits: limits.success ? limits.data : {},
        credits_per_period: Number(p.metadata.tollgate_credits_per_period ?? 0),
        prices: prices
          .filter((x) => x.recurring && x.unit_amount !== null)
          .map((x) => ({
            id: x.id,
            lookup_key: x.lookup_key,
            interval: x.recurring!.interval as 'month' | 'year',
            currency: x.currency,
            unit_amount: x.unit_amount!,
          }))
          .sort((a, b) => a.interval.localeCompare(b.interval) || a.currency.localeCompare(b.currency)),
        usage_prices: prices
          .filter(
            (x) =>
              (typeof x.product === 'string' ? x.product : x.product.id) === p.id &&
              x.recurring?.usage_type === 'metered' &&
              x.metadata.tollgate_meter,
          )
          .map((x) => ({
            id: x.id,
            meter: x.metadata.tollgate_meter,
            interval: x.recurring!.interval as 'month' | 'year',
            currency: x.currency,
            included: x.metadata.tollgate_included ?? '0',
            unit_amount_decimal: x.metadata.tollgate_unit_amount_decimal ?? '0',
          }))
          .sort(
            (a, b) =>
              a.meter.localeCompare(b.meter) ||
              a.interval.localeCompare(b.interval) ||
              a.currency.localeCompare(b.currency),
          ),
      };
    }),
  );
  return plans.sort(
    (a, b) =>
      Number(b.default) - Number(a.default) || (a.prices[0]?.unit_amount ?? 0) - (b.prices[0]?.unit_amount ?? 0),
  );
}
