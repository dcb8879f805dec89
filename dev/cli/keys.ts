import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ulid } from 'ulid';
import { createTableContext, type TableContext } from '#shared/adapters/dynamodb/client';
import { generateApiKey, hashApiKey, visiblePrefix } from '#shared/domain/tenancy/api-keys';
import { SCOPES, type Scope } from '#shared/domain/tenancy/scopes';
import type { ApiKeyRecord } from '#shared/domain/tenancy/types';
import { AppError } from '#shared/errors';
import { tenancyStore } from '../seed';
import { type DemoFile, formatColumns, parseFlags, readDemoFile, UsageError } from './common';

// Kept free of dev/local-stack's imports so the CLI starts fast and works against AWS alone.
/** The table `npm start` creates (LOCAL_TABLE in dev/local-stack.ts). */
export const DEFAULT_LOCAL_TABLE = 'tollgate-local';

export const HELP = `npm run keys -- <command> [options]

Commands
  create --project <id> --app <id> --scopes <a,b> [--name <text>]
      Creates an API key and prints it once: only its SHA-256 hash is stored, so it cannot be
      shown again. The project and the app are created when they do not exist yet.
  list [--project <id>]
      Lists keys: id, prefix, project, app, scopes, created, revoked. Never the key itself.
  revoke <key_id>
      Revokes a key. Running services stop accepting it within API_KEY_CACHE_SECONDS (60 s by
      default), the time they may keep a validated key in memory.

Scopes: ${SCOPES.join(', ')} (admin includes every other scope).

Which table
  --endpoint <url>   a DynamoDB endpoint, e.g. http://127.0.0.1:8000
  --table <name>     the table name
  --region <name>    the AWS region (default: AWS_REGION, else us-east-1)
  Without flags the local stack of \`npm start\`: endpoint and table from .local/demo.json, else
  http://127.0.0.1:$DYNAMODB_PORT (8000) and table ${DEFAULT_LOCAL_TABLE}.
  With TABLE_NAME set and no --endpoint, the deployed table TABLE_NAME in AWS (DYNAMODB_ENDPOINT
  if set), using the usual AWS credentials (AWS_PROFILE, AWS_REGION, …).

Other
  --json      machine-readable output
  -h, --help  this text
Exit status: 0 done, 1 failed (e.g. unknown key id, table unreachable), 2 bad arguments.`;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Bad command-line input: exit 2 with the message and a pointer to --help. */
export interface KeysTarget {
  tableName: string;
  endpoint?: string;
  region?: string;
  /** Where the key lives, for messages: `local` keys are made with a `tg_test_` prefix. */
  kind: 'local' | 'aws';
}

/** Flags first, then the deployed table from TABLE_NAME, then the local stack. */
export function resolveTarget(
  flags: { endpoint?: string; table?: string; region?: string },
  env: Record<string, string | undefined>,
  demo: DemoFile | undefined,
): KeysTarget {
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (flags.endpoint !== undefined) {
    try {
      new URL(flags.endpoint);
    } catch {
      throw new UsageError(`--endpoint must be a URL, got '${flags.endpoint}'`);
    }
  }
  if (!flags.endpoint && env.TABLE_NAME) {
    const endpoint = env.DYNAMODB_ENDPOINT || undefined;
    return { tableName: flags.table ?? env.TABLE_NAME, endpoint, region, kind: endpoint ? 'local' : 'aws' };
  }
  const endpoint = flags.endpoint ?? demo?.dynamodb_endpoint ?? `http://127.0.0.1:${env.DYNAMODB_PORT || 8000}`;
  return {
    tableName: flags.table ?? env.TABLE_NAME ?? demo?.table ?? DEFAULT_LOCAL_TABLE,
    endpoint,
    region,
    kind: 'local',
  };
}

export function parseScopes(raw: string): Scope[] {
  const scopes = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (!scopes.length) throw new UsageError('--scopes needs at least one scope');
  if (unknown.length)
    throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}. Valid scopes: ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

export interface CreatedKey {
  apiKey: string;
  record: ApiKeyRecord;
  projectCreated: boolean;
}

export async function createKey(
  table: TableContext,
  input: { projectId: string; appId: string; name: string; scopes: Scope[]; keyEnv?: string; now?: Date },
): Promise<CreatedKey> {
  const repo = tenancyStore(table);
  const at = (input.now ?? new Date()).toISOString();
  const projectCreated = !(await repo.getProject(input.projectId));
  // Both writes are conditional on absence, so existing names and dates are kept.
  await repo.putProject({ projectId: input.projectId, name: input.projectId, createdAt: at });
  await repo.putApp({ projectId: input.projectId, appId: input.appId, name: input.appId, createdAt: at });
  const apiKey = generateApiKey(input.keyEnv ?? 'live');
  const record: ApiKeyRecord = {
    keyId: `key_${ulid().toLowerCase()}`,
    hash: hashApiKey(apiKey),
    prefix: visiblePrefix(apiKey),
    projectId: input.projectId,
    appId: input.appId,
    name: input.name,
    scopes: input.scopes,
    createdAt: at,
  };
  if ((await repo.putApiKey(record)) !== 'created')
    throw new Error('A key with the same hash already exists; run the command again');
  return { apiKey, record, projectCreated };
}

export async function listKeys(table: TableContext, opts: { projectId?: string } = {}): Promise<ApiKeyRecord[]> {
  const keys = await tenancyStore(table).listApiKeys(opts.projectId);
  return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
}

export async function revokeKey(table: TableContext, keyId: string, now = new Date()): Promise<ApiKeyRecord> {
  return tenancyStore(table).revokeApiKey(keyId, now.toISOString());
}

/** What `list` shows: everything but the hash. */
export function keyView(k: ApiKeyRecord) {
  return {
    key_id: k.keyId,
    prefix: k.prefix,
    project_id: k.projectId,
    app_id: k.appId,
    name: k.name,
    scopes: k.scopes,
    created_at: k.createdAt,
    revoked_at: k.revokedAt ?? null,
  };
}

function formatTable(keys: ApiKeyRecord[]): string {
  const rows = [
    ['ID', 'PREFIX', 'PROJECT', 'APP', 'SCOPES', 'CREATED', 'REVOKED'],
    ...keys.map((k) => [k.keyId, k.prefix, k.projectId, k.appId, k.scopes.join(','), k.createdAt, k.revokedAt ?? '-']),
  ];
  return formatColumns(rows);
}

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  demo?: () => DemoFile | undefined;
}

function requireId(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  if (!ID.test(value)) throw new UsageError(`${flag} must be 1-64 characters of A-Z, a-z, 0-9, _ or -`);
  return value;
}

function parse(argv: string[]) {
  return parseFlags(argv, {
    project: { type: 'string' },
    app: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'string' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

/** Runs one command; returns the exit status instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let table: TableContext | undefined;
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (!command) throw new UsageError('A command is required: create, list or revoke');
    if (!['create', 'list', 'revoke'].includes(command)) throw new UsageError(`Unknown command '${command}'`);
    const allowed: Record<string, string[]> = {
      create: ['project', 'app', 'name', 'scopes'],
      list: ['project'],
      revoke: [],
    };
    const misplaced = ['project', 'app', 'name', 'scopes'].filter(
      (f) => values[f as keyof typeof values] !== undefined && !allowed[command].includes(f),
    );
    if (misplaced.length) throw new UsageError(`${command} does not take --${misplaced.join(', --')}`);
    if (command === 'revoke' ? rest.length !== 1 : rest.length) {
      throw new UsageError(
        command === 'revoke' ? 'revoke takes exactly one key id' : `Unexpected argument '${rest[0]}'`,
      );
    }

    // All input is checked before anything touches the table.
    const create =
      command === 'create'
        ? {
            projectId: requireId(values.project, '--project'),
            appId: requireId(values.app, '--app'),
            scopes: parseScopes(values.scopes ?? ''),
            name: values.name ?? `${values.app} key`,
          }
        : undefined;
    if (create && (create.name.length < 1 || create.name.length > 200))
      throw new UsageError('--name must be 1-200 characters');
    const listProject =
      command === 'list' && values.project !== undefined ? requireId(values.project, '--project') : undefined;

    const target = resolveTarget(values, io.env, (io.demo ?? readDemoFile)());
    table = createTableContext(target);
    const where = `${target.tableName} (${target.endpoint ?? `AWS ${target.region ?? 'us-east-1'}`})`;

    if (create) {
      const { apiKey, record, projectCreated } = await createKey(table, {
        ...create,
        keyEnv: target.kind === 'local' ? 'test' : 'live',
      });
      if (values.json)
        io.out(`${JSON.stringify({ api_key: apiKey, ...keyView(record), project_created: projectCreated })}\n`);
      else {
        io.out(
          [
            `Created key ${record.keyId} in ${where}`,
            `  project ${record.projectId}${projectCreated ? ' (new)' : ''}, app ${record.appId}, scopes ${record.scopes.join(', ')}`,
            `  prefix  ${record.prefix}`,
            '',
            `  ${apiKey}`,
            '',
            'This is the only time the key is shown: store it now.',
            '',
          ].join('\n'),
        );
      }
    } else if (command === 'list') {
      const keys = await listKeys(table, { projectId: listProject });
      if (values.json) io.out(`${JSON.stringify(keys.map(keyView))}\n`);
      else
        io.out(
          keys.length
            ? `${formatTable(keys)}\n`
            : `No keys${listProject ? ` in project ${listProject}` : ''} in ${where}.\n`,
        );
    } else {
      const revoked = await revokeKey(table, rest[0]);
      if (values.json) io.out(`${JSON.stringify(keyView(revoked))}\n`);
      else
        io.out(
          `Revoked ${revoked.keyId} (${revoked.prefix}…, project ${revoked.projectId}) at ${revoked.revokedAt}.\n`,
        );
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`keys: ${e.message}\nRun \`npm run keys -- --help\` for usage.\n`);
      return 2;
    }
    const err = e as Error & { code?: string };
    const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(
      `${err.code ?? ''} ${err.message} ${String(err.cause ?? '')}`,
    );
    const hint = unreachable
      ? ' (is the local stack running? `npm start`)'
      : err.name === 'ResourceNotFoundException'
        ? ' (wrong --table?)'
        : '';
    io.err(`keys: ${e instanceof AppError ? e.message : `${err.name}: ${err.message}`}${hint}\n`);
    return 1;
  } finally {
    table?.doc.destroy();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await main(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
  process.exit(code);
}
