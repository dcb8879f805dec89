import { ArnFormat, type CfnElement, type Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { RouteAccess, RouteDef } from '#shared/http/route';
import type { QueueDef } from '#shared/sqs/queues';
import { BillingFunction } from './constructs/billing-function';
import type { TollgateSettings } from './settings';

export type QueueId = QueueDef['id'];

/** Everything a function may be granted; routes, consumers and jobs all reduce to this. */
export interface FunctionAccess extends RouteAccess {
  /** Read queue depth of every queue (the health probe). */
  queueAttributes?: boolean;
}

const TABLE_LEVEL = { none: 0, read: 1, write: 2 } as const;

/**
 * Several routes can share one handler file, and so one function: it gets the union of what
 * its routes need. An API-key route always reads the table, because that is where the hashed
 * keys are looked up.
 */
export function accessOfRoutes(
  routes: readonly RouteDef[],
  extra?: (r: RouteDef) => Partial<FunctionAccess>,
): FunctionAccess {
  const out: FunctionAccess = { table: 'none', queues: [] };
  for (const r of routes) {
    const a: FunctionAccess = { ...r.access, ...extra?.(r) };
    const table = r.auth === 'api-key' && a.table === 'none' ? 'read' : a.table;
    if (TABLE_LEVEL[table] > TABLE_LEVEL[out.table]) out.table = table;
    out.queues = [...new Set([...(out.queues ?? []), ...(a.queues ?? [])])];
    out.bus ||= a.bus;
    out.stripe ||= a.stripe;
    out.stripeWebhookSecret ||= a.stripeWebhookSecret;
    out.razorpay ||= a.razorpay;
    out.razorpayWebhookSecret ||= a.razorpayWebhookSecret;
    out.cursorSecret ||= a.cursorSecret;
    out.queueAttributes ||= a.queueAttributes;
    out.dlq ||= a.dlq;
  }
  return out;
}

export interface ServiceWiringProps {
  projectRoot: string;
  settings: TollgateSettings;
  table: Table;
  bus: IEventBus;
}

export interface ServiceFunctionOptions {
  entry: string;
  access: FunctionAccess;
  description?: string;
  timeout?: Duration;
  memorySize?: number;
  reservedConcurrency?: number;
}

/**
 * Builds functions and gives each exactly what its access declares: environment variables that
 * name its resources, and the matching IAM grants. Nothing is granted by default.
 */
export class ServiceWiring {
  private readonly queues = new Map<
    QueueId,
    { queue: IQueue; urlEnv: QueueDef['urlEnv']; dlq?: IQueue; dlqUrlEnv: QueueDef['dlqUrlEnv'] }
  >();

  constructor(private readonly props: ServiceWiringProps) {}

  registerQueue(def: QueueDef, queue: IQueue, dlq?: IQueue): void {
    this.queues.set(def.id, { queue, urlEnv: def.urlEnv, dlq, dlqUrlEnv: def.dlqUrlEnv });
  }

  createFunction(scope: Construct, id: string, opts: ServiceFunctionOptions): BillingFunction {
    const { settings } = this.props;
    const fn = new BillingFunction(scope, id, {
      entry: opts.entry,
      projectRoot: this.props.projectRoot,
      stage: settings.stage,
      logLevel: settings.logLevel,
      logRetention: settings.logRetention,
      description: opts.description,
      timeout: opts.timeout,
      memorySize: opts.memorySize,
      reservedConcurrency: opts.reservedConcurrency,
      environment: { PAST_DUE_GRACE_DAYS: String(settings.pastDueGraceDays) },
    });
    this.grant(fn, opts.access);
    return fn;
  }

  private grant(fn: BillingFunction, access: FunctionAccess): void {
    const { table, bus, settings } = this.props;

    if (access.table !== 'none') {
      fn.addEnvironment('TABLE_NAME', table.tableName);
      if (access.table === 'write') table.grantReadWriteData(fn.role);
      else table.grantReadData(fn.role);
      // The grant covers the table's indexes with `<arn>/index/*`; GSI1 is the only one.
      const tableId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
        reason: 'Index ARNs of the one billing table only (GSI1 today); queries by GSI need the index resource.',
      });
    }

    for (const id of access.queues ?? []) {
      const q = this.requireQueue(id);
      fn.addEnvironment(q.urlEnv, q.queue.queueUrl);
      q.queue.grantSendMessages(fn.role);
    }

    if (access.queueAttributes) {
      for (const q of this.queues.values()) {
        fn.addEnvironment(q.urlEnv, q.queue.queueUrl);
        q.queue.grant(fn.role, 'sqs:GetQueueAttributes');
      }
    }

    if (access.dlq) {
      // Depths of every queue and DLQ, and the DLQ → queue move (SQS's message move task, or
      // receive/send/delete where that is unavailable). No message content leaves the function.
      for (const q of this.queues.values()) {
        if (!q.dlq) continue;
        fn.addEnvironment(q.urlEnv, q.queue.queueUrl);
        fn.addEnvironment(q.dlqUrlEnv, q.dlq.queueUrl);
        q.queue.grant(fn.role, 'sqs:GetQueueAttributes', 'sqs:SendMessage');
        q.dlq.grant(
          fn.role,
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:StartMessageMoveTask',
          'sqs:ListMessageMoveTasks',
        );
      }
    }

    if (access.bus) {
      fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
      bus.grantPutEventsTo(fn.role);
      // What is published is also delivered to webhook endpoints, through their queue.
      const outbound = this.queues.get('outbound');
      if (outbound) {
        fn.addEnvironment(outbound.urlEnv, outbound.queue.queueUrl);
        outbound.queue.grantSendMessages(fn.role);
      }
    }

    const params: string[] = [];
    const useParam = (env: string, name: string) => {
      fn.addEnvironment(env, name);
      params.push(name);
    };
    if (access.stripe) useParam('STRIPE_SECRET_PARAM', settings.parameters.stripeSecretKey);
    if (access.stripeWebhookSecret) useParam('STRIPE_WEBHOOK_SECRET_PARAM', settings.parameters.stripeWebhookSecret);
    if (access.razorpay) {
      if (settings.razorpayKeyId) fn.addEnvironment('RAZORPAY_KEY_ID', settings.razorpayKeyId);
      useParam('RAZORPAY_KEY_SECRET_PARAM', settings.parameters.razorpayKeySecret);
    }
    if (access.razorpayWebhookSecret)
      useParam('RAZORPAY_WEBHOOK_SECRET_PARAM', settings.parameters.razorpayWebhookSecret);
    if (access.cursorSecret) useParam('CURSOR_SECRET_PARAM', settings.parameters.cursorSecret);
    if (params.length) this.grantParameters(fn, params);
  }

  private grantParameters(fn: BillingFunction, names: string[]): void {
    const stack = Stack.of(fn);
    const arns = names.map((name) =>
      stack.formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: name.replace(/^\//, ''),
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    );
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: arns }));

    // Decrypting a SecureString happens inside SSM on the caller's behalf. The conditions pin
    // the decrypt to SSM and to these parameters (SSM puts the parameter ARN in the encryption
    // context), so the statement cannot decrypt anything else even where the key is broad.
    const conditions = {
      StringEquals: {
        'kms:ViaService': `ssm.${stack.region}.amazonaws.com`,
        'kms:EncryptionContext:PARAMETER_ARN': arns,
      },
    };
    const keyArn = this.props.settings.parameterKmsKeyArn;
    if (keyArn) {
      fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [keyArn], conditions }));
      return;
    }
    const anyKey = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [anyKey], conditions }));
    // cdk-nag names the finding by the ARN as rendered: pseudo parameters in angle brackets,
    // or the literal region and account when the stack has a concrete environment.
    const shown = (v: string, pseudo: string) => (Token.isUnresolved(v) ? `<AWS::${pseudo}>` : v);
    const finding = `arn:${shown(stack.partition, 'Partition')}:kms:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}:key/*`;
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${finding}]`,
      reason:
        "The AWS-managed aws/ssm key has a per-account id unknown at synth time; kms:ViaService=ssm and the PARAMETER_ARN encryption-context condition limit the decrypt to this function's own SecureString parameters.",
    });
  }

  private requireQueue(id: QueueId) {
    const q = this.queues.get(id);
    if (!q) throw new Error(`Access names queue "${id}", which is not in the queue manifest`);
    return q;
  }
}
