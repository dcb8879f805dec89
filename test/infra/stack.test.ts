import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '#shared/adapters/dynamodb/table-definition';
import { routes as manifestRoutes } from '#shared/http/manifest';
import type { RouteDef } from '#shared/http/route';
import { queues as manifestQueues, type QueueDef, visibilityTimeoutSeconds } from '#shared/sqs/queues';
import { apiRoutePath } from '../../lib/constructs/http-api';
import { settingsFromContext } from '../../lib/settings';
import { AGGREGATE_JOB, PROJECT_ROOT, RECONCILE_JOB, TollgateStack } from '../../lib/tollgate-stack';
import { accessOfRoutes } from '../../lib/wiring';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; [k: string]: any }>;
interface Synth {
  stack: TollgateStack;
  template: Template;
  http: Template;
  assembly: CloudAssembly;
  resources: Resources;
}

/**
 * Synthesizes with the cdk-nag pack registered, as lib/app.ts does, but with bundling skipped:
 * `aws:cdk:bundling-stacks: []` makes NodejsFunction stage nothing, so no esbuild run.
 */
function synth(opts: { routes?: RouteDef[]; queues?: QueueDef[]; context?: Record<string, unknown> } = {}): Synth {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test', ...opts.context } });
  const stack = new TollgateStack(app, 'Tollgate-test', {
    settings: settingsFromContext(app.node),
    routes: opts.routes,
    queues: opts.queues,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // cdk-nag 3.x is a validation plugin: synth throws on any unacknowledged error (vitest runs
  // the app "in memory") and writes every finding to validation-report.json.
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const http = Template.fromStack(stack.httpStack);
  // The HTTP API lives in a nested stack; the checks below read both templates' resources as one.
  const resources = { ...template.toJSON().Resources, ...http.toJSON().Resources } as Resources;
  return { stack, template, http, assembly, resources };
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalId = (el: CfnElement) => Stack.of(el).getLogicalId(el);
const actionsOf = (policy: { Properties: any }): string[] =>
  policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());

function roleActions(s: Synth, handler: string): string[] {
  const fn = s.stack.functions.get(handler) ?? s.stack.queues.queues.find((q) => q.def.handler === handler)?.consumer;
  if (!fn) throw new Error(`no function for ${handler}`);
  const policy = fn.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnElement | undefined;
  return policy ? actionsOf(s.resources[logicalId(policy)]) : [];
}

const apiRoutes = manifestRoutes.filter((r) => (r.exposure ?? 'api') === 'api');
const urlRoutes = manifestRoutes.filter((r) => r.exposure === 'function-url');
/** Webhook receivers: the Function URL routes that answer at once (the live stream is not one). */
const receiverRoutes = urlRoutes.filter((r) => !r.streaming);
const handlers = [...new Set(manifestRoutes.map((r) => r.handler))];
const consumersPresent = manifestQueues.filter((q) => existsSync(join(PROJECT_ROOT, q.handler)));
const reconcilePresent = existsSync(join(PROJECT_ROOT, RECONCILE_JOB.entry));
const aggregatePresent = existsSync(join(PROJECT_ROOT, AGGREGATE_JOB.entry));

describe('TollgateStack from the manifests', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth();
  });

  it('skips bundling when the context says so', () => {
    // Prepare
    const dir = s.assembly.directory;
    // Act
    const staged = readdirSync(dir).filter((f) => f.startsWith('asset.'));
    // Assess
    expect(staged).toEqual([]);
  });

  it('builds the table from the shared TABLE definition', () => {
    // Prepare
    const expected = {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: TABLE.gsi1.name,
          KeySchema: [
            { AttributeName: TABLE.gsi1.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE.gsi1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    };
    // Act
    const tables = s.template.findResources('AWS::DynamoDB::Table');
    // Assess
    expect(Object.keys(tables)).toHaveLength(1);
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike(expected),
    });
  });

  it('creates every queue with an encrypted, SSL-only DLQ and a redrive policy', () => {
    // Prepare
    const policies = ofType(s.resources, 'AWS::SQS::QueuePolicy').map(([, p]) => p.Properties);
    const sslOnly = (queueId: string) =>
      policies.some(
        (p) =>
          p.Queues.some((q: any) => q.Ref === queueId) &&
          p.PolicyDocument.Statement.some(
            (st: any) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false',
          ),
      );
    // Act
    const queues = s.stack.queues.queues;
    // Assess
    s.template.resourceCountIs('AWS::SQS::Queue', manifestQueues.length * 2);
    expect(queues.map((q) => q.def.id)).toEqual(manifestQueues.map((q) => q.id));
    for (const q of queues) {
      const main = s.resources[logicalId(q.queue.node.defaultChild as CfnElement)].Properties;
      const dlqId = logicalId(q.dlq.node.defaultChild as CfnElement);
      const dlq = s.resources[dlqId].Properties;
      expect(main.QueueName).toBe(`tollgate-test-${q.def.name}`);
      expect(main.SqsManagedSseEnabled).toBe(true);
      expect(main.VisibilityTimeout).toBe(visibilityTimeoutSeconds(q.def));
      expect(main.VisibilityTimeout).toBeGreaterThanOrEqual(6 * q.def.consumerTimeoutSeconds);
      expect(main.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: q.def.maxReceiveCount,
      });
      expect(dlq.QueueName).toBe(`tollgate-test-${q.def.dlqName}`);
      expect(dlq.SqsManagedSseEnabled).toBe(true);
      expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(sslOnly(logicalId(q.queue.node.defaultChild as CfnElement))).toBe(true);
      expect(sslOnly(dlqId)).toBe(true);
    }
  });

  it('alarms on the first message in each DLQ', () => {
    // Prepare
    const alarms = ofType(s.resources, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    // Act
    const dlqIds = s.stack.queues.queues.map((q) => logicalId(q.dlq.node.defaultChild as CfnElement));
    // Assess
    for (const id of dlqIds) {
      const alarm = alarms.find((a) => a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === id);
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
      });
    }
  });

  it('maps each existing consumer to its queue with partial batch failures', () => {
    // Prepare
    const mappings = ofType(s.resources, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    // Act
    const byQueue = new Map(
      s.stack.queues.queues.map((q) => [logicalId(q.queue.node.defaultChild as CfnElement), q.def]),
    );
    // Assess
    expect(mappings).toHaveLength(consumersPresent.length);
    for (const m of mappings) {
      const def = byQueue.get(m.EventSourceArn['Fn::GetAtt'][0]);
      expect(def).toBeDefined();
      expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(m.BatchSize).toBe(def!.batchSize);
      expect(m.MaximumBatchingWindowInSeconds).toBe(def!.maxBatchingWindowSeconds || undefined);
    }
  });

  it('creates one API route per API-exposed manifest route, and none for webhooks', () => {
    // Prepare
    const expected = apiRoutes.map((r) => `${r.method} ${apiRoutePath(r.path)}`).sort();
    // Act
    const keys = ofType(s.resources, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey as string)
      .sort();
    // Assess
    expect(keys).toEqual(expected);
    expect(keys).toContain('GET /health');
    for (const r of urlRoutes) expect(keys).not.toContain(`${r.method} ${apiRoutePath(r.path)}`);
  });

  it("keeps each template under CloudFormation's 500 resources, the routes in the nested HTTP stack", () => {
    // Act
    const parent = Object.keys(s.template.toJSON().Resources).length;
    const http = s.http.toJSON().Resources as Resources;
    const permissions = Object.values(http).filter((r) => r.Type === 'AWS::Lambda::Permission');
    const integrations = Object.values(http).filter((r) => r.Type === 'AWS::ApiGatewayV2::Integration');
    // Assess
    expect(parent).toBeLessThan(500);
    expect(Object.keys(http).length).toBeLessThan(500);
    s.template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    s.template.resourceCountIs('AWS::CloudFormation::Stack', 1);
    // One invoke permission per function behind the API, scoped to this API, not one per route.
    expect(permissions).toHaveLength(integrations.length);
    for (const p of permissions) expect(JSON.stringify(p.Properties.SourceArn)).toContain('/*/*/*');
  });

  it('throttles the default stage and writes JSON access logs', () => {
    // Prepare
    const [[, stage]] = ofType(s.resources, 'AWS::ApiGatewayV2::Stage');
    // Act
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    // Assess
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
  });

  it('exposes webhook receivers on Function URLs without IAM auth', () => {
    // Prepare
    const urlHandlers = new Set(urlRoutes.map((r) => r.handler));
    // Act
    const urls = ofType(s.resources, 'AWS::Lambda::Url').map(([, u]) => u.Properties);
    const outputs = s.template.toJSON().Outputs as Record<string, unknown>;
    // Assess
    expect(urls).toHaveLength(urlHandlers.size);
    for (const u of urls) expect(u.AuthType).toBe('NONE');
    for (const r of urlRoutes)
      expect(Object.keys(outputs).some((k) => k.toLowerCase() === `${r.id}url`.toLowerCase())).toBe(true);
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'TableName',
        'EventBusName',
        'UsageQueueUrl',
        'StripeQueueUrl',
        'PaymentQueueUrl',
      ]),
    );
  });

  it('runs every function as a Node 24 arm64 ESM BillingFunction with tracing and its own log group', () => {
    // Prepare
    const expectedCount =
      handlers.length + consumersPresent.length + (reconcilePresent ? 1 : 0) + (aggregatePresent ? 1 : 0);
    // Act
    const fns = ofType(s.resources, 'AWS::Lambda::Function').map(([, f]) => f.Properties);
    // Assess
    expect(fns).toHaveLength(expectedCount);
    expect(s.stack.functions.size).toBe(handlers.length);
    for (const f of fns) {
      expect(f.Runtime).toBe('nodejs24.x');
      expect(f.Architectures).toEqual(['arm64']);
      expect(f.Handler).toBe('index.handler');
      expect(f.MemorySize).toBe(512);
      expect(f.TracingConfig).toEqual({ Mode: 'Active' });
      expect(f.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
      expect(f.Environment.Variables).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'tollgate',
        POWERTOOLS_METRICS_NAMESPACE: 'Tollgate',
        LOG_LEVEL: 'INFO',
        STAGE: 'test',
      });
    }
    // No role carries AWS managed policies (AWSLambdaBasicExecutionRole grants all log groups).
    for (const [, role] of ofType(s.resources, 'AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('gives read-only routes a role that cannot write the table', () => {
    // Prepare
    const readOnly = handlers.filter(
      (h) => accessOfRoutes(manifestRoutes.filter((r) => r.handler === h)).table === 'read',
    );
    const noTable = handlers.filter(
      (h) => accessOfRoutes(manifestRoutes.filter((r) => r.handler === h)).table === 'none',
    );
    // Act
    const readActions = readOnly.map((h) => roleActions(s, h));
    const noTableActions = noTable.map((h) => roleActions(s, h));
    // Assess
    expect(readOnly).toContain('functions/http/health/health.ts');
    for (const actions of readActions) {
      expect(actions).toContain('dynamodb:GetItem');
      for (const write of [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ]) {
        expect(actions).not.toContain(write);
      }
    }
    for (const actions of noTableActions) expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('lets the health probe read the depth of every queue', () => {
    // Prepare
    const health = s.stack.functions.get(manifestRoutes.find((r) => r.id === 'health')!.handler)!;
    // Act
    const env = s.resources[logicalId(health.fn.node.defaultChild as CfnElement)].Properties.Environment
      .Variables as Record<string, unknown>;
    const policy = s.resources[logicalId(health.role.node.findChild('DefaultPolicy').node.defaultChild as CfnElement)];
    const attrQueues = policy.Properties.PolicyDocument.Statement.filter(
      (st: any) => st.Action === 'sqs:GetQueueAttributes',
    ).map((st: any) => st.Resource['Fn::GetAtt'][0]);
    // Assess
    for (const q of s.stack.queues.queues) {
      expect(attrQueues).toContain(logicalId(q.queue.node.defaultChild as CfnElement));
      expect(env[q.def.urlEnv]).toEqual({ Ref: logicalId(q.queue.node.defaultChild as CfnElement) });
    }
  });

  it('creates the billing event bus and lets only bus users put events', () => {
    // Prepare
    const busUsers = handlers.filter((h) => accessOfRoutes(manifestRoutes.filter((r) => r.handler === h)).bus);
    const others = handlers.filter((h) => !busUsers.includes(h));
    // Act
    const bus = s.template.findResources('AWS::Events::EventBus');
    // Assess
    s.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'tollgate-test-billing' });
    expect(Object.keys(bus)).toHaveLength(1);
    for (const h of busUsers) expect(roleActions(s, h)).toContain('events:PutEvents');
    for (const h of others) expect(roleActions(s, h)).not.toContain('events:PutEvents');
  });

  it('passes secrets as SSM parameter names, never as values', () => {
    // Prepare
    const secretValue = /^(sk_|rk_|whsec_|pk_live|rzp_.*secret)/i;
    const plainSecretNames = [
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'RAZORPAY_KEY_SECRET',
      'RAZORPAY_WEBHOOK_SECRET',
    ];
    // Act
    const envs = ofType(s.resources, 'AWS::Lambda::Function').map(
      ([, f]) => (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    );
    const ssmResources = ofType(s.resources, 'AWS::IAM::Policy').flatMap(([, p]) =>
      p.Properties.PolicyDocument.Statement.filter((st: any) => [st.Action].flat().includes('ssm:GetParameter')).map(
        (st: any) => JSON.stringify(st.Resource),
      ),
    );
    // Assess
    for (const env of envs) {
      for (const [name, value] of Object.entries(env)) {
        expect(plainSecretNames).not.toContain(name);
        if (/SECRET/.test(name)) {
          expect(typeof value === 'string' && secretValue.test(value)).toBe(false);
          expect(name).toMatch(/_PARAM$/);
          expect(value).toMatch(/^\/tollgate\/test\//);
        }
      }
    }
    expect(ssmResources.length).toBeGreaterThan(0);
    for (const r of ssmResources) {
      expect(r).toContain(':parameter/tollgate/test/');
      expect(r).not.toContain('*');
    }
  });

  it('serves the live stream from a Function URL in response-streaming mode, the receivers buffered', () => {
    // Prepare
    const stream = urlRoutes.filter((r) => r.streaming);
    // Act
    const urls = ofType(s.resources, 'AWS::Lambda::Url').map(([, u]) => u.Properties);
    const byFunction = new Map(urls.map((u) => [u.TargetFunctionArn['Fn::GetAtt'][0], u.InvokeMode]));
    // Assess
    expect(stream.map((r) => r.id)).toEqual(['streamBillingEvents']);
    for (const r of urlRoutes) {
      expect(byFunction.get(logicalId(s.stack.functions.get(r.handler)!.fn.node.defaultChild as CfnElement))).toBe(
        r.streaming ? 'RESPONSE_STREAM' : 'BUFFERED',
      );
    }
  });

  it('schedules the daily usage aggregation and lets every publisher send to the webhook-deliveries queue', () => {
    // Prepare
    const rules = ofType(s.resources, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    const outbound = s.stack.queues.queues.find((q) => q.def.id === 'outbound')!;
    const outboundRef = { Ref: logicalId(outbound.queue.node.defaultChild as CfnElement) };
    // Act
    const daily = rules.filter((r) => r.ScheduleExpression === 'cron(30 0 * * ? *)');
    const fns = ofType(s.resources, 'AWS::Lambda::Function').map(
      ([, f]) => f.Properties.Environment.Variables as Record<string, unknown>,
    );
    // Assess
    expect(daily).toHaveLength(aggregatePresent ? 1 : 0);
    for (const env of fns) if ('EVENT_BUS_NAME' in env) expect(env.OUTBOUND_QUEUE_URL).toEqual(outboundRef);
    expect(fns.filter((env) => 'OUTBOUND_QUEUE_URL' in env).length).toBeGreaterThan(3);
  });

  it('schedules the reconcile job hourly when its entry exists', () => {
    // Prepare
    const rules = ofType(s.resources, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    // Act
    const hourly = rules.filter((r) => r.ScheduleExpression === 'rate(1 hour)');
    // Assess
    expect(hourly).toHaveLength(reconcilePresent ? 1 : 0);
    if (reconcilePresent) expect(hourly[0].Targets[0].Arn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
  });

  it('passes cdk-nag AwsSolutions with every acknowledgement justified', () => {
    // Prepare
    const report = JSON.parse(readFileSync(join(s.assembly.directory, 'validation-report.json'), 'utf8'));
    // Act
    const nag = report.pluginReports.find((p: { pluginName: string }) => p.pluginName === 'AwsSolutions');
    const annotationErrors = Annotations.fromStack(s.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    // Assess
    expect(nag.conclusion).toBe('success');
    expect(nag.violations).toEqual([]);
    expect(annotationErrors).toEqual([]);
    expect(nag.suppressedViolations.length).toBeGreaterThan(0);
    for (const v of nag.suppressedViolations) {
      expect(v.reason.length).toBeGreaterThan(40);
      // Acknowledged on a role, route or other resource, never on the whole stack.
      expect(v.acknowledgedAt).not.toBe('Tollgate-test');
    }
  });
});

describe('TollgateStack operations: alarms, their topic and reserved concurrency', () => {
  const EXTRA_TOPIC = 'arn:aws:sns:us-east-1:123456789012:on-call';
  let s: Synth;
  beforeAll(() => {
    s = synth({
      context: {
        alarmEmail: 'ops@acme.example, billing@acme.example',
        alarmUrl: 'https://pager.acme.example/hook',
        alarmTopicArn: EXTRA_TOPIC,
      },
    });
  });
  const topicRef = () => ({ Ref: logicalId(s.stack.alarms.topic.node.defaultChild as CfnElement) });
  const alarmProps = (purpose: string) =>
    s.stack.alarms.alarms
      .filter((a) => a.purpose === purpose)
      .map((a) => s.resources[logicalId(a.alarm.node.defaultChild as CfnElement)].Properties);
  /** The metric an alarm watches, whether it is a plain metric or a math expression over one. */
  const watched = (
    p: Record<string, any>,
  ): { namespace: string; name: string; dimensions: Record<string, unknown> } => {
    if (p.MetricName)
      return {
        namespace: p.Namespace,
        name: p.MetricName,
        dimensions: Object.fromEntries((p.Dimensions ?? []).map((d: any) => [d.Name, d.Value])),
      };
    const stat = p.Metrics.find((m: any) => m.MetricStat).MetricStat.Metric;
    return {
      namespace: stat.Namespace,
      name: stat.MetricName,
      dimensions: Object.fromEntries((stat.Dimensions ?? []).map((d: any) => [d.Name, d.Value])),
    };
  };
  const fnRef = (fn: { fn: { node: { defaultChild?: unknown } } }) => ({
    Ref: logicalId(fn.fn.node.defaultChild as CfnElement),
  });

  it('sends alarms to an encrypted topic with the e-mail and HTTPS subscriptions from context', () => {
    // Prepare
    const topicId = logicalId(s.stack.alarms.topic.node.defaultChild as CfnElement);
    // Act
    const topic = s.resources[topicId].Properties;
    const subs = ofType(s.resources, 'AWS::SNS::Subscription').map(([, r]) => r.Properties);
    const keyId = topic.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = s.resources[keyId].Properties;
    // Assess
    expect(topic.TopicName).toBe('tollgate-test-alarms');
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      ]),
    );
    expect(subs.map((x) => [x.Protocol, x.Endpoint, x.TopicArn]).sort()).toEqual(
      [
        ['email', 'billing@acme.example', { Ref: topicId }],
        ['email', 'ops@acme.example', { Ref: topicId }],
        ['https', 'https://pager.acme.example/hook', { Ref: topicId }],
      ].sort(),
    );
    expect(s.template.toJSON().Outputs).toHaveProperty('AlarmTopicArn');
  });

  it('creates every alarm with actions on the stack topic and the configured extra topic', () => {
    // Prepare
    const consumers = s.stack.queues.queues.filter((q) => q.consumer);
    const expected = [
      ...s.stack.queues.queues.flatMap((q) => [`dlq-depth:${q.def.id}`, `oldest-message:${q.def.id}`]),
      'api-5xx-rate',
      'webhook-signature-failures',
      'drift-run-failures',
      ...(reconcilePresent ? ['reconcile-errors'] : []),
      ...urlRoutes.map((r) => `throttles:${r.handler}`),
      ...urlRoutes.map((r) => `receiver-5xx:${r.handler}`),
      ...consumers.map((q) => `throttles:${q.def.handler}`),
      'table-throttles',
    ];
    // Act
    const purposes = new Set(s.stack.alarms.alarms.map((a) => a.purpose));
    const all = s.stack.alarms.alarms.map(
      (a) => s.resources[logicalId(a.alarm.node.defaultChild as CfnElement)].Properties,
    );
    // Assess
    expect([...purposes].sort()).toEqual([...new Set(expected)].sort());
    expect(all.length).toBeGreaterThanOrEqual(expected.length);
    for (const p of all) {
      expect(p.ActionsEnabled ?? true).toBe(true);
      expect(p.AlarmActions).toEqual(expect.arrayContaining([topicRef(), EXTRA_TOPIC]));
    }
    // Every alarm in the template is one of these: none is left without an action.
    expect(ofType(s.resources, 'AWS::CloudWatch::Alarm')).toHaveLength(all.length);
  });

  it('watches the metrics each alarm is meant for', () => {
    // Prepare
    const dims = { service: 'tollgate', stage: 'test' };
    const receivers = s.stack.receivers;
    // Act
    const age = s.stack.queues.queues.map((q) => [q, alarmProps(`oldest-message:${q.def.id}`)[0]] as const);
    const api = alarmProps('api-5xx-rate')[0];
    const signatures = alarmProps('webhook-signature-failures')[0];
    const drift = alarmProps('drift-run-failures')[0];
    const table = alarmProps('table-throttles').map(watched);
    // Assess
    for (const [q, p] of age) {
      expect(watched(p)).toMatchObject({
        namespace: 'AWS/SQS',
        name: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: { 'Fn::GetAtt': [logicalId(q.queue.node.defaultChild as CfnElement), 'QueueName'] } },
      });
      expect(p).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: Math.max(900, 2 * visibilityTimeoutSeconds(q.def)),
      });
    }
    expect(watched(api)).toMatchObject({
      namespace: 'AWS/ApiGateway',
      name: '5xx',
      // The API is in the nested HTTP stack: its id reaches the alarm as that stack's output.
      dimensions: {
        ApiId: {
          'Fn::GetAtt': [
            expect.stringContaining('HttpApiNestedStack'),
            expect.stringMatching(/^Outputs\..*HttpApi.*Ref$/),
          ],
        },
      },
    });
    expect(api).toMatchObject({ Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold' });
    expect(watched(signatures)).toEqual({
      namespace: 'Tollgate',
      name: 'webhook_signature_failures',
      dimensions: dims,
    });
    expect(signatures).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(watched(drift)).toEqual({ namespace: 'Tollgate', name: 'drift_run_failures', dimensions: dims });
    expect(drift).toMatchObject({
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    if (reconcilePresent) {
      expect(watched(alarmProps('reconcile-errors')[0])).toMatchObject({
        namespace: 'AWS/Lambda',
        name: 'Errors',
        dimensions: { FunctionName: fnRef(s.stack.reconcile!) },
      });
    }
    for (const fn of receivers) {
      expect(watched(alarmProps(`throttles:${fn.entry}`)[0])).toMatchObject({
        namespace: 'AWS/Lambda',
        name: 'Throttles',
        dimensions: { FunctionName: fnRef(fn) },
      });
      expect(watched(alarmProps(`receiver-5xx:${fn.entry}`)[0])).toMatchObject({
        namespace: 'AWS/Lambda',
        name: 'Url5xxCount',
        dimensions: { FunctionName: fnRef(fn) },
      });
    }
    for (const q of s.stack.queues.queues.filter((x) => x.consumer)) {
      expect(watched(alarmProps(`throttles:${q.def.handler}`)[0])).toMatchObject({
        namespace: 'AWS/Lambda',
        name: 'Throttles',
        dimensions: { FunctionName: fnRef(q.consumer!) },
      });
    }
    expect(table.map((t) => t.name).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    for (const t of table)
      expect(t).toMatchObject({
        namespace: 'AWS/DynamoDB',
        dimensions: { TableName: { Ref: logicalId(s.stack.table.table.node.defaultChild as CfnElement) } },
      });
  });

  it('reserves concurrency for the webhook receivers and the consumers, and no other function', () => {
    // Prepare
    const reservedIds = new Set(
      [...s.stack.receivers, ...s.stack.queues.queues.flatMap((q) => (q.consumer ? [q.consumer] : []))].map((f) =>
        logicalId(f.fn.node.defaultChild as CfnElement),
      ),
    );
    // Act
    const fns = ofType(s.resources, 'AWS::Lambda::Function');
    const mappings = ofType(s.resources, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    // Assess
    expect(s.stack.receivers.map((f) => f.entry).sort()).toEqual(receiverRoutes.map((r) => r.handler).sort());
    expect(reservedIds.size).toBe(receiverRoutes.length + consumersPresent.length);
    for (const [id, f] of fns)
      expect(f.Properties.ReservedConcurrentExecutions).toBe(reservedIds.has(id) ? 10 : undefined);
    for (const m of mappings) expect(m.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
  });

  it('takes the concurrency from context, or reserves none where the account cannot spare it', () => {
    // Prepare
    const sized = synth({ context: { webhookConcurrency: 25, consumerConcurrency: 4 } });
    const off = synth({ context: { reserveConcurrency: 'false' } });
    const reserved = (x: Synth) =>
      Object.fromEntries(
        ofType(x.resources, 'AWS::Lambda::Function')
          .filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined)
          .map(([id, f]) => [id, f.Properties.ReservedConcurrentExecutions]),
      );
    // Act
    const sizedReserved = reserved(sized);
    const offReserved = reserved(off);
    // Assess
    for (const fn of sized.stack.receivers)
      expect(sizedReserved[logicalId(fn.fn.node.defaultChild as CfnElement)]).toBe(25);
    for (const q of sized.stack.queues.queues)
      if (q.consumer) expect(sizedReserved[logicalId(q.consumer.fn.node.defaultChild as CfnElement)]).toBe(4);
    for (const [, m] of ofType(sized.resources, 'AWS::Lambda::EventSourceMapping'))
      expect(m.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 4 });
    expect(offReserved).toEqual({});
    for (const [, m] of ofType(off.resources, 'AWS::Lambda::EventSourceMapping'))
      expect(m.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
  });

  it('refuses malformed alarm subscriptions and concurrency settings at synth time', () => {
    // Prepare
    const bad = [
      { alarmEmail: 'not-an-address' },
      { alarmUrl: 'http://pager.acme.example/hook' },
      { consumerConcurrency: 1 },
      { reserveConcurrency: 'maybe' },
    ];
    // Act
    const errors = bad.map((context) => {
      try {
        synth({ context });
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    });
    // Assess
    expect(errors[0]).toMatch(/alarmEmail/);
    expect(errors[1]).toMatch(/alarmUrl/);
    expect(errors[2]).toMatch(/consumerConcurrency/);
    expect(errors[3]).toMatch(/reserveConcurrency/);
  });
});

describe('TollgateStack over arbitrary manifests', () => {
  it('makes one function per handler file with the union of its routes\u2019 access, and a URL for webhook routes', () => {
    // Prepare
    const base = { summary: 's', tag: 't', scopes: [], auth: 'none' as const };
    const routes: RouteDef[] = [
      {
        ...base,
        id: 'one',
        method: 'GET',
        path: '/a',
        handler: 'functions/http/health/live.ts',
        access: { table: 'read' },
      },
      {
        ...base,
        id: 'two',
        method: 'POST',
        path: '/a/{x}/',
        handler: 'functions/http/health/live.ts',
        access: { table: 'write', queues: ['usage'], bus: true },
      },
      {
        ...base,
        id: 'hook',
        method: 'POST',
        path: '/hooks/x',
        handler: 'functions/http/health/ready.ts',
        exposure: 'function-url',
        access: { table: 'write', razorpay: true, razorpayWebhookSecret: true },
        timeoutSeconds: 20,
      },
    ];
    const queues = manifestQueues.map((q, i) =>
      i === 0 ? { ...q, handler: 'functions/consumers/does-not-exist.ts' } : q,
    );
    // Act
    const s = synth({ routes, queues, context: { razorpayKeyId: 'rzp_test_public' } });
    // Assess
    expect(s.stack.functions.size).toBe(2);
    const keys = ofType(s.resources, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties.RouteKey)
      .sort();
    expect(keys).toEqual(['GET /a', 'POST /a/{x}']);
    const shared = roleActions(s, 'functions/http/health/live.ts');
    expect(shared).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'sqs:SendMessage', 'events:PutEvents']),
    );
    const hook = s.stack.functions.get('functions/http/health/ready.ts')!;
    const hookProps = s.resources[logicalId(hook.fn.node.defaultChild as CfnElement)].Properties;
    expect(hookProps.Timeout).toBe(20);
    expect(hookProps.Environment.Variables).toMatchObject({
      RAZORPAY_KEY_ID: 'rzp_test_public',
      RAZORPAY_KEY_SECRET_PARAM: '/tollgate/test/razorpay/key-secret',
      RAZORPAY_WEBHOOK_SECRET_PARAM: '/tollgate/test/razorpay/webhook-secret',
    });
    expect(roleActions(s, 'functions/http/health/ready.ts')).toEqual(
      expect.arrayContaining(['ssm:GetParameter', 'kms:Decrypt']),
    );
    expect(ofType(s.resources, 'AWS::Lambda::Url')).toHaveLength(1);
    expect(s.template.toJSON().Outputs).toHaveProperty('HookUrl');
    // The queue whose consumer is missing still exists with its DLQ, but has no mapping.
    s.template.resourceCountIs('AWS::SQS::Queue', manifestQueues.length * 2);
    expect(s.stack.queues.queues[0].consumer).toBeUndefined();
    const mapped = ofType(s.resources, 'AWS::Lambda::EventSourceMapping').map(
      ([, m]) => m.Properties.EventSourceArn['Fn::GetAtt'][0],
    );
    expect(mapped).not.toContain(logicalId(s.stack.queues.queues[0].queue.node.defaultChild as CfnElement));
  });

  it('fails synthesis on an unacknowledged cdk-nag finding (the check is live)', () => {
    // Prepare
    const app = new App();
    const stack = new Stack(app, 'Bare');
    new Queue(stack, 'NoDlqNoSsl');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act
    const run = () => app.synth();
    // Assess
    expect(run).toThrow(/AwsSolutions-SQS3/);
  });
});
