import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { IsoDateTime } from '#shared/http/schemas';

const common = {
  tag: 'Metrics',
  auth: 'api-key' as const,
  scopes: ['finance' as const],
  access: { table: 'read' as const },
  errors: [400, 404],
};

export const MetricsParams = z.strictObject({
  project_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a project id such as demo'),
});
const PeriodQuery = z.strictObject({
  from: IsoDateTime.optional().meta({ description: 'Start of the period (default: 30 days before `to`)' }),
  to: IsoDateTime.optional().meta({ description: 'End of the period (default: now)' }),
});
const int = z.number().int();

export const SubscriptionMetricsDto = z.object({
  project_id: z.string(),
  from: z.string(),
  to: z.string(),
  total: int,
  by_status: z.record(z.string(), int).meta({ description: 'Subscriptions now, by Stripe status' }),
  by_plan: z
    .record(z.string(), z.record(z.string(), int))
    .meta({ description: 'Subscriptions now, by plan then status' }),
  trials: int.meta({ description: 'Trialing now' }),
  trials_started: int.meta({ description: 'Trials started in the period' }),
  trial_conversions: int.meta({ description: 'Trials that became active in the period' }),
  cancellations: int.meta({ description: 'Subscriptions canceled in the period' }),
  live_at_start: int.meta({ description: 'Active, trialing or past-due subscriptions when the period started' }),
  churn_rate: z.number().nullable().meta({ description: 'cancellations / live_at_start (null when none were live)' }),
  daily: z.array(
    z.object({ day: z.string(), trials_started: int, trial_conversions: int, cancellations: int, live_delta: int }),
  ),
});

const CurrencyRevenue = z.object({
  collected: int.meta({
    description: 'Paid invoices (out-of-band settlements included) and credit packs, minor units',
  }),
  refunds: int,
  net: int.meta({ description: 'collected - refunds' }),
  credit_packs: int.meta({ description: 'Of collected: credit packs' }),
  out_of_band: int.meta({ description: 'Of collected: invoices paid outside Stripe (Razorpay, bank transfer)' }),
  invoices: int.meta({ description: 'Invoices paid in the period' }),
  mrr: int.meta({ description: 'Monthly recurring revenue now (annual prices / 12), minor units' }),
  mrr_subscriptions: int,
});

export const RevenueMetricsDto = z.object({
  project_id: z.string(),
  from: z.string(),
  to: z.string(),
  currencies: z.record(z.string(), CurrencyRevenue),
  daily: z.array(
    z.object({
      day: z.string(),
      currency: z.string(),
      collected: int,
      refunds: int,
      net: int,
      credit_packs: int,
      out_of_band: int,
      invoices: int,
    }),
  ),
});

export const subscriptionMetricsRoute = defineRoute({
  ...common,
  id: 'subscriptionMetrics',
  method: 'GET',
  path: '/api/v1/metrics/project/{project_id}/subscriptions',
  summary:
    "The key's project's subscriptions by status and plan, trials, conversions, cancellations and churn in a period",
  params: MetricsParams,
  query: PeriodQuery,
  response: SubscriptionMetricsDto,
  handler: 'functions/http/metrics/project.ts',
});

export const revenueMetricsRoute = defineRoute({
  ...common,
  id: 'revenueMetrics',
  method: 'GET',
  path: '/api/v1/metrics/project/{project_id}/revenue',
  summary:
    "The key's project's revenue per currency in a period (collected, refunds, net, with a daily series) and MRR now",
  params: MetricsParams,
  query: PeriodQuery,
  response: RevenueMetricsDto,
  handler: 'functions/http/metrics/project.ts',
});
