import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { describeFailure, tableProbe } from '#shared/adapters/health';
import type { DependencyProbe, HealthPorts } from '#shared/domain/health/ports';

export const queueProbe =
  (sqs: SQSClient, url: string): DependencyProbe =>
  (opts) =>
    sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }), opts);

/** The table and every configured queue (a queue without a URL is not checked). */
export function dependencyProbes(deps: {
  table: TableContext;
  sqs: SQSClient;
  queues: Record<string, string>;
  timeoutMs?: number;
}): HealthPorts {
  const probes: Record<string, DependencyProbe> = { dynamodb: tableProbe(deps.table) };
  for (const [name, url] of Object.entries(deps.queues)) if (url) probes[`sqs:${name}`] = queueProbe(deps.sqs, url);
  return { probes, describeFailure, timeoutMs: deps.timeoutMs };
}
