import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { PoisonMessageError } from '#shared/errors';
import { logger, METRIC, MetricUnit, metrics } from '#shared/observability/index';
import { observeInvocation } from '#shared/observability/invocation';

export interface ParsedMessage<T> {
  messageId: string;
  body: T;
  receiveCount: number;
  record: SQSRecord;
}

export interface BatchOutcome {
  /** Message ids to hand back to SQS for another attempt. */
  failed: string[];
  /** Message ids that can never succeed, with the reason; recorded and acknowledged. */
  poison?: { messageId: string; reason: string }[];
}

/** A message that can never succeed, kept for an operator. */
export interface PoisonRecord {
  queue: string;
  messageId: string;
  reason: string;
  body: string;
  receivedAt: string;
}

export interface PoisonStore {
  record(p: PoisonRecord): Promise<void>;
  list(queue: string, limit?: number): Promise<PoisonRecord[]>;
}

export interface ConsumerPorts {
  poison: PoisonStore;
  /** Defaults to the system clock. */
  now?: () => Date;
}

/** Ports, or a getter that builds them on first use (so a handler module loads without config). */
export type PortSource<P> = P | (() => P);
export const resolvePorts = <P extends object>(source: PortSource<P>): P =>
  typeof source === 'function' ? (source as () => P)() : source;

function parseBody<S extends z.ZodType>(
  schema: S,
  body: string,
): { ok: true; value: z.infer<S> } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, reason: `body is not JSON: ${(e as Error).message}` };
  }
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

/**
 * Wraps a batch consumer the way every queue needs it: bodies parsed with zod, bodies that can
 * never parse recorded as poison and acknowledged (not retried until the DLQ), and the rest
 * reported as partial batch failures so one bad message does not replay the whole batch.
 */
export function sqsBatchHandler<S extends z.ZodType>(opts: {
  queue: string;
  schema: S;
  handleBatch: (messages: ParsedMessage<z.infer<S>>[]) => Promise<BatchOutcome>;
  ports: PortSource<ConsumerPorts>;
}) {
  const run = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const ports = resolvePorts(opts.ports);
    const parsed: ParsedMessage<z.infer<S>>[] = [];
    const poison: { messageId: string; reason: string; body: string }[] = [];
    for (const record of event.Records) {
      const r = parseBody(opts.schema, record.body);
      if (r.ok) {
        parsed.push({
          messageId: record.messageId,
          body: r.value,
          receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
          record,
        });
      } else poison.push({ messageId: record.messageId, reason: r.reason, body: record.body });
    }

    let outcome: BatchOutcome;
    try {
      outcome = parsed.length ? await opts.handleBatch(parsed) : { failed: [] };
    } catch (e) {
      logger.error('batch failed', { queue: opts.queue, error: e as Error });
      outcome = { failed: parsed.map((m) => m.messageId) };
    }
    const bodies = new Map(event.Records.map((r) => [r.messageId, r.body]));
    for (const p of outcome.poison ?? []) poison.push({ ...p, body: bodies.get(p.messageId) ?? '' });

    const failed = new Set(outcome.failed);
    for (const p of poison) {
      try {
        await ports.poison.record({
          queue: opts.queue,
          messageId: p.messageId,
          reason: p.reason,
          body: p.body,
          receivedAt: (ports.now?.() ?? new Date()).toISOString(),
        });
        logger.warn('poison message recorded', { queue: opts.queue, message_id: p.messageId, reason: p.reason });
      } catch (e) {
        // Could not record it: let SQS redeliver rather than lose the evidence.
        logger.error('could not record poison message', { error: e as Error });
        failed.add(p.messageId);
      }
    }
    metrics.addMetric('messages', MetricUnit.Count, event.Records.length);
    if (failed.size) metrics.addMetric('message_failures', MetricUnit.Count, failed.size);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };

  // One log line and one metrics record per batch, as Lambda's event source mapping delivers it.
  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    observeInvocation(
      context,
      () => run(event),
      ({ result, latencyMs }) => {
        metrics.addMetric(METRIC.batchLatency, MetricUnit.Milliseconds, latencyMs);
        logger.info('batch', {
          queue: opts.queue,
          records: event.Records.length,
          failures: result ? result.batchItemFailures.length : event.Records.length,
          latency_ms: latencyMs,
        });
      },
    );
}

/** Per-message variant: each message handled on its own; a throw fails only that message. */
export function sqsHandler<S extends z.ZodType>(opts: {
  queue: string;
  schema: S;
  handle: (message: ParsedMessage<z.infer<S>>) => Promise<void>;
  ports: PortSource<ConsumerPorts>;
}) {
  return sqsBatchHandler({
    queue: opts.queue,
    schema: opts.schema,
    ports: opts.ports,
    handleBatch: async (messages) => {
      const failed: string[] = [];
      const poison: { messageId: string; reason: string }[] = [];
      for (const m of messages) {
        try {
          await opts.handle(m);
        } catch (e) {
          if (e instanceof PoisonMessageError) poison.push({ messageId: m.messageId, reason: e.message });
          else {
            logger.warn('message failed; SQS will retry it', {
              queue: opts.queue,
              message_id: m.messageId,
              error: e as Error,
            });
            failed.push(m.messageId);
          }
        }
      }
      return { failed, poison };
    },
  });
}
