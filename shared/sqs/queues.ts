/**
 * The queue manifest: each queue, its DLQ and the consumer Lambda that drains it. lib/ builds
 * the SQS queues and event source mappings from it; dev/ builds the local queues and pollers.
 */
export interface QueueDef {
  id: 'usage' | 'stripe' | 'payment' | 'outbound' | 'catalog';
  name: string;
  dlqName: string;
  /** Consumer entry file, relative to the project root. */
  handler: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  consumerTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: number;
  /** Environment variable that carries the queue URL to functions. */
  urlEnv: 'USAGE_QUEUE_URL' | 'STRIPE_QUEUE_URL' | 'PAYMENT_QUEUE_URL' | 'OUTBOUND_QUEUE_URL' | 'CATALOG_QUEUE_URL';
  /** And the DLQ's URL, to the functions that report and redrive DLQs. */
  dlqUrlEnv: 'USAGE_DLQ_URL' | 'STRIPE_DLQ_URL' | 'PAYMENT_DLQ_URL' | 'OUTBOUND_DLQ_URL' | 'CATALOG_DLQ_URL';
  access: { table: 'read' | 'write'; bus?: boolean; stripe?: boolean; razorpay?: boolean; queues?: QueueDef['id'][] };
}

export const queues: QueueDef[] = [
  {
    id: 'usage',
    name: 'usage-events',
    dlqName: 'usage-events-dlq',
    handler: 'functions/consumers/usage-events.ts',
    batchSize: 100,
    maxBatchingWindowSeconds: 1,
    consumerTimeoutSeconds: 30,
    maxReceiveCount: 5,
    urlEnv: 'USAGE_QUEUE_URL',
    dlqUrlEnv: 'USAGE_DLQ_URL',
    access: { table: 'write', bus: true, stripe: true },
  },
  {
    id: 'stripe',
    name: 'stripe-events',
    dlqName: 'stripe-events-dlq',
    handler: 'functions/consumers/stripe-events.ts',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    consumerTimeoutSeconds: 30,
    maxReceiveCount: 5,
    urlEnv: 'STRIPE_QUEUE_URL',
    dlqUrlEnv: 'STRIPE_DLQ_URL',
    access: { table: 'write', bus: true, stripe: true, queues: ['catalog'] },
  },
  {
    id: 'payment',
    name: 'payment-events',
    dlqName: 'payment-events-dlq',
    handler: 'functions/consumers/payment-events.ts',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    consumerTimeoutSeconds: 30,
    maxReceiveCount: 5,
    urlEnv: 'PAYMENT_QUEUE_URL',
    dlqUrlEnv: 'PAYMENT_DLQ_URL',
    access: { table: 'write', bus: true, stripe: true, razorpay: true },
  },
  {
    // Outbound webhooks: billing events to fan out, and delivery attempts (a failed attempt is
    // sent again as a new, delayed message, so receives count real failures only).
    id: 'outbound',
    name: 'webhook-deliveries',
    dlqName: 'webhook-deliveries-dlq',
    handler: 'functions/consumers/webhook-deliveries.ts',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    consumerTimeoutSeconds: 30,
    maxReceiveCount: 5,
    urlEnv: 'OUTBOUND_QUEUE_URL',
    dlqUrlEnv: 'OUTBOUND_DLQ_URL',
    access: { table: 'write', queues: ['outbound'] },
  },
  {
    // A catalog change reaching existing workspaces: each message recomputes one page of a
    // project's workspaces and queues the next page.
    id: 'catalog',
    name: 'catalog-propagation',
    dlqName: 'catalog-propagation-dlq',
    handler: 'functions/consumers/catalog-propagation.ts',
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    consumerTimeoutSeconds: 60,
    maxReceiveCount: 5,
    urlEnv: 'CATALOG_QUEUE_URL',
    dlqUrlEnv: 'CATALOG_DLQ_URL',
    access: { table: 'write', stripe: true, queues: ['catalog'] },
  },
];

/** Lambda's rule of thumb: at least six times the consumer timeout, so retries never overlap. */
export const visibilityTimeoutSeconds = (q: QueueDef) => q.consumerTimeoutSeconds * 6;
