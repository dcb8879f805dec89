import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueDef, visibilityTimeoutSeconds } from '#shared/sqs/queues';
import type { ServiceWiring } from '../wiring';
import { type BillingFunction, functionIdFor } from './billing-function';

export interface BillingQueue {
  def: QueueDef;
  queue: Queue;
  dlq: Queue;
  dlqAlarm: Alarm;
  /** Absent while the consumer's entry file does not exist yet. */
  consumer?: BillingFunction;
}

export interface BillingQueuesProps {
  stage: string;
  definitions: readonly QueueDef[];
  projectRoot: string;
  wiring: ServiceWiring;
  /**
   * Reserved concurrency of each consumer, also the event source mapping's maximum concurrency:
   * it bounds parallel Stripe calls and hot-key contention, and a backlog waits in the queue
   * instead of turning into throttling errors and retries. Unset: 10 concurrent batches, not reserved.
   */
  consumerConcurrency?: { reserved: boolean; max: number };
}

/**
 * The queue manifest as SQS: each queue with its DLQ, an alarm on anything reaching the DLQ
 * (its notification is wired by BillingAlarms), and the consumer function behind an event source mapping that reports partial batch failures.
 */
export class BillingQueues extends Construct {
  readonly queues: BillingQueue[] = [];

  constructor(scope: Construct, id: string, props: BillingQueuesProps) {
    super(scope, id);
    // All queues first: a consumer may publish to another queue and needs its URL and grant.
    for (const def of props.definitions) {
      const base = functionIdFor(def.name);
      const dlq = new Queue(this, `${base}Dlq`, {
        queueName: `tollgate-${props.stage}-${def.dlqName}`,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // The longest SQS allows: time to find the cause and redrive before messages expire.
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, base, {
        // A stable name: producers publish to this queue directly, without going through HTTP.
        queueName: `tollgate-${props.stage}-${def.name}`,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(def)),
        deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
      });
      const dlqAlarm = new Alarm(this, `${base}DlqAlarm`, {
        alarmDescription: `Messages in ${def.dlqName}: ${def.name} failed ${def.maxReceiveCount} times and need a look and a redrive.`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // An empty DLQ publishes no datapoints at times; that is the healthy state.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      props.wiring.registerQueue(def, queue, dlq);
      this.queues.push({ def, queue, dlq, dlqAlarm });
    }

    const concurrency = props.consumerConcurrency ?? { reserved: false, max: 10 };
    for (const q of this.queues) {
      const { def } = q;
      // Consumers are added file by file; until one exists its queue still accepts and keeps
      // messages (and producers can already publish).
      if (!existsSync(join(props.projectRoot, def.handler))) continue;
      q.consumer = props.wiring.createFunction(this, functionIdFor(def.handler), {
        entry: def.handler,
        access: def.access,
        description: `Drains ${def.name}`,
        timeout: Duration.seconds(def.consumerTimeoutSeconds),
        reservedConcurrency: concurrency.reserved ? concurrency.max : undefined,
      });
      q.consumer.fn.addEventSource(
        new SqsEventSource(q.queue, {
          batchSize: def.batchSize,
          maxBatchingWindow:
            def.maxBatchingWindowSeconds > 0 ? Duration.seconds(def.maxBatchingWindowSeconds) : undefined,
          // Only the failed messages return to the queue; the rest of the batch is done.
          reportBatchItemFailures: true,
          // Never more batches at once than the function may run, or SQS would hand it batches
          // that Lambda throttles.
          maxConcurrency: concurrency.max,
        }),
      );
    }
  }
}
