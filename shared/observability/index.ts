import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from '#shared/config';
import { METRICS_NAMESPACE } from './names';

/** One logger and one metrics instance per container, shared by every handler. */
export const logger = new Logger({
  serviceName: config().POWERTOOLS_SERVICE_NAME,
  logLevel: config().LOG_LEVEL,
});

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: config().POWERTOOLS_SERVICE_NAME,
  defaultDimensions: { stage: config().STAGE },
});

export { METRIC } from './names';
export { MetricUnit };
