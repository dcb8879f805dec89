import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { DOCS_ASSETS } from '../../shared/http/docs-page';
import { HTTP_FUNCTION_TIMEOUT_SECONDS } from '../../shared/time-budgets';

/**
 * Files a handler reads from next to itself at runtime, keyed by its entry (relative to the
 * project root). esbuild only follows imports, so these are copied after bundling.
 */
const FILES_BESIDE_BUNDLE: Record<string, string[]> = {
  'functions/http/docs/page.ts': DOCS_ASSETS.map((name) => `node_modules/swagger-ui-dist/${name}`),
};

/**
 * esbuild's ESM output keeps `require()` calls of CommonJS dependencies (stripe, razorpay);
 * Node's ESM loader has no `require`, so one is made from the bundle's own URL. The import is
 * aliased because bundled code may itself import `createRequire`, and two top-level bindings
 * of one name are a SyntaxError at load time.
 */
const REQUIRE_SHIM =
  "import { createRequire as __tollgateCreateRequire } from 'module'; const require = __tollgateCreateRequire(import.meta.url);";

/** Module resolution and externals of every bundle (the runtime provides the AWS SDK v3). */
const MAIN_FIELDS = ['module', 'main'];
const EXTERNAL = ['@aws-sdk/*'];

/**
 * The same bundle as BillingFunction asks NodejsFunction for (minus source maps), as direct
 * esbuild options: what the bundle tests and benchmarks measure. `target` defaults to the
 * deployed runtime; pass the local Node's major to load the output here.
 */
export function esbuildOptions(entryPath: string, target = 'node24'): BuildOptions {
  return {
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    target,
    format: 'esm',
    mainFields: MAIN_FIELDS,
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    minify: true,
    metafile: true,
    logLevel: 'silent',
  };
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
 * Callers add table, queue, bus and parameter grants per function.
 */
export class BillingFunction extends Construct {
  readonly fn: NodejsFunction;
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

    const extraFiles = FILES_BESIDE_BUNDLE[props.entry] ?? [];
    const timeout = props.timeout ?? Duration.seconds(HTTP_FUNCTION_TIMEOUT_SECONDS);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: entryPath,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
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
      bundling: {
        format: OutputFormat.ESM,
        mainFields: MAIN_FIELDS,
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        // Stack traces need the mappings, not a second copy of every source file.
        sourcesContent: false,
        // Provided by the runtime; bundling our pinned copy would only grow cold starts.
        externalModules: EXTERNAL,
        commandHooks: extraFiles.length
          ? {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) =>
                extraFiles.map((file) => `cp "${join(inputDir, file)}" "${outputDir}/"`),
            }
          : undefined,
      },
    });

    // X-Ray has no resource-level permissions, so the statement tracing adds must name "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource ARNs; "*" is the only valid resource for active tracing.',
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
