import type Stripe from 'stripe';
import * as z from 'zod';
import type { Plan } from '#shared/domain/catalog/plans';
import { MeterLimit } from '#shared/domain/catalog/schema';
import { listAll } from './pagination';

const Limits = z.record(z.string(), MeterLimit);

/** Normalises Tollgate's plan products (metadata `tollgate_kind=plan`) and their active prices. */
export async function readPlans(stripe: Stripe): Promise<Plan[]> {
  const products = (await listAll((a) => stripe.products.list({ active: true, limit: 100, starting_after: a }))).filter(
    (p) => p.metadata.tollgate_kind === 'plan',
  );
  const prices = await listAll((a) =>
    stripe.prices.list({ active: true, type: 'recurring', limit: 100, starting_after: a }),
  );
  const plans = await Promise.all(
    products.map(async (p): Promise<Plan> => {
      const features = await listAll((a) => stripe.products.listFeatures(p.id, { limit: 100, starting_after: a }));
      const limits = Limits.safeParse(JSON.parse(p.metadata.tollgate_limits ?? '{}'));
      return {
        plan: p.metadata.tollgate_plan,
        name: p.name,
        description: p.description ?? '',
        default: p.metadata.tollgate_default === 'true',
        product_id: p.id,
        features: features.map((f) => f.entitlement_feature.lookup_key).sort(),
        limits: limits.success ? limits.data : {},
        credits_per_period: Number(p.metadata.tollgate_credits_per_period ?? 0),
        prices: prices
          .filter(
            (x) =>
              (typeof x.product === 'string' ? x.product : x.product.id) === p.id &&
              x.recurring &&
              x.unit_amount !== null,
          )
          .map((x) => ({
            id: x.id,
            lookup_key: x.lookup_key,
            interval: x.recurring!.interval as 'month' | 'year',
            currency: x.currency,
            unit_amount: x.unit_amount!,
          }))
          .sort((a, b) => a.interval.localeCompare(b.interval) || a.currency.localeCompare(b.currency)),
      };
    }),
  );
  return plans.sort(
    (a, b) =>
      Number(b.default) - Number(a.default) || (a.prices[0]?.unit_amount ?? 0) - (b.prices[0]?.unit_amount ?? 0),
  );
}
