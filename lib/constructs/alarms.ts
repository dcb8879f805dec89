import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ComparisonOperator, type IAlarmAction, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  type AlarmWithAnnotation,
  DefaultDashboardFactory,
  MonitoringFacade,
  multipleActions,
  notifySns,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, metricDimensions } from '#shared/observability/names';
import { visibilityTimeoutSeconds } from '#shared/sqs/queues';
import type { BillingFunction } from './billing-function';
import type { BillingQueue } from './queues';

export interface BillingAlarmsProps {
  stage: string;
  /** E-mail addresses and HTTPS endpoints subscribed to the alarm topic. */
  emails: readonly string[];
  urls: readonly string[];
  /** An existing topic (e.g. the on-call topic) notified as well. */
  extraTopicArn?: string;
  api: IHttpApi;
  table: ITable;
  queues: readonly BillingQueue[];
  /** Functions behind Function URLs that providers call (Stripe, Razorpay). */
  receivers: readonly BillingFunction[];
  reconcile?: BillingFunction;
}

/** A flood or a stuck consumer, not a retry: no message should wait this long. */
export const OLDEST_MESSAGE_MIN_SECONDS = 15 * 60;
/** Share of HTTP API requests answered 5xx, over 5-minute periods. */
export const API_5XX_RATE = 0.05;
/** Bad signatures in 5 minutes: a rotated secret not yet stored, or someone probing the URL. */
export const SIGNATURE_FAILURES_PER_5_MIN = 5;

/**
 * The stack's alarms and where they go: one SNS topic (encrypted, with the configured e-mail
 * and HTTPS subscriptions), and alarms on what needs a person — messages in a DLQ, a queue that
 * stops draining, the API answering 5xx, webhook receivers failing or refusing signatures, a
 * failed drift run, and throttling of functions or the table. cdk-monitoring-constructs builds
 * the alarms and a dashboard from the resources; the DLQ alarms come from BillingQueues.
 */
export class BillingAlarms extends Construct {
  readonly topic: Topic;
  readonly monitoring: MonitoringFacade;
  /** Every alarm with an action, by a stable purpose name (tests and operators look them up). */
  readonly alarms: { purpose: string; alarm: AlarmWithAnnotation['alarm'] }[] = [];

  constructor(scope: Construct, id: string, props: BillingAlarmsProps) {
    super(scope, id);
    const prefix = `tollgate-${props.stage}`;

    // A key of our own: CloudWatch can only publish to an encrypted topic whose key policy lets
    // it, which the AWS-managed SNS key's policy does not.
    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the ${prefix} alarm topic`,
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      topicName: `${prefix}-alarms`,
      displayName: `Tollgate ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
    for (const url of props.urls) this.topic.addSubscription(new UrlSubscription(url));

    const topics: ITopic[] = [this.topic];
    if (props.extraTopicArn) topics.push(Topic.fromTopicArn(this, 'ExtraTopic', props.extraTopicArn));
    const actions: IAlarmAction[] = topics.map((t) => new SnsAction(t));

    this.monitoring = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: prefix,
        actionsEnabled: true,
        action: multipleActions(...topics.map((t) => notifySns(t))),
        datapointsToAlarm: 1,
      },
      metricFactoryDefaults: {},
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', {
        dashboardNamePrefix: prefix,
        createDashboard: true,
        createSummaryDashboard: false,
        createAlarmDashboard: false,
      }),
    });
    const m = this.monitoring;
    const track = (purpose: string) => (created: AlarmWithAnnotation[]) => {
      for (const a of created) this.alarms.push({ purpose, alarm: a.alarm });
    };

    // DLQ depth: the alarm is the queue construct's own; here it gets the same actions.
    for (const q of props.queues) {
      for (const action of actions) q.dlqAlarm.addAlarmAction(action);
      this.alarms.push({ purpose: `dlq-depth:${q.def.id}`, alarm: q.dlqAlarm });
    }

    // Oldest message: a queue that stops draining (consumer failing, throttled or deployed broken).
    for (const q of props.queues) {
      const maxAgeInSeconds = Math.max(OLDEST_MESSAGE_MIN_SECONDS, 2 * visibilityTimeoutSeconds(q.def));
      m.monitorSqsQueueWithDlq({
        queue: q.queue,
        deadLetterQueue: q.dlq,
        alarmFriendlyName: `${q.def.name}`,
        humanReadableName: `Queue ${q.def.name}`,
        addQueueMaxMessageAgeAlarm: { Critical: { maxAgeInSeconds } },
        useCreatedAlarms: { consume: track(`oldest-message:${q.def.id}`) },
      });
    }

    m.monitorApiGatewayV2HttpApi({
      api: props.api,
      alarmFriendlyName: 'http-api',
      humanReadableName: 'HTTP API',
      add5xxRateAlarm: { Critical: { maxErrorRate: API_5XX_RATE, evaluationPeriods: 3, datapointsToAlarm: 2 } },
      useCreatedAlarms: { consume: track('api-5xx-rate') },
    });

    // Throttling: a receiver or consumer at its reserved concurrency, or the table refusing work.
    for (const fn of props.receivers) {
      m.monitorLambdaFunction({
        lambdaFunction: fn.fn,
        alarmFriendlyName: `${fn.node.id}`,
        humanReadableName: `Webhook receiver ${fn.entry}`,
        addThrottlesCountAlarm: { Warning: { maxErrorCount: 0 } },
        useCreatedAlarms: { consume: track(`throttles:${fn.entry}`) },
      });
    }
    for (const q of props.queues) {
      if (!q.consumer) continue;
      m.monitorLambdaFunction({
        lambdaFunction: q.consumer.fn,
        alarmFriendlyName: `${q.consumer.node.id}`,
        humanReadableName: `Consumer of ${q.def.name}`,
        addThrottlesCountAlarm: { Warning: { maxErrorCount: 0 } },
        useCreatedAlarms: { consume: track(`throttles:${q.def.handler}`) },
      });
    }
    m.monitorDynamoTable({
      table: props.table,
      alarmFriendlyName: 'billing-table',
      humanReadableName: 'Billing table',
      addReadThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: 0 } },
      addWriteThrottledEventsCountAlarm: { Critical: { maxThrottledEventsThreshold: 0 } },
      useCreatedAlarms: { consume: track('table-throttles') },
    });

    // Drift runs: one that stopped on an error (any trigger), and the job itself failing.
    if (props.reconcile) {
      m.monitorLambdaFunction({
        lambdaFunction: props.reconcile.fn,
        alarmFriendlyName: 'reconcile-job',
        humanReadableName: 'Reconcile job',
        addFaultCountAlarm: { Critical: { maxErrorCount: 0 } },
        useCreatedAlarms: { consume: track('reconcile-errors') },
      });
    }

    const app = (metricName: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: metricDimensions(props.stage),
        statistic: Stats.SUM,
        period: Duration.minutes(5),
      });
    const url5xx = (fn: BillingFunction) =>
      fn.fn.metric('Url5xxCount', { statistic: Stats.SUM, period: Duration.minutes(5) });
    m.monitorCustom({
      alarmFriendlyName: 'service',
      humanReadableName: 'Tollgate application metrics',
      metricGroups: [
        {
          title: 'Webhooks',
          metrics: [
            {
              metric: app(METRIC.webhookSignatureFailures),
              alarmFriendlyName: 'webhook-signature-failures',
              addAlarm: {
                Warning: {
                  threshold: SIGNATURE_FAILURES_PER_5_MIN,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  additionalDescription:
                    'Webhooks with a missing, stale or wrong signature: check the stored webhook secrets (a rotation not yet stored) or who is calling the Function URL.',
                },
              },
            },
            ...props.receivers.map((fn) => ({
              metric: url5xx(fn),
              alarmFriendlyName: `${fn.node.id}-5xx`,
              addAlarm: {
                Critical: {
                  threshold: 5,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  additionalDescription: `${fn.entry} answers 5xx: the provider retries, but events wait until it recovers.`,
                },
              },
            })),
          ],
        },
        {
          title: 'Reconciliation',
          metrics: [
            {
              metric: app(METRIC.driftRunFailures),
              alarmFriendlyName: 'drift-run-failures',
              addAlarm: {
                Critical: {
                  threshold: 1,
                  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                  treatMissingDataOverride: TreatMissingData.NOT_BREACHING,
                  additionalDescription:
                    'A drift run stopped on an error; its report (GET /api/v1/admin/reconciliation/runs/{run_id}) has the message.',
                },
              },
            },
          ],
        },
      ],
      useCreatedAlarms: {
        consume: (created) => {
          for (const a of created) {
            const name = a.alarmName;
            const purpose = name.includes('webhook-signature-failures')
              ? 'webhook-signature-failures'
              : name.includes('drift-run-failures')
                ? 'drift-run-failures'
                : `receiver-5xx:${props.receivers.find((fn) => name.includes(`${fn.node.id}-5xx`))?.entry}`;
            this.alarms.push({ purpose, alarm: a.alarm });
          }
        },
      },
    });
  }
}
