import { assertOwnProject, resolvePeriod, revenueMetrics, subscriptionMetrics } from '#shared/domain/metrics/read';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { revenueMetricsRoute, subscriptionMetricsRoute } from '#shared/http/routes/metrics';
import { metricsReadPorts } from '#shared/wiring/metrics-read';

const subscriptions = httpHandler(subscriptionMetricsRoute, async ({ auth, params, query }) => {
  assertOwnProject(auth.projectId, params.project_id);
  return subscriptionMetrics(metricsReadPorts(), params.project_id, resolvePeriod(query, new Date()));
});

const revenue = httpHandler(revenueMetricsRoute, async ({ auth, params, query }) => {
  assertOwnProject(auth.projectId, params.project_id);
  return revenueMetrics(metricsReadPorts(), params.project_id, resolvePeriod(query, new Date()));
});

/** Both metrics answers share one function: same table reads, same grants. */
export const handler = httpRouter(subscriptions, revenue);
