import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { endpointSlotRepository } from '#shared/adapters/dynamodb/repositories/endpoint-slot';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { usageDaySourceRepository } from '#shared/adapters/dynamodb/repositories/usage-day-source';
import { webhookDeliveryRepository } from '#shared/adapters/dynamodb/repositories/webhook-delivery';
import { webhookEndpointRepository } from '#shared/adapters/dynamodb/repositories/webhook-endpoint';
import { workspaceFeedRepository } from '#shared/adapters/dynamodb/repositories/workspace-feed';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { httpWebhookSender } from '#shared/adapters/outbound/http-sender';
import { sqsFromConfig } from '#shared/adapters/sqs/client';
import { deliveryQueue, MAX_SQS_DELAY_SECONDS } from '#shared/adapters/sqs/delivery-queue';
import { config } from '#shared/config';
import type { AddressPolicy } from '#shared/domain/outbound/address-policy';
import type { AggregationPorts } from '#shared/domain/outbound/aggregation';
import type { AttemptPorts } from '#shared/domain/outbound/attempt';
import type { OutboundBatchPorts } from '#shared/domain/outbound/consumer';
import type { DeliveryPorts } from '#shared/domain/outbound/deliveries';
import type { EndpointPorts } from '#shared/domain/outbound/endpoints';
import type { FanOutPorts } from '#shared/domain/outbound/fan-out';
import { DEFAULT_STREAM_OPTIONS, type StreamOptions, type StreamPorts } from '#shared/domain/outbound/stream';
import { apiKeyAuthenticator } from '#shared/http/middleware/api-key-auth';
import { lazy } from './lazy';

/**
 * The composition root of outbound integrations: webhook endpoints and deliveries, the live
 * stream and the daily usage aggregation. Everything is built on first use, once per container.
 */
const clock = () => new Date();

/** https only in AWS; the local stack may also deliver over http to loopback (a receiver on this machine). */
export const addressPolicy = lazy((): AddressPolicy => ({ allowLoopback: config().STAGE === 'local' }));

const stores = lazy(() => {
  const table = tableFromConfig();
  return {
    endpoints: webhookEndpointRepository(table),
    deliveries: webhookDeliveryRepository(table),
    queue: deliveryQueue(sqsFromConfig(), config().OUTBOUND_QUEUE_URL),
  };
});

export const endpointPorts = lazy(
  (): EndpointPorts => ({ endpoints: stores().endpoints, clock, policy: addressPolicy() }),
);

export const deliveryPorts = lazy((): DeliveryPorts => ({ ...stores(), clock }));

/** An attempt holds its claim this long: the sender's timeout and time to record the result. */
const leaseMs = () => config().WEBHOOK_TIMEOUT_MS + 20_000;

export const fanOutPorts = lazy(
  (): FanOutPorts => ({ ...stores(), clock, backstopSeconds: Math.ceil(leaseMs() / 1000) + 30 }),
);

/** Attempts to one endpoint that one consumer runs at once (the slots bound all consumers together). */
export const perEndpointConcurrency = () => config().WEBHOOK_ENDPOINT_CONCURRENCY;

export const attemptPorts = lazy((): AttemptPorts => {
  const c = config();
  return {
    ...stores(),
    gate: endpointSlotRepository(tableFromConfig(), { slots: c.WEBHOOK_ENDPOINT_CONCURRENCY }),
    sender: httpWebhookSender({ policy: addressPolicy(), timeoutMs: c.WEBHOOK_TIMEOUT_MS, maxResponseBytes: 4096 }),
    clock,
    retry: {
      baseSeconds: c.WEBHOOK_RETRY_BASE_SECONDS,
      capSeconds: 12 * 3600,
      windowSeconds: c.WEBHOOK_RETRY_WINDOW_SECONDS,
    },
    leaseMs: leaseMs(),
    maxQueueDelaySeconds: MAX_SQS_DELAY_SECONDS,
    busyDelaySeconds: 2,
  };
});

/** The webhook-deliveries consumer's ports. */
export const outboundBatchPorts = lazy(
  (): OutboundBatchPorts => ({ fanOut: fanOutPorts(), attempt: attemptPorts(), perEndpoint: perEndpointConcurrency() }),
);

export const streamPorts = lazy(
  (): StreamPorts & { options: StreamOptions; workspaces: ReturnType<typeof workspaceRepository> } => {
    const c = config();
    const table = tableFromConfig();
    return {
      feed: workspaceFeedRepository(table),
      workspaces: workspaceRepository(table),
      clock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      options: {
        ...DEFAULT_STREAM_OPTIONS,
        maxSeconds: c.STREAM_MAX_SECONDS,
        heartbeatSeconds: c.STREAM_HEARTBEAT_SECONDS,
        pollMs: c.STREAM_POLL_MS,
      },
    };
  },
);

/** API-key authentication for the streaming route, which runs outside the JSON pipeline. */
export const streamAuth = lazy(() => ({
  authenticate: apiKeyAuthenticator(apiKeyRepository(tableFromConfig()), {
    cacheSeconds: config().API_KEY_CACHE_SECONDS,
  }),
}));

export const aggregationPorts = lazy((): AggregationPorts => {
  const table = tableFromConfig();
  return {
    source: usageDaySourceRepository(table),
    history: historyRepository(table),
    bus: eventBusFromConfig(),
    clock,
  };
});
