import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { projectRepository } from '#shared/adapters/dynamodb/repositories/projects';
import { type AppError, NotFoundError } from '#shared/errors';
import { apiKeyAuthenticator } from '#shared/http/middleware/api-key-auth';
import { createKey, listKeys, main, revokeKey } from '../../dev/cli/keys';
import { freshTable } from '../support/local';

const ROOT = join(import.meta.dirname, '..', '..');

describe('keys CLI against DynamoDB Local', () => {
  let table: TableContext;
  let endpoint: string;
  const authenticate = () => apiKeyAuthenticator(apiKeyRepository(table), { cacheSeconds: 0 });
  const cli = async (argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main([...argv, '--endpoint', endpoint, '--table', table.tableName], {
      env: {},
      out: (t) => (out += t),
      err: (t) => (err += t),
      demo: () => undefined,
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    table = await freshTable('keys');
    endpoint = inject('dynamodbEndpoint');
  });

  it('creates a working key, its project and app, and stores only the hash', async () => {
    // Act
    const created = await createKey(table, {
      projectId: 'billing-app',
      appId: 'web',
      name: 'web backend',
      scopes: ['entitlements:read', 'usage:write'],
    });
    const ctx = await authenticate()({ authorization: `Bearer ${created.apiKey}` }, ['usage:write']);
    const stored = JSON.stringify((await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items);
    const app = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: keys.app('billing-app', 'web') }),
    );
    // Assess
    expect(created.projectCreated).toBe(true);
    expect(created.apiKey).toMatch(/^tg_live_[0-9A-Za-z]{32}$/);
    expect(created.record.prefix).toBe(created.apiKey.slice(0, 12));
    expect(ctx).toEqual({
      projectId: 'billing-app',
      appId: 'web',
      keyId: created.record.keyId,
      scopes: ['entitlements:read', 'usage:write'],
    });
    expect(await projectRepository(table).getProject('billing-app')).toMatchObject({ projectId: 'billing-app' });
    expect(app.Item).toMatchObject({ entity: 'app', app_id: 'web' });
    expect(stored).not.toContain(created.apiKey);
    expect(stored).toContain(created.record.prefix);
  });

  it('reuses an existing project and app', async () => {
    // Prepare
    await createKey(table, {
      projectId: 'reuse',
      appId: 'api',
      name: 'first',
      scopes: ['admin'],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    // Act
    const second = await createKey(table, { projectId: 'reuse', appId: 'api', name: 'second', scopes: ['finance'] });
    // Assess
    expect(second.projectCreated).toBe(false);
    expect((await projectRepository(table).getProject('reuse'))?.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect((await listKeys(table, { projectId: 'reuse' })).map((k) => k.name)).toEqual(['first', 'second']);
  });

  it('revokes a key by id so it no longer authenticates, keeping the first revocation time', async () => {
    // Prepare
    const { apiKey, record } = await createKey(table, {
      projectId: 'revoking',
      appId: 'api',
      name: 'k',
      scopes: ['admin'],
    });
    // Act
    const first = await revokeKey(table, record.keyId, new Date('2026-04-01T00:00:00Z'));
    const second = await revokeKey(table, record.keyId, new Date('2026-05-01T00:00:00Z'));
    const rejected = await authenticate()({ 'x-api-key': apiKey }, []).catch((e: AppError) => e);
    // Assess
    expect(first.revokedAt).toBe('2026-04-01T00:00:00.000Z');
    expect(second.revokedAt).toBe('2026-04-01T00:00:00.000Z');
    expect(rejected).toMatchObject({ statusCode: 401, code: 'api_key_revoked' });
    await expect(revokeKey(table, 'key_does_not_exist')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('runs create, list and revoke from the command line, showing the key exactly once', async () => {
    // Act
    const created = await cli([
      'create',
      '--project',
      'cli-proj',
      '--app',
      'cli-app',
      '--name',
      'ci key',
      '--scopes',
      'usage:write',
    ]);
    const key = /\b(tg_test_[0-9A-Za-z]{32})\b/.exec(created.out)?.[1];
    const listed = await cli(['list', '--project', 'cli-proj']);
    const listedJson = JSON.parse((await cli(['list', '--project', 'cli-proj', '--json'])).out);
    const id = listedJson[0].key_id as string;
    const revoked = await cli(['revoke', id]);
    const afterJson = JSON.parse((await cli(['list', '--project', 'cli-proj', '--json'])).out);
    const unknown = await cli(['revoke', 'key_nope']);
    // Assess
    expect(created.code).toBe(0);
    expect(key).toBeDefined();
    expect(created.out.split(key!).length - 1).toBe(1);
    expect(created.out).toContain(key!.slice(0, 12));
    expect(created.out).toContain(id);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/ID\s+PREFIX\s+PROJECT\s+APP\s+SCOPES\s+CREATED\s+REVOKED/);
    expect(listed.out).toContain(key!.slice(0, 12));
    expect(listed.out).not.toContain(key!);
    expect(listedJson).toEqual([
      {
        key_id: id,
        prefix: key!.slice(0, 12),
        project_id: 'cli-proj',
        app_id: 'cli-app',
        name: 'ci key',
        scopes: ['usage:write'],
        created_at: expect.any(String),
        revoked_at: null,
      },
    ]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`Revoked ${id}`);
    expect(afterJson[0].revoked_at).toEqual(expect.any(String));
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("API key 'key_nope' was not found");
  });

  it('exits 1 with a hint when the table does not exist', async () => {
    // Act
    let err = '';
    const code = await main(['list', '--endpoint', endpoint, '--table', 'no-such-table'], {
      env: {},
      out: () => undefined,
      err: (t) => (err += t),
      demo: () => undefined,
    });
    // Assess
    expect(code).toBe(1);
    expect(err).toContain('ResourceNotFoundException');
  });

  it('works as `npm run keys` does: exit status 2 for bad arguments, 0 for a listing', () => {
    // Prepare
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const exec = (args: string[]) =>
      spawnSync(tsx, ['dev/cli/keys.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, TABLE_NAME: '' },
      });
    // Act
    const bad = exec(['create', '--project', 'p', '--app', 'a', '--scopes', 'superuser']);
    const list = exec(['list', '--project', 'cli-proj', '--json', '--endpoint', endpoint, '--table', table.tableName]);
    // Assess
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown scope(s): superuser');
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });
});
