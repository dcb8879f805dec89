/**
 * The renovation's figures, before and after: files per folder, the largest files, imports from
 * adapters into the domain and the entry points, `../../../` climbs, lines over 120 columns,
 * bundle sizes, cold module load with the AWS SDK external (as deployed) and bundled, and
 * optionally the `cdk synth` time of both trees.
 *
 *   npx tsx bench/renovation.ts [--before <git ref>] [--synth]
 *
 * "Before" is a git ref of this repository (default: the last commit before the renovation
 * merges), extracted into a temporary folder that borrows this checkout's node_modules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { before: { type: 'string', default: '2b6201e' }, synth: { type: 'boolean', default: false } },
});

function checkout(ref: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-before-'));
  const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', ref], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function tsFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const p = join(abs, name);
    if (name === 'node_modules') return [];
    return statSync(p).isDirectory() ? tsFiles(root, relative(root, p)) : p.endsWith('.ts') ? [relative(root, p)] : [];
  });
}

const ADAPTER_IMPORT = /from ['"][^'"]*(adapters\/|#shared\/adapters)/;

function structure(root: string) {
  const product = ['shared', 'functions', 'lib'].flatMap((d) => tsFiles(root, d));
  const all = ['shared', 'functions', 'lib', 'dev', 'test', 'bench', 'client'].flatMap((d) => tsFiles(root, d));
  const text = new Map(all.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
  const lines = (f: string) => text.get(f)!.split('\n');
  const folders: Record<string, number> = {};
  for (const f of product) {
    const parts = f.split('/');
    const key = parts
      .slice(
        0,
        parts[0] === 'shared' && parts.length > 2 ? (parts[1] === 'domain' || parts[1] === 'adapters' ? 3 : 2) : 2,
      )
      .join('/');
    folders[key.endsWith('.ts') ? parts[0] : key] = (folders[key.endsWith('.ts') ? parts[0] : key] ?? 0) + 1;
  }
  const importing = (dir: string) =>
    product.filter((f) => f.startsWith(`${dir}/`) && ADAPTER_IMPORT.test(text.get(f)!));
  return {
    productFiles: product.length,
    productLines: product.reduce((n, f) => n + lines(f).length, 0),
    folders,
    largest: product
      .map((f) => [f, lines(f).length] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5),
    over350: product.filter((f) => lines(f).length > 350).length,
    domainFilesImportingAdapters: importing('shared/domain').length,
    functionFilesImportingAdapters: importing('functions').length,
    climbs: all.reduce((n, f) => n + lines(f).filter((l) => /['"](\.\.\/){3}/.test(l)).length, 0),
    linesOver120: all.reduce((n, f) => n + lines(f).filter((l) => l.length > 120).length, 0),
    grabBags: product.filter((f) => /\/(service|utils|helpers)\.ts$/.test(f)).length,
  };
}

async function bundleSizes(root: string): Promise<Map<string, number>> {
  const entries = tsFiles(root, 'functions');
  const r = await build({
    entryPoints: entries.map((e) => ({ in: join(root, e), out: e.replace(/\.ts$/, '/index') })),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    minify: true,
    metafile: true,
    write: false,
    outdir: join(root, 'cdk.out', 'sizes'),
    logLevel: 'silent',
  });
  const out = new Map<string, number>();
  const prefix = relative(process.cwd(), root);
  for (const o of Object.values(r.metafile!.outputs)) {
    if (o.entryPoint) out.set(prefix ? relative(prefix, o.entryPoint) : o.entryPoint, o.bytes);
  }
  return out;
}

/** Median of 5 fresh Node processes importing the bundle (the module load part of a cold start). */
async function coldInit(entry: string, sdk: 'external' | 'bundled'): Promise<{ kb: number; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-cold-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(ROOT, 'node_modules', '@aws-sdk'), join(dir, 'node_modules', '@aws-sdk'), 'dir');
    const file = join(dir, 'index.mjs');
    await build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      format: 'esm',
      mainFields: ['module', 'main'],
      external: sdk === 'external' ? ['@aws-sdk/*'] : [],
      minify: true,
      outfile: file,
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
    });
    const loader = join(dir, 'load.mjs');
    writeFileSync(
      loader,
      `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`,
    );
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = spawnSync(process.execPath, [loader], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'SILENT', TABLE_NAME: 'bench', AWS_REGION: 'us-east-1' },
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`loading ${entry} failed: ${r.stderr}`);
      times.push(Number(r.stdout));
    }
    return { kb: statSync(file).size / 1024, ms: times.sort((a, b) => a - b)[2] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function synthSeconds(root: string): number {
  const out = mkdtempSync(join(tmpdir(), 'tollgate-synth-'));
  const t0 = performance.now();
  const r = spawnSync('npx', ['cdk', 'synth', '--no-notices', '-q', '-o', out], {
    cwd: root,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    encoding: 'utf8',
  });
  const s = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`cdk synth failed in ${root}: ${r.stderr.slice(-500)}`);
  return s;
}

const before = checkout(values.before);
try {
  const [b, a] = [structure(before.dir), structure(ROOT)];
  const row = (name: string, x: unknown, y: unknown) =>
    console.log(`${name.padEnd(44)} ${String(x).padStart(10)} ${String(y).padStart(10)}`);
  console.log(
    `\nStructure (before = ${values.before}, after = this checkout)\n${''.padEnd(44)} ${'before'.padStart(10)} ${'after'.padStart(10)}`,
  );
  row('product files (shared, functions, lib)', b.productFiles, a.productFiles);
  row('product lines', b.productLines, a.productLines);
  row('shared/domain files importing adapters', b.domainFilesImportingAdapters, a.domainFilesImportingAdapters);
  row('functions/ files importing adapters', b.functionFilesImportingAdapters, a.functionFilesImportingAdapters);
  row("import lines climbing '../../../'", b.climbs, a.climbs);
  row('lines over 120 columns (all TypeScript)', b.linesOver120, a.linesOver120);
  row('product files over 350 lines', b.over350, a.over350);
  row('service.ts / utils.ts / helpers.ts', b.grabBags, a.grabBags);
  console.log('\nFiles per folder');
  for (const k of [...new Set([...Object.keys(b.folders), ...Object.keys(a.folders)])].sort())
    row(k, b.folders[k] ?? 0, a.folders[k] ?? 0);
  console.log('\nLargest product files');
  for (let i = 0; i < 5; i++)
    console.log(`  ${`${b.largest[i][0]} (${b.largest[i][1]})`.padEnd(58)} ${a.largest[i][0]} (${a.largest[i][1]})`);

  const [sb, sa] = [await bundleSizes(before.dir), await bundleSizes(ROOT)];
  console.log('\nBundle sizes, KB (minified ESM, @aws-sdk external)');
  for (const e of [...new Set([...sb.keys(), ...sa.keys()])].sort()) {
    row(e, sb.has(e) ? (sb.get(e)! / 1024).toFixed(0) : '-', sa.has(e) ? (sa.get(e)! / 1024).toFixed(0) : '-');
  }

  console.log('\nCold module load after (median of 5 fresh processes, this Node), AWS SDK external vs bundled');
  console.log(
    `${'entry'.padEnd(44)} ${'ext KB'.padStart(8)} ${'ext ms'.padStart(8)} ${'bund KB'.padStart(8)} ${'bund ms'.padStart(8)}`,
  );
  for (const e of [
    'functions/http/entitlements/get.ts',
    'functions/http/usage/report.ts',
    'functions/http/usage/record.ts',
    'functions/webhooks/stripe.ts',
  ]) {
    const [x, y] = [await coldInit(e, 'external'), await coldInit(e, 'bundled')];
    console.log(
      `${e.padEnd(44)} ${x.kb.toFixed(0).padStart(8)} ${x.ms.toFixed(1).padStart(8)} ${y.kb.toFixed(0).padStart(8)} ${y.ms.toFixed(1).padStart(8)}`,
    );
  }

  if (values.synth) {
    console.log('\ncdk synth (bundling every function, cdk-nag), seconds');
    row('npx cdk synth --no-notices -q', synthSeconds(before.dir).toFixed(0), synthSeconds(ROOT).toFixed(0));
  }
} finally {
  before.remove();
}
