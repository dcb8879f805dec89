import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { routes as manifestRoutes } from '#shared/http/manifest';
import type { RouteDef } from '#shared/http/route';
import { queues as manifestQueues, type QueueDef } from '#shared/sqs/queues';
import { functionTimeoutSeconds } from '#shared/time-budgets';
import { BillingAlarms } from './constructs/alarms';
import { type BillingFunction, functionIdFor } from './constructs/billing-function';
import { BillingTable } from './constructs/billing-table';
import { type ApiRouteBinding, BillingHttpApi } from './constructs/http-api';
import { BillingQueues } from './constructs/queues';
import type { TollgateSettings } from './settings';
import { accessOfRoutes, type FunctionAccess, ServiceWiring } from './wiring';

/** The repository root: entries, package-lock.json and node_modules are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Scheduled and finance-invoked work that has no HTTP route. The drift check reads Stripe and
 * settles Razorpay payments, so it needs both providers, and it publishes what it corrected.
 */
export const RECONCILE_JOB = {
  entry: 'functions/jobs/reconcile.ts',
  access: { table: 'write', bus: true, stripe: true, razorpay: true } satisfies FunctionAccess,
  timeout: Duration.minutes(5),
  schedule: Schedule.rate(Duration.hours(1)),
} as const;

/**
 * The daily `usage.aggregated` events (yesterday's usage per workspace and meter), shortly after
 * midnight UTC. It records history and publishes on the bus, which fans out to webhooks.
 */
export const AGGREGATE_JOB = {
  entry: 'functions/jobs/usage-aggregate.ts',
  access: { table: 'write', bus: true } satisfies FunctionAccess,
  timeout: Duration.minutes(15),
  schedule: Schedule.cron({ minute: '30', hour: '0' }),
} as const;

export interface TollgateStackProps extends StackProps {
  settings: TollgateSettings;
  /** @default the route manifest */
  routes?: readonly RouteDef[];
  /** @default the queue manifest */
  queues?: readonly QueueDef[];
  /** @default the repository this file lives in */
  projectRoot?: string;
}

/** CloudFormation output ids are alphanumeric. */
const outputId = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class TollgateStack extends Stack {
  readonly table: BillingTable;
  readonly bus: EventBus;
  readonly queues: BillingQueues;
  readonly api: BillingHttpApi;
  /** The nested stack that holds the HTTP API, its routes, integrations and invoke permissions. */
  readonly httpStack: NestedStack;
  /** One function per handler file, keyed by that file. */
  readonly functions = new Map<string, BillingFunction>();
  readonly reconcile?: BillingFunction;
  readonly aggregate?: BillingFunction;
  /** Functions behind Function URLs that answer at once (the webhook receivers). */
  readonly receivers: BillingFunction[] = [];
  /** Every function behind a Function URL: the receivers and the live stream. */
  readonly urlFunctions: BillingFunction[] = [];
  readonly alarms: BillingAlarms;

  constructor(scope: Construct, id: string, props: TollgateStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    const routes = props.routes ?? manifestRoutes;
    const logRetention = settings.logRetention;

    this.table = new BillingTable(this, 'Billing');

    this.bus = new EventBus(this, 'BillingEvents', { eventBusName: `tollgate-${props.settings.stage}-billing` });
    // Subscribers added later, or one that was down, can replay what they missed.
    this.bus.archive('Archive', {
      description: 'Replay source for billing event subscribers',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(30),
    });

    const wiring = new ServiceWiring({ projectRoot, settings, table: this.table.table, bus: this.bus });

    this.queues = new BillingQueues(this, 'Queues', {
      stage: settings.stage,
      definitions: props.queues ?? manifestQueues,
      projectRoot,
      wiring,
      consumerConcurrency: { reserved: settings.reserveConcurrency, max: settings.consumerConcurrency },
    });

    // Routes that share a handler file share one function, granted the union of their needs.
    const byHandler = new Map<string, RouteDef[]>();
    for (const r of routes) byHandler.set(r.handler, [...(byHandler.get(r.handler) ?? []), r]);

    const functionsScope = new Construct(this, 'Functions');
    const bindings: ApiRouteBinding[] = [];
    for (const [handler, group] of byHandler) {
      const urlRoute = group.find((r) => r.exposure === 'function-url');
      // The live stream holds a connection open for minutes: it shares the account's pool
      // instead of the receivers' small reservation, and each connection is bounded in time.
      const receiver = urlRoute && !urlRoute.streaming;
      const fn = wiring.createFunction(functionsScope, functionIdFor(handler), {
        entry: handler,
        // The health probe reports every queue's depth.
        access: accessOfRoutes(group, (r) => (r.id === 'health' ? { queueAttributes: true } : {})),
        description: group
          .map((r) => `${r.method} ${r.path}`)
          .join(', ')
          .slice(0, 256),
        timeout: Duration.seconds(functionTimeoutSeconds(group)),
        // A webhook flood is answered with 429s that the provider retries, instead of taking
        // the account's concurrency and the table's writes from the API.
        reservedConcurrency: receiver && settings.reserveConcurrency ? settings.webhookConcurrency : undefined,
      });
      this.functions.set(handler, fn);

      for (const r of group) if ((r.exposure ?? 'api') === 'api') bindings.push({ route: r, fn });

      // Webhook senders cannot present AWS credentials; the handler verifies the provider's
      // signature over the raw body before it trusts or stores anything.
      // The stream's function authenticates the API key itself, and answers in response-streaming mode.
      if (urlRoute) {
        if (receiver) this.receivers.push(fn);
        this.urlFunctions.push(fn);
        const url = fn.fn.addFunctionUrl({
          authType: FunctionUrlAuthType.NONE,
          invokeMode: urlRoute.streaming ? InvokeMode.RESPONSE_STREAM : InvokeMode.BUFFERED,
        });
        new CfnOutput(this, `${outputId(pascal(urlRoute.id))}Url`, {
          value: url.url,
          description: `Function URL for ${urlRoute.summary || urlRoute.id}`,
        });
      }
    }

    // The routes, their integrations and invoke permissions grow with every route; in their own
    // nested stack they stay clear of CloudFormation's 500-resource limit per template.
    this.httpStack = new NestedStack(this, 'HttpApi', { description: 'Tollgate HTTP API routes' });
    this.api = new BillingHttpApi(this.httpStack, 'Http', {
      stage: settings.stage,
      bindings,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      logRetention,
    });

    if (existsSync(join(projectRoot, RECONCILE_JOB.entry))) {
      this.reconcile = wiring.createFunction(this, 'ReconcileJob', {
        entry: RECONCILE_JOB.entry,
        access: RECONCILE_JOB.access,
        description: 'Drift check between Stripe and the billing table; settles out-of-band payments',
        timeout: RECONCILE_JOB.timeout,
      });
      new Rule(this, 'ReconcileSchedule', {
        description: 'Hourly drift reconciliation',
        schedule: RECONCILE_JOB.schedule,
        targets: [new LambdaFunction(this.reconcile.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
      new CfnOutput(this, 'ReconcileFunctionName', {
        value: this.reconcile.fn.functionName,
        description: 'Invoke directly for a finance-triggered reconciliation',
      });
    }

    if (existsSync(join(projectRoot, AGGREGATE_JOB.entry))) {
      this.aggregate = wiring.createFunction(this, 'UsageAggregateJob', {
        entry: AGGREGATE_JOB.entry,
        access: AGGREGATE_JOB.access,
        description: 'Daily usage.aggregated events per workspace and meter',
        timeout: AGGREGATE_JOB.timeout,
      });
      new Rule(this, 'UsageAggregateSchedule', {
        description: "Yesterday's usage per workspace and meter, as usage.aggregated events",
        schedule: AGGREGATE_JOB.schedule,
        targets: [new LambdaFunction(this.aggregate.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
      });
    }

    this.alarms = new BillingAlarms(this, 'Alarms', {
      stage: settings.stage,
      emails: settings.alarmEmails,
      urls: settings.alarmUrls,
      extraTopicArn: settings.alarmTopicArn,
      api: this.api.api,
      table: this.table.table,
      queues: this.queues.queues,
      receivers: this.urlFunctions,
      reconcile: this.reconcile,
    });

    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Alarm notifications (subscribe more endpoints here)',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    for (const q of this.queues.queues) {
      const base = outputId(pascal(q.def.id));
      new CfnOutput(this, `${base}QueueUrl`, {
        value: q.queue.queueUrl,
        description: `${q.def.name} (producers publish here)`,
      });
      new CfnOutput(this, `${base}DlqUrl`, { value: q.dlq.queueUrl, description: `${q.def.dlqName}` });
    }
  }
}
