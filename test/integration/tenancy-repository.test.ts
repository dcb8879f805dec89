import { beforeAll, describe, expect, it } from 'vitest';
import { type WorkspaceRepository, workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { TenancyStore } from '#shared/domain/tenancy/ports';
import { tenancyStore } from '../../dev/seed';
import { freshTable } from '../support/local';

describe('tenancy and workspace repositories on DynamoDB Local', () => {
  let tenancy: TenancyStore;
  let workspaces: WorkspaceRepository;
  beforeAll(async () => {
    const table = await freshTable();
    tenancy = tenancyStore(table);
    workspaces = workspaceRepository(table);
  });

  it('stores a key by hash once and revokes it by id', async () => {
    // Prepare
    const record = {
      keyId: 'key_1',
      hash: hashApiKey('tg_test_abc'),
      prefix: 'tg_test_abc',
      projectId: 'p1',
      appId: 'a1',
      name: 'k',
      scopes: ['admin' as const],
      createdAt: '2026-01-01T00:00:00Z',
    };
    // Act
    const first = await tenancy.putApiKey(record);
    const second = await tenancy.putApiKey({ ...record, keyId: 'key_other' });
    const revoked = await tenancy.revokeApiKey('key_1', '2026-02-01T00:00:00Z');
    // Assess
    expect([first, second]).toEqual(['created', 'exists']);
    expect(revoked.revokedAt).toBe('2026-02-01T00:00:00Z');
    expect((await tenancy.findApiKeyByHash(record.hash))?.revokedAt).toBe('2026-02-01T00:00:00Z');
    expect((await tenancy.listApiKeys('p1')).map((k) => k.keyId)).toEqual(['key_1']);
  });

  it('upserts a workspace, keeping created_at, and isolates projects', async () => {
    // Prepare
    const profile = { name: 'Acme', email: 'a@example.com', country: 'IN', currency: 'inr' };
    // Act
    const a = await workspaces.upsert('p1', 'ws_1', profile, '2026-01-01T00:00:00.000Z');
    const b = await workspaces.upsert('p1', 'ws_1', { ...profile, name: 'Acme 2' }, '2026-01-02T00:00:00.000Z');
    // Assess
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.workspace).toMatchObject({
      name: 'Acme 2',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(await workspaces.get('p2', 'ws_1')).toBeUndefined();
  });
});
