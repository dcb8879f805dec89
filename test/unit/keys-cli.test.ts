import { describe, expect, it } from 'vitest';
import { UsageError } from '../../dev/cli/common';
import { DEFAULT_LOCAL_TABLE, main, parseScopes, resolveTarget } from '../../dev/cli/keys';

const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
  let out = '';
  let err = '';
  const code = await main(argv, { env, out: (t) => (out += t), err: (t) => (err += t), demo: () => undefined });
  return { code, out, err };
};

describe('keys CLI: which table', () => {
  it('targets the local stack by default', () => {
    // Act
    const t = resolveTarget({}, {}, undefined);
    // Assess
    expect(t).toEqual({
      tableName: DEFAULT_LOCAL_TABLE,
      endpoint: 'http://127.0.0.1:8000',
      region: undefined,
      kind: 'local',
    });
  });

  it('follows .local/demo.json, then DYNAMODB_PORT, for the local stack', () => {
    // Act
    const fromDemo = resolveTarget(
      {},
      { DYNAMODB_PORT: '8111' },
      { dynamodb_endpoint: 'http://127.0.0.1:8222', table: 'from-demo' },
    );
    const fromPort = resolveTarget({}, { DYNAMODB_PORT: '8111' }, undefined);
    // Assess
    expect(fromDemo).toMatchObject({ endpoint: 'http://127.0.0.1:8222', tableName: 'from-demo', kind: 'local' });
    expect(fromPort).toMatchObject({ endpoint: 'http://127.0.0.1:8111', tableName: DEFAULT_LOCAL_TABLE });
  });

  it('targets the deployed table in AWS when TABLE_NAME is set and no endpoint is given', () => {
    // Act
    const t = resolveTarget(
      {},
      { TABLE_NAME: 'tollgate-prod-Table', AWS_REGION: 'ap-south-1' },
      { dynamodb_endpoint: 'http://127.0.0.1:8000', table: 'x' },
    );
    // Assess
    expect(t).toEqual({ tableName: 'tollgate-prod-Table', endpoint: undefined, region: 'ap-south-1', kind: 'aws' });
  });

  it('lets the flags win over environment and demo file', () => {
    // Act
    const t = resolveTarget(
      { endpoint: 'http://localhost:9000', table: 'flag-table', region: 'eu-west-1' },
      { TABLE_NAME: 'env-table', AWS_REGION: 'us-east-1' },
      { dynamodb_endpoint: 'http://127.0.0.1:8000', table: 'demo' },
    );
    const endpointOnly = resolveTarget({ endpoint: 'http://localhost:9000' }, { TABLE_NAME: 'env-table' }, undefined);
    // Assess
    expect(t).toEqual({
      tableName: 'flag-table',
      endpoint: 'http://localhost:9000',
      region: 'eu-west-1',
      kind: 'local',
    });
    expect(endpointOnly).toMatchObject({ tableName: 'env-table', endpoint: 'http://localhost:9000' });
  });

  it('parses scopes, dropping blanks and duplicates, and refuses unknown ones', () => {
    // Act + Assess
    expect(parseScopes('usage:write, entitlements:read,,usage:write')).toEqual(['usage:write', 'entitlements:read']);
    expect(() => parseScopes('usage:write,billing')).toThrow(UsageError);
    expect(() => parseScopes('')).toThrow(/at least one/);
  });
});

describe('keys CLI: bad arguments exit 2 before touching any table', () => {
  it.each([
    [[], /command is required/],
    [['rotate'], /Unknown command 'rotate'/],
    [['create', '--app', 'a', '--scopes', 'admin'], /--project is required/],
    [['create', '--project', 'p', '--scopes', 'admin'], /--app is required/],
    [['create', '--project', 'p', '--app', 'a'], /at least one scope/],
    [['create', '--project', 'p', '--app', 'a', '--scopes', 'admin,root'], /Unknown scope\(s\): root/],
    [['create', '--project', 'p q', '--app', 'a', '--scopes', 'admin'], /--project must be/],
    [['create', '--project', 'p', '--app', 'a', '--scopes', 'admin', '--colour', 'red'], /Unknown option '--colour'/],
    [['create', '--project', 'p', '--app', 'a', '--scopes', 'admin', 'extra'], /Unexpected argument 'extra'/],
    [['list', '--scopes', 'admin'], /list does not take --scopes/],
    [['revoke'], /exactly one key id/],
    [['revoke', 'key_a', 'key_b'], /exactly one key id/],
    [['list', '--endpoint', 'not a url'], /--endpoint must be a URL/],
    [['create', '--project'], /argument missing|--project/],
  ])('%j', async (argv, message) => {
    // Act
    const r = await run(argv as string[]);
    // Assess
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('--help');
    expect(r.out).toBe('');
  });

  it('prints the help, which documents targets and exit codes, with status 0', async () => {
    // Act
    const r = await run(['--help']);
    // Assess
    expect(r.code).toBe(0);
    for (const text of [
      'create',
      'list',
      'revoke',
      '--endpoint',
      '--table',
      'TABLE_NAME',
      '.local/demo.json',
      'Exit status',
    ])
      expect(r.out).toContain(text);
  });
});
