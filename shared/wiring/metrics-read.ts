import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { projectMetricsRepository } from '#shared/adapters/dynamodb/repositories/project-metrics';
import { lazy } from './lazy';

/** The metrics routes read the counters only (no plans, no Stripe). */
export const metricsReadPorts = lazy(() => ({
  store: projectMetricsRepository(tableFromConfig()),
  clock: () => new Date(),
}));
