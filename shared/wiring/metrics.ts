import { tableFromConfig } from '../adapters/dynamodb/client';
import { projectMetricsRepository } from '../adapters/dynamodb/repositories/project-metrics';
import { listPlans } from '../domain/catalog/listing';
import type { MetricsPorts } from '../domain/metrics/ports';
import { catalogPorts } from './catalog';
import { lazy } from './lazy';

/** Project metrics: the counters and the plans' prices (for MRR). */
export const metricsPorts = lazy((): MetricsPorts => {
  const catalog = catalogPorts();
  return {
    store: projectMetricsRepository(tableFromConfig()),
    prices: {
      // Every project reads the same plans today; the project is passed for when each has its own.
      priceAmount: async (_projectId, priceId) => (await listPlans(catalog)).flatMap((p) => p.prices).find((p) => p.id === priceId),
    },
    clock: () => new Date(),
  };
});

/** The metrics routes read the counters only (no plans, no Stripe). */
export const metricsReadPorts = lazy(() => ({ store: projectMetricsRepository(tableFromConfig()), clock: () => new Date() }));
