import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { type BuildOptions, buildSync } from 'esbuild';
import { DOCS_ASSETS } from '#shared/http/docs-page';

/**
 * Files a handler reads from next to itself at runtime, keyed by its entry (relative to the
 * project root). esbuild only follows imports, so these are copied beside the bundle.
 */
export const FILES_BESIDE_BUNDLE: Record<string, string[]> = {
  'functions/http/docs/page.ts': DOCS_ASSETS.map((name) => `node_modules/swagger-ui-dist/${name}`),
};

/**
 * esbuild's ESM output keeps `require()` calls of CommonJS dependencies (stripe, razorpay);
 * Node's ESM loader has no `require`, so one is made from the bundle's own URL. The import is
 * aliased because bundled code may itself import `createRequire`, and two top-level bindings
 * of one name are a SyntaxError at load time.
 */
export const REQUIRE_SHIM =
  "import { createRequire as __tollgateCreateRequire } from 'module'; const require = __tollgateCreateRequire(import.meta.url);";

/** Module resolution and externals of every bundle (the runtime provides the AWS SDK v3). */
export const MAIN_FIELDS = ['module', 'main'];
export const EXTERNAL = ['@aws-sdk/*'];

/** The Lambda runtime's Node: `nodejs24.x`. */
export const LAMBDA_TARGET = 'node24';

/**
 * The options of every Lambda bundle, for one entry or many: minified ESM for the Lambda
 * runtime's Node, the AWS SDK left to the runtime. What the stack deploys, the bundle tests
 * check and the benchmarks measure.
 */
export function bundleOptions(entryPoints: BuildOptions['entryPoints'], target = LAMBDA_TARGET): BuildOptions {
  return {
    entryPoints,
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

/** Every Lambda entry point: each `.ts` file under `functions/` is one. */
export function lambdaEntries(projectRoot: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [relative(projectRoot, p)] : [];
    });
  const root = join(projectRoot, 'functions');
  return existsSync(root) ? walk(root).sort() : [];
}

/** Where an entry's bundle sits inside a batch's output: `functions/http/x/get.ts` → `functions/http/x/get/index.mjs`. */
const outBase = (entry: string) => entry.replace(/\.[cm]?tsx?$/, '');

/**
 * Builds every Lambda of the project in ONE esbuild call (esbuild parses each shared module
 * once for all entries, where a call per function parses them again for each) and hands out
 * each function's folder. The batch is built on the first request, so a synth that skips
 * bundling (`aws:cdk:bundling-stacks: []`) builds nothing. Source maps without the sources:
 * stack traces need the mappings, not a second copy of every file.
 */
export class LambdaBundles {
  private static readonly byRoot = new Map<string, LambdaBundles>();
  private outdir?: string;
  private built = new Set<string>();

  private constructor(private readonly projectRoot: string) {}

  static of(projectRoot: string): LambdaBundles {
    let b = LambdaBundles.byRoot.get(projectRoot);
    if (!b) LambdaBundles.byRoot.set(projectRoot, (b = new LambdaBundles(projectRoot)));
    return b;
  }

  /** Copies the bundle of `entry` (index.mjs, its map and any files it reads) into `outputDir`. */
  copyTo(entry: string, outputDir: string): void {
    if (!this.built.has(entry)) this.build([...new Set([...lambdaEntries(this.projectRoot), entry])]);
    const dir = join(this.outdir!, outBase(entry));
    cpSync(dir, outputDir, { recursive: true });
    for (const file of FILES_BESIDE_BUNDLE[entry] ?? [])
      cpSync(join(this.projectRoot, file), join(outputDir, basename(file)));
  }

  private build(entries: string[]): void {
    if (!this.outdir) {
      this.outdir = mkdtempSync(join(tmpdir(), 'tollgate-lambda-bundles-'));
      const dir = this.outdir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    const todo = entries.filter((e) => !this.built.has(e));
    buildSync({
      ...bundleOptions(todo.map((e) => ({ in: join(this.projectRoot, e), out: `${outBase(e)}/index` }))),
      outdir: this.outdir,
      outExtension: { '.js': '.mjs' },
      sourcemap: true,
      sourcesContent: false,
      metafile: false,
      logLevel: 'warning',
    });
    for (const e of todo) this.built.add(e);
  }
}
