import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '#shared/time-budgets';
import { bundleOptions, LAMBDA_TARGET, LambdaBundles } from './bundles';

/**
 * The same bundle as BillingFunction deploys (minus source maps), as direct esbuild options for
 * one entry: what the bundle tests and benchmarks measure. `target` defaults to the deployed
 * runtime; pass the local Node's major to load the output here.
 */
export function esbuildOptions(entryPath: string, target = LAMBDA_TARGET): BuildOptions {
  return bundleOptions([entryPath], target);
}

export interface BillingFunctionProps {
  /** Entry file relative to `projectRoot`, e.g. `functions/http/health/health.ts`. */
  entry: string;
  projectRoot: string;
  stage: string;
  logLevel: string;
  logRetention: RetentionDays;
  description?: string;
  /** @default HTTP_FUNCTION_TIMEOUT_SECONDS (shared/time-budgets.ts): HTTP API integrations give up after 30 s, so a handler should fail first. */
  timeout?: Duration;
  /** @default 512 MB: also buys CPU, which dominates cold starts of a bundled Node function. */
  memorySize?: number;
  /** Executions reserved for (and the most allowed to) this function; unset shares the account pool. */
  reservedConcurrency?: number;
  environment?: Record<string, string>;
}

/**
 * Every Lambda of the service: one ESM bundle per entry file, arm64, Node 24, active tracing,
 * an explicit log group with retention, and a role that starts with nothing but log writes.
 * Callers add table, queue, bus and parameter grants per function. The bundles of all
 * functions come from one esbuild call (lib/constructs/bundles.ts); the asset is hashed from
 * the bundle, so an unchanged function keeps its asset.
 */
export class BillingFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly entry: string;

  constructor(scope: Construct, id: string, props: BillingFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    const entryPath = join(props.projectRoot, props.entry);
    if (!existsSync(entryPath)) {
      throw new Error(`Lambda entry ${props.entry} does not exist under ${props.projectRoot}`);
    }

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });

    // An own role instead of the default one, which carries the AWSLambdaBasicExecutionRole
    // managed policy: that policy lets the function create and write any log group in the
    // account, while this one may only write to its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Tollgate ${props.stage} ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);

    const timeout = props.timeout ?? Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS);
    const bundles = LambdaBundles.of(props.projectRoot);

    this.fn = new LambdaFunction(this, 'Function', {
      // Bundled locally, never in Docker: the image is named only because the option is required.
      code: Code.fromAsset(props.projectRoot, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('dummy'),
          command: ['tollgate-lambda-bundle', props.entry],
          local: {
            tryBundle(outputDir: string) {
              bundles.copyTo(props.entry, outputDir);
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        STAGE: props.stage,
        LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: 'tollgate',
        POWERTOOLS_METRICS_NAMESPACE: 'Tollgate',
        NODE_OPTIONS: '--enable-source-maps',
        // The runtime sizes its Stripe client from this (shared/time-budgets.ts).
        FUNCTION_TIMEOUT_SECONDS: String(timeout.toSeconds()),
        ...props.environment,
      },
    });

    // X-Ray has no resource-level permissions, so the statement tracing adds must name "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource ARNs; "*" is the only valid resource for active tracing.',
    });
  }

  addEnvironment(name: string, value: string): void {
    this.fn.addEnvironment(name, value);
  }
}

/**
 * A stable construct id from an entry path: `functions/http/docs/page.ts` → `HttpDocsPage`.
 * Logical ids (and so deployed resources) stay put while the entry file stays put.
 */
export function functionIdFor(entry: string): string {
  return entry
    .replace(/^functions\//, '')
    .replace(/\.[cm]?[jt]sx?$/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
