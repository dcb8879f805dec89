import { ulid } from 'ulid';
import { createTableContext, type TableContext } from '#shared/adapters/dynamodb/client';
import { ssmParameterSource } from '#shared/adapters/secrets/parameters';
import { hashApiKey, visiblePrefix } from '#shared/domain/tenancy/api-keys';
import { consoleApiKey, consoleLinkKey, signConsoleLink } from '#shared/domain/tenancy/console-link';
import { tenancyStore } from '../seed';
import { type CliIo, type DemoFile, parseFlags, readDemoFile, runWhenInvoked, UsageError } from './common';
import { resolveTarget } from './keys';

// Kept free of dev/local-stack's imports so the CLI starts fast and works against AWS alone.

export const HELP = `npm run console -- link --project <id> [--ttl <15m>] [--base-url <url>]

Prints a signed link that opens the operator console (/console) for the project's admin without
typing a key. The link names an API key made for it with the admin scope, which expires with the
link; the console calls the public API with that key like any other. An expired or altered link
shows an error page. Anyone holding the link is that project's admin until it expires: share it
like a password.

Options
  --project <id>     the project (it must exist)
  --ttl <n><s|m|h>   how long the link and its key live: 1m to 24h (default 15m)
  --base-url <url>   where Tollgate answers (default: TOLLGATE_URL, else the running \`npm start\`)
  --json             machine-readable output
  Which table: as \`npm run keys\` (--endpoint, --table, --region, TABLE_NAME, else the local stack).
  The signing key is derived from the cursor secret, as the service does: CURSOR_SECRET, else the
  SSM parameter CURSOR_SECRET_PARAM; the local stack's development value otherwise.
Exit status: 0 done, 1 failed (e.g. unknown project, table unreachable), 2 bad arguments.`;

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TTL = /^(\d{1,5})([smh])$/;
const UNIT = { s: 1, m: 60, h: 3600 } as const;

/** `15m` → 900; between a minute and a day. */
export function parseTtl(raw: string): number {
  const m = TTL.exec(raw.trim());
  if (!m) throw new UsageError(`--ttl must be a number and s, m or h (e.g. 15m), got '${raw}'`);
  const seconds = Number(m[1]) * UNIT[m[2] as keyof typeof UNIT];
  if (seconds < 60 || seconds > 86_400) throw new UsageError('--ttl must be between 1m and 24h');
  return seconds;
}

async function keyMaterial(env: CliIo['env'], tableName: string, kind: 'local' | 'aws'): Promise<string> {
  if (env.CURSOR_SECRET) return env.CURSOR_SECRET;
  if (env.CURSOR_SECRET_PARAM)
    return ssmParameterSource({
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: env.SSM_ENDPOINT || undefined,
    }).get(env.CURSOR_SECRET_PARAM);
  if (kind === 'aws') throw new UsageError('A deployed table needs CURSOR_SECRET or CURSOR_SECRET_PARAM');
  // What a local stack without CURSOR_SECRET signs with (shared/wiring/cursors.ts).
  return `tollgate-local-cursors:${tableName}`;
}

export interface ConsoleLink {
  url: string;
  expires_at: string;
  project_id: string;
  key_id: string;
}

/** Stores the link's admin key (expiring with it) and signs the link. */
export async function createConsoleLink(
  table: TableContext,
  input: { projectId: string; ttlSeconds: number; material: string; baseUrl: string; now?: Date },
): Promise<ConsoleLink> {
  const store = tenancyStore(table);
  if (!(await store.getProject(input.projectId))) throw new Error(`No project '${input.projectId}' in this table`);
  const now = input.now ?? new Date();
  const expiresAt = Math.floor(now.getTime() / 1000) + input.ttlSeconds;
  const key = consoleLinkKey(input.material);
  const keyId = `key_console_${ulid().toLowerCase()}`;
  const apiKey = consoleApiKey(key, keyId);
  await store.putApp({
    projectId: input.projectId,
    appId: 'console',
    name: 'Console links',
    createdAt: now.toISOString(),
  });
  const stored = await store.putApiKey({
    keyId,
    hash: hashApiKey(apiKey),
    prefix: visiblePrefix(apiKey),
    projectId: input.projectId,
    appId: 'console',
    name: 'console link',
    scopes: ['admin'],
    createdAt: now.toISOString(),
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  });
  if (stored !== 'created') throw new Error('A key with the same id already exists; run the command again');
  const token = signConsoleLink(key, { projectId: input.projectId, keyId, expiresAt });
  return {
    url: `${input.baseUrl.replace(/\/+$/, '')}/console/${token}`,
    expires_at: new Date(expiresAt * 1000).toISOString(),
    project_id: input.projectId,
    key_id: keyId,
  };
}

function baseUrlOf(flag: string | undefined, env: CliIo['env'], demo: DemoFile | undefined): string {
  const url = flag ?? env.TOLLGATE_URL ?? demo?.base_url ?? `http://127.0.0.1:${env.PORT || 3000}`;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL, got '${url}'`);
  }
  return url;
}

export async function main(argv: string[], io: Pick<CliIo, 'env' | 'out' | 'err'> & Partial<CliIo>): Promise<number> {
  let table: TableContext | undefined;
  try {
    const { values, positionals } = parseFlags(argv, {
      project: { type: 'string' },
      ttl: { type: 'string', default: '15m' },
      'base-url': { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    if (positionals.join(' ') !== 'link') throw new UsageError('The one command is: link --project <id>');
    if (!values.project || !ID.test(values.project))
      throw new UsageError('--project is required: 1-64 characters of A-Z, a-z, 0-9, _ or -');
    const ttlSeconds = parseTtl(values.ttl);
    const demo = (io.demo ?? readDemoFile)();
    const baseUrl = baseUrlOf(values['base-url'], io.env, demo);
    const target = resolveTarget(values, io.env, demo);
    const material = await keyMaterial(io.env, target.tableName, target.kind);
    table = createTableContext(target);
    const link = await createConsoleLink(table, {
      projectId: values.project,
      ttlSeconds,
      material,
      baseUrl,
    });
    if (values.json) io.out(`${JSON.stringify(link)}\n`);
    else
      io.out(
        `Console for project ${link.project_id}, until ${link.expires_at} (key ${link.key_id}):\n\n  ${link.url}\n\n` +
          'Anyone with this link is the project’s admin until then.\n',
      );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`console: ${e.message}\nRun \`npm run console -- --help\` for usage.\n`);
      return 2;
    }
    io.err(`console: ${(e as Error).message}\n`);
    return 1;
  } finally {
    table?.doc.destroy();
  }
}

await runWhenInvoked(import.meta.url, main);
