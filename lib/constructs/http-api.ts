import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, type HttpRoute, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDef } from '#shared/http/route';
import type { BillingFunction } from './billing-function';

export interface ApiRouteBinding {
  route: RouteDef;
  fn: BillingFunction;
}

export interface BillingHttpApiProps {
  stage: string;
  bindings: readonly ApiRouteBinding[];
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
}

/**
 * The path an HTTP API route is created with. A route path may not end in "/" (CDK rejects it),
 * so a manifest path with a trailing slash is served without it.
 */
export function apiRoutePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** One JSON object per request, so Logs Insights can filter on fields without parsing. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  userAgent: '$context.identity.userAgent',
};

/**
 * The HTTP API: one route per manifest route, a throttled default stage and JSON access logs.
 * Authentication is not done here: each function checks the caller's API key against the hashed
 * keys in the table, because a key carries a project and scopes that the handler needs anyway.
 */
export class BillingHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: BillingHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      apiName: `tollgate-${props.stage}`,
      description: 'Tollgate billing and entitlements API',
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // Protects the table and Stripe from one misbehaving caller; callers retry on 429.
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // One integration per function, shared by all of its routes, and one invoke permission per
    // function for this API (instead of one per route).
    const integrations = new Map<BillingFunction, HttpLambdaIntegration>();
    for (const { route, fn } of props.bindings) {
      let integration = integrations.get(fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.fn, { scopePermissionToRoute: false });
        integrations.set(fn, integration);
      }
      const [httpRoute] = this.api.addRoutes({
        path: apiRoutePath(route.path),
        methods: [HttpMethod[route.method]],
        integration,
      });
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          route.auth === 'api-key'
            ? `${route.method} ${route.path} authenticates in the function: the bearer or x-api-key key is hashed and looked up in the billing table, which also yields its project and scopes.`
            : route.path.includes('{token}')
              ? `${route.method} ${route.path} authenticates in the function: the token in its path is a signed, expiring link to one workspace, verified before anything is read.`
              : `${route.method} ${route.path} is public by design (probe, API docs, the pages' shell and assets) and returns no tenant data.`,
      });
      this.routes.push(httpRoute);
    }
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
