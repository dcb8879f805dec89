import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { projectMetricsRepository } from '#shared/adapters/dynamodb/repositories/project-metrics';
import { listPlans } from '#shared/domain/catalog/listing';
import type { MetricsPorts } from '#shared/domain/metrics/ports';
import { catalogPorts } from './catalog';
import { lazy } from './lazy';

/** Project metrics: the counters and the plans' prices (for MRR). */
export const metricsPorts = lazy((): MetricsPorts => {
  const catalog = catalogPorts();
  return {
    store: projectMetricsRepository(tableFromConfig()),
    prices: {
      priceAmount: async (projectId, priceId) =>
        (await listPlans(catalog, projectId)).flatMap((p) => p.prices).find((p) => p.id === priceId),
    },
    clock: () => new Date(),
  };
});
