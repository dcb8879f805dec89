import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { endpointSlotRepository } from '#shared/adapters/dynamodb/repositories/endpoint-slot';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { webhookDeliveryRepository } from '#shared/adapters/dynamodb/repositories/webhook-delivery';
import { webhookEndpointRepository } from '#shared/adapters/dynamodb/repositories/webhook-endpoint';
import { memoryBus } from '#shared/adapters/events/bus';
import { withWebhookDelivery } from '#shared/adapters/events/outbound-bus';
import { httpWebhookSender } from '#shared/adapters/outbound/http-sender';
import { deliveryQueue } from '#shared/adapters/sqs/delivery-queue';
import type { AttemptPorts } from '#shared/domain/outbound/attempt';
import { processOutboundBatch } from '#shared/domain/outbound/consumer';
import type { EndpointPorts } from '#shared/domain/outbound/endpoints';
import type { FanOutPorts } from '#shared/domain/outbound/fan-out';
import { OutboundMessageSchema } from '#shared/domain/outbound/messages';
import type { BillingEvent, Delivery } from '#shared/domain/outbound/ports';
import { sqsBatchHandler } from '#shared/sqs/consumer';
import { queues } from '#shared/sqs/queues';
import { startPoller } from '../../dev/sqs-poller';
import { freshQueue, freshTable, localSqs } from './local';
import { until } from './until';

export interface HarnessOptions {
  retryBaseSeconds?: number;
  retryWindowSeconds?: number;
  slots?: number;
  /** Attempts to one endpoint this consumer runs at once; more than `slots` stands for several consumers. */
  perEndpoint?: number;
  timeoutMs?: number;
}

/**
 * Outbound webhooks over real parts: DynamoDB Local, a queue on the SQS server drained by the
 * local poller (as Lambda's event source mapping would), the real HTTP sender, and a bus that
 * publishes to that queue. Retries are seconds apart instead of minutes.
 */
export async function startOutbound(opts: HarnessOptions = {}) {
  const table: TableContext = await freshTable('outbound');
  const sqs: SQSClient = localSqs();
  const q = await freshQueue(sqs, { maxReceiveCount: 5, visibility: 60 });
  const queue = deliveryQueue(sqs, q.url);
  const endpoints = webhookEndpointRepository(table);
  const deliveries = webhookDeliveryRepository(table);
  const clock = () => new Date();
  const policy = { allowLoopback: true };
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const attempt: AttemptPorts = {
    endpoints,
    deliveries,
    queue,
    gate: endpointSlotRepository(table, { slots: opts.slots ?? 4 }),
    sender: httpWebhookSender({ policy, timeoutMs, maxResponseBytes: 4096 }),
    clock,
    retry: {
      baseSeconds: opts.retryBaseSeconds ?? 1,
      capSeconds: 4,
      windowSeconds: opts.retryWindowSeconds ?? 3 * 86_400,
    },
    leaseMs: timeoutMs + 10_000,
    maxQueueDelaySeconds: 900,
    busyDelaySeconds: 1,
  };
  const fanOut: FanOutPorts = {
    endpoints,
    deliveries,
    queue,
    clock,
    backstopSeconds: Math.ceil(attempt.leaseMs / 1000) + 30,
  };
  const endpointPorts: EndpointPorts = { endpoints, clock, policy };
  const outcomes: string[] = [];
  const handler = sqsBatchHandler({
    queue: 'webhook-deliveries',
    schema: OutboundMessageSchema,
    ports: { poison: poisonRepository(table), now: clock },
    handleBatch: async (messages) => {
      const r = await processOutboundBatch(
        { fanOut, attempt, perEndpoint: opts.perEndpoint ?? opts.slots ?? 4 },
        messages,
      );
      outcomes.push(...r.outcomes);
      return { failed: r.failed };
    },
  });
  const def = { ...queues.find((x) => x.id === 'outbound')!, name: q.name, dlqName: `${q.name}-dlq` };
  const poller = startPoller({
    sqs,
    queue: def,
    queueUrl: q.url,
    handler: async () => handler as never,
    idleSleepMs: 50,
  });
  const bus = withWebhookDelivery(memoryBus(), queue);

  let n = 0;
  const event = (
    projectId: string,
    type: string,
    data: Record<string, unknown> = {},
    workspaceId = 'ws_1',
  ): BillingEvent => ({
    id: `evt_test_${Date.now()}_${n++}`,
    type,
    project_id: projectId,
    workspace_id: workspaceId,
    occurred_at: new Date().toISOString(),
    data,
  });
  const waitFor = (what: string, projectId: string, endpointId: string, pred: (ds: Delivery[]) => boolean) =>
    until(what, async () => {
      const page = await deliveries.list(projectId, endpointId, { limit: 100 });
      return pred(page.deliveries) ? page.deliveries : undefined;
    });
  return {
    table,
    sqs,
    queueUrl: q.url,
    queue,
    endpoints,
    deliveries,
    attempt,
    fanOut,
    endpointPorts,
    bus,
    event,
    outcomes,
    waitFor,
    stop: () => poller.stop(),
  };
}
