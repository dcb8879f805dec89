import * as z from 'zod';

export const WINDOWS = ['day', 'month', 'billing_period'] as const;
export const Window = z.enum(WINDOWS);
export type Window = z.infer<typeof Window>;

export const MeterLimit = z.strictObject({
  /** null = unlimited. Decimal string so fractional limits stay exact. */
  limit: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullable(),
  window: Window,
  mode: z.enum(['soft', 'hard']),
});
export type MeterLimit = z.infer<typeof MeterLimit>;

const MinorAmounts = z.record(z.string().regex(/^[a-z]{3}$/), z.number().int().nonnegative());

const Decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal string');

/**
 * How a plan bills a meter: `included` units a period at no charge, then `unit_amount_decimal`
 * minor units per unit (per currency, a decimal string so fractions of a cent stay exact). Stripe
 * holds it as a graduated metered price: up to `included` at 0, the rest at the unit price.
 */
export const UsagePriceDef = z.strictObject({
  included: z.string().regex(/^\d+$/, 'must be a whole number of units'),
  unit_amount_decimal: z.record(z.string().regex(/^[a-z]{3}$/), Decimal),
});
export type UsagePriceDef = z.infer<typeof UsagePriceDef>;

export const PlanDef = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/),
  name: z.string(),
  description: z.string(),
  default: z.boolean().default(false),
  /** Per interval, per currency: unit amount in minor units. */
  prices: z.strictObject({ month: MinorAmounts, year: MinorAmounts }),
  features: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)),
  limits: z.record(z.string(), MeterLimit),
  credits_per_period: z.number().int().nonnegative(),
  /** A workspace on this plan is told once its credit balance falls below this (`credits.low_balance`). */
  low_balance_threshold: z.number().int().nonnegative().default(0),
  /** Meters billed as overage on this plan; a meter not named here is not billed. */
  usage_prices: z.record(z.string(), UsagePriceDef).default({}),
});
export type PlanDef = z.infer<typeof PlanDef>;

/** A meter's key: it names the meter in counters, stored keys and Stripe meter event names. */
export const METER_KEY = /^[a-z][a-z0-9_]*$/;

export const MeterDef = z.strictObject({
  key: z.string().regex(METER_KEY),
  name: z.string(),
  /** Names producers may send as `event_type` for this meter. */
  event_types: z.array(z.string()).min(1),
  /** Units are paid from the credit ledger (each unit debits one credit), never billed again as overage by a metered price. */
  credit_backed: z.boolean().default(false),
});
export type MeterDef = z.infer<typeof MeterDef>;

export const CreditPackDef = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string(),
  credits: z.number().int().positive(),
  prices: MinorAmounts,
});
export type CreditPackDef = z.infer<typeof CreditPackDef>;

/** Something an app does that costs credits (`POST /credits/consume` names it). */
export const CreditEventDef = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
  description: z.string(),
  credit_cost: z.number().int().positive(),
  category: z.string().regex(/^[a-z][a-z0-9_]*$/),
  active: z.boolean().default(true),
});
export type CreditEventDef = z.infer<typeof CreditEventDef>;

export const Catalog = z
  .strictObject({
    meters: z.array(MeterDef),
    plans: z.array(PlanDef).min(1),
    credit_packs: z.array(CreditPackDef),
    credit_events: z.array(CreditEventDef).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.plans.filter((p) => p.default).length !== 1)
      ctx.addIssue({ code: 'custom', message: 'exactly one plan must be the default' });
    const meters = new Set(c.meters.map((m) => m.key));
    for (const p of c.plans)
      for (const m of Object.keys(p.limits))
        if (!meters.has(m)) ctx.addIssue({ code: 'custom', message: `plan ${p.key} limits unknown meter ${m}` });
    const names = c.credit_events.map((e) => e.name);
    for (const n of names.filter((x, i) => names.indexOf(x) !== i))
      ctx.addIssue({ code: 'custom', message: `credit event ${n} is declared twice` });
    const creditBacked = new Set(c.meters.filter((m) => m.credit_backed).map((m) => m.key));
    for (const p of c.plans) {
      const currencies = Object.keys(p.prices.month);
      for (const [m, u] of Object.entries(p.usage_prices)) {
        const path = ['plans', c.plans.indexOf(p), 'usage_prices', m];
        if (!meters.has(m)) ctx.addIssue({ code: 'custom', path, message: `plan ${p.key} prices unknown meter ${m}` });
        if (creditBacked.has(m)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `meter ${m} is credit-backed: its units are paid from the credit ledger, so plan ${p.key} may not also bill it by a metered price`,
          });
        }
        for (const cur of currencies) {
          if (!(cur in u.unit_amount_decimal))
            ctx.addIssue({ code: 'custom', path, message: `plan ${p.key} bills ${m} without a unit price in ${cur}` });
        }
        for (const cur of Object.keys(u.unit_amount_decimal)) {
          if (!currencies.includes(cur))
            ctx.addIssue({
              code: 'custom',
              path,
              message: `plan ${p.key} has no ${cur} price for the ${m} unit price to sit beside`,
            });
        }
      }
    }
  });
export type Catalog = z.infer<typeof Catalog>;
