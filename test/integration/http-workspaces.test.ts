import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { reloadConfig } from '#shared/config';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { Scope } from '#shared/domain/tenancy/scopes';
import { freshTable } from '../support/local';
import { call, errorOf, type Invoke, workspaceEvent } from '../unit/support/apigw';

const ALPHA = 'tg_test_alpha_integration_key_000000';
const BETA = 'tg_test_beta_integration_key_0000000';
const READ_ONLY = 'tg_test_readonly_integration_key_00';
const PROFILE = { name: 'Acme', email: 'billing@acme.example', country: 'IN', currency: 'INR' };

describe('workspace handlers (the deployed modules) on DynamoDB Local', () => {
  let table: TableContext;
  let put: Invoke;
  let get: Invoke;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const items = async () => (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];

  beforeAll(async () => {
    table = await freshTable('ws');
    const tenancy = apiKeyRepository(table);
    const key = async (k: string, projectId: string, scopes: Scope[]) =>
      tenancy.putApiKey({
        keyId: `key_${projectId}_${scopes.length}`,
        hash: hashApiKey(k),
        prefix: k.slice(0, 12),
        projectId,
        appId: 'app',
        name: 'k',
        scopes,
        createdAt: '2026-01-01T00:00:00Z',
      });
    await key(ALPHA, 'alpha', ['admin']);
    await key(BETA, 'beta', ['entitlements:read', 'subscriptions:manage']);
    await key(READ_ONLY, 'alpha', ['entitlements:read']);
    // The handlers wire their adapters from configuration at module load, as in Lambda.
    Object.assign(process.env, { TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: inject('dynamodbEndpoint') });
    reloadConfig();
    put = (await import('../../functions/http/workspaces/put')).handler as Invoke;
    get = (await import('../../functions/http/workspaces/get')).handler as Invoke;
  });

  it('creates with 201, updates with 200 keeping created_at, and reads it back', async () => {
    // Act
    const created = await call(
      put,
      workspaceEvent('PUT', 'ws_crud', { body: JSON.stringify(PROFILE), headers: bearer(ALPHA) }),
    );
    const updated = await call(
      put,
      workspaceEvent('PUT', 'ws_crud', {
        body: JSON.stringify({ ...PROFILE, name: 'Acme Ltd' }),
        headers: bearer(ALPHA),
      }),
    );
    const read = await call(get, workspaceEvent('GET', 'ws_crud', { headers: bearer(ALPHA) }));
    // Assess
    expect([created.status, updated.status, read.status]).toEqual([201, 200, 200]);
    expect(read.json).toEqual({
      workspace_id: 'ws_crud',
      name: 'Acme Ltd',
      email: 'billing@acme.example',
      country: 'IN',
      currency: 'inr',
      stripe_customer_id: null,
      created_at: created.json.created_at,
      updated_at: updated.json.updated_at,
    });
  });

  it("answers another project's workspace with 404 and never changes it", async () => {
    // Prepare
    await call(put, workspaceEvent('PUT', 'ws_alpha_only', { body: JSON.stringify(PROFILE), headers: bearer(ALPHA) }));
    // Act
    const foreignRead = await call(get, workspaceEvent('GET', 'ws_alpha_only', { headers: bearer(BETA) }));
    const foreignWrite = await call(
      put,
      workspaceEvent('PUT', 'ws_alpha_only', {
        body: JSON.stringify({ ...PROFILE, name: 'Hijacked' }),
        headers: bearer(BETA),
      }),
    );
    const ownRead = await call(get, workspaceEvent('GET', 'ws_alpha_only', { headers: bearer(ALPHA) }));
    // Assess
    expect(foreignRead.status).toBe(404);
    expect(errorOf(foreignRead).code).toBe('not_found');
    // Beta's PUT creates beta's own workspace under the same id; alpha's is untouched.
    expect(foreignWrite.status).toBe(201);
    expect(ownRead.json.name).toBe('Acme');
  });

  it('writes nothing for bad input, and nothing for a key without the write scope', async () => {
    // Prepare
    const before = (await items()).length;
    const attempts = [
      workspaceEvent('PUT', 'ws_bad', { body: '{"name":', headers: bearer(ALPHA) }),
      workspaceEvent('PUT', 'ws_bad', {
        body: JSON.stringify(PROFILE),
        headers: { ...bearer(ALPHA), 'content-type': 'text/plain' },
      }),
      workspaceEvent('PUT', 'ws_bad', { body: JSON.stringify({ ...PROFILE, currency: 356 }), headers: bearer(ALPHA) }),
      workspaceEvent('PUT', 'ws_bad', {
        body: JSON.stringify({ ...PROFILE, discount_percent: 100 }),
        headers: bearer(ALPHA),
      }),
      workspaceEvent('PUT', 'ws_bad', {
        body: JSON.stringify({ ...PROFILE, stripe_customer_id: 'acct_123' }),
        headers: bearer(ALPHA),
      }),
      workspaceEvent('PUT', 'ws_bad', {
        body: JSON.stringify({ ...PROFILE, name: 'x'.repeat(300 * 1024) }),
        headers: bearer(ALPHA),
      }),
      workspaceEvent('PUT', 'ws bad', { body: JSON.stringify(PROFILE), headers: bearer(ALPHA) }),
      workspaceEvent('PUT', 'ws_bad', {
        body: '{"__proto__":{"isAdmin":true}}',
        headers: { ...bearer(ALPHA), 'idempotency-key': 'bad-1' },
      }),
      workspaceEvent('PUT', 'ws_bad', { body: JSON.stringify(PROFILE), headers: bearer(READ_ONLY) }),
    ];
    // Act
    const answers = await Promise.all(attempts.map((e) => call(put, e)));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([400, 415, 400, 400, 400, 413, 400, 400, 403]);
    expect(answers.map((a) => errorOf(a).code)).toEqual([
      'invalid_json',
      'unsupported_media_type',
      'validation_failed',
      'validation_failed',
      'validation_failed',
      'payload_too_large',
      'validation_failed',
      'forbidden_key',
      'forbidden',
    ]);
    expect(errorOf(answers[2]).message).toContain('body.currency');
    expect(errorOf(answers[3]).message).toContain('body.discount_percent');
    expect(errorOf(answers[4]).message).toContain('body.stripe_customer_id');
    expect(errorOf(answers[6]).message).toContain('path.workspace_id');
    expect((await items()).length).toBe(before);
    expect((await call(get, workspaceEvent('GET', 'ws_bad', { headers: bearer(ALPHA) }))).status).toBe(404);
  });

  it('replays a PUT with the same Idempotency-Key and refuses it with another body', async () => {
    // Prepare
    const headers = { ...bearer(ALPHA), 'idempotency-key': 'ws-create-42' };
    // Act
    const first = await call(put, workspaceEvent('PUT', 'ws_idem', { body: JSON.stringify(PROFILE), headers }));
    const replay = await call(put, workspaceEvent('PUT', 'ws_idem', { body: JSON.stringify(PROFILE), headers }));
    const reused = await call(
      put,
      workspaceEvent('PUT', 'ws_idem', { body: JSON.stringify({ ...PROFILE, name: 'Other' }), headers }),
    );
    const read = await call(get, workspaceEvent('GET', 'ws_idem', { headers: bearer(ALPHA) }));
    // Assess
    expect([first.status, replay.status, reused.status]).toEqual([201, 201, 409]);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(errorOf(reused).code).toBe('idempotency_key_reused');
    // A real second run would have moved updated_at; the replay did not touch the item.
    expect(read.json.updated_at).toBe(first.json.updated_at);
    expect(read.json.name).toBe('Acme');
  });
});
