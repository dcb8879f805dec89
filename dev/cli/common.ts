import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** The project root, found from this file (the CLIs must not load the local stack to learn it). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A mistake in how a CLI was called: printed with the help text, exit code 2. */
export class UsageError extends Error {}

/** What `npm start` writes to `.local/demo.json` for the CLIs to find the local stack. */
export interface DemoFile {
  base_url?: string;
  api_key?: string;
  dynamodb_endpoint?: string;
  table?: string;
  stripe_api_base?: string | null;
  razorpay_api_base?: string | null;
  razorpay_key_id?: string;
  razorpay_key_secret?: string;
}

export function readDemoFile(path = join(ROOT, '.local', 'demo.json')): DemoFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DemoFile;
  } catch {
    return undefined;
  }
}

/** `parseArgs` with positionals and strict flags; an unknown or malformed flag is a UsageError. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** What a CLI's `main` writes to and reads: the environment, stdout/stderr and the local stack's demo file. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  tty: boolean;
  demo: () => DemoFile | undefined;
}

/**
 * Runs a CLI's `main` when its file is the one node was started with (tests import `main` and
 * pass their own io), and exits with the code it returns.
 */
export async function runWhenInvoked(moduleUrl: string, main: (argv: string[], io: CliIo) => Promise<number>) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const code = await main(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    tty: Boolean(process.stderr.isTTY),
    demo: () => readDemoFile(),
  });
  process.exit(code);
}

/** Rows as left-aligned columns two spaces apart (the first row is the header). */
export function formatColumns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
