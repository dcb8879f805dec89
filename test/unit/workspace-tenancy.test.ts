import { describe, expect, it, vi } from 'vitest';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { ApiKeyRecord, Workspace } from '#shared/domain/tenancy/types';
import type { WorkspacePorts, WorkspaceProfile } from '#shared/domain/workspaces/ports';
import { requireWorkspace, toWorkspaceDto, upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { apiKeyAuthenticator } from '#shared/http/middleware/api-key-auth';
import { getWorkspace, putWorkspace, WorkspaceDto } from '#shared/http/routes/workspaces';
import { call, errorOf, MemoryIdempotencyStore, workspaceEvent } from './support/apigw';

/** Keyed like the table: project and workspace together, so isolation is in the key. */
function memoryWorkspaces(): WorkspacePorts['workspaces'] & { items: Map<string, Workspace> } {
  const items = new Map<string, Workspace>();
  return {
    items,
    get: vi.fn(async (projectId: string, workspaceId: string) => items.get(`${projectId}#${workspaceId}`)),
    upsert: vi.fn(async (projectId: string, workspaceId: string, profile: WorkspaceProfile, now: string) => {
      const old = items.get(`${projectId}#${workspaceId}`);
      const workspace: Workspace = {
        projectId,
        workspaceId,
        ...profile,
        createdAt: old?.createdAt ?? now,
        updatedAt: now,
      };
      items.set(`${projectId}#${workspaceId}`, workspace);
      return { workspace, created: !old };
    }),
    upsertWithCustomer: vi.fn(
      async (projectId: string, workspaceId: string, profile: WorkspaceProfile, now: string, customerId: string) => {
        const old = items.get(`${projectId}#${workspaceId}`);
        const workspace: Workspace = {
          projectId,
          workspaceId,
          ...profile,
          stripeCustomerId: customerId,
          createdAt: old?.createdAt ?? now,
          updatedAt: now,
        };
        items.set(`${projectId}#${workspaceId}`, workspace);
        return { workspace, created: !old };
      },
    ),
  };
}

const key = (k: string, projectId: string): ApiKeyRecord => ({
  keyId: `key_${projectId}`,
  hash: hashApiKey(k),
  prefix: k.slice(0, 12),
  projectId,
  appId: `${projectId}-app`,
  name: k,
  scopes: ['admin'],
  createdAt: '2026-01-01T00:00:00Z',
});

/** The two workspace handlers as functions/http/workspaces wires them, over in-memory ports. */
function service() {
  const keys = [key('tg_test_alpha', 'alpha'), key('tg_test_beta', 'beta')];
  const ports = {
    authenticate: apiKeyAuthenticator(
      { findApiKeyByHash: async (h) => keys.find((k) => k.hash === h) },
      { cacheSeconds: 60 },
    ),
    idempotency: new MemoryIdempotencyStore(),
  };
  const workspaces = memoryWorkspaces();
  const domain = { workspaces, clock: () => new Date('2026-03-01T12:00:00Z') };
  const put = httpHandler(
    putWorkspace,
    async ({ auth, params, body }) => {
      const { workspace, created } = await upsertWorkspace(domain, auth.projectId, params.workspace_id, body);
      return new HttpResult(created ? 201 : 200, toWorkspaceDto(workspace));
    },
    ports,
  );
  const get = httpHandler(
    getWorkspace,
    async ({ auth, params }) => toWorkspaceDto(await requireWorkspace(domain, auth.projectId, params.workspace_id)),
    ports,
  );
  return { put, get, workspaces };
}

const profile = JSON.stringify({ name: 'Acme', email: 'billing@acme.example', country: 'US', currency: 'USD' });

describe('workspaces are isolated by project', () => {
  it("answers another project's workspace with 404, exactly like one that does not exist", async () => {
    // Prepare
    const s = service();
    await call(
      s.put,
      workspaceEvent('PUT', 'ws_shared', { body: profile, headers: { authorization: 'Bearer tg_test_alpha' } }),
    );
    // Act
    const own = await call(
      s.get,
      workspaceEvent('GET', 'ws_shared', { headers: { authorization: 'Bearer tg_test_alpha' } }),
    );
    const foreign = await call(
      s.get,
      workspaceEvent('GET', 'ws_shared', { headers: { authorization: 'Bearer tg_test_beta' } }),
    );
    const missing = await call(
      s.get,
      workspaceEvent('GET', 'ws_nowhere', { headers: { authorization: 'Bearer tg_test_beta' } }),
    );
    // Assess
    expect(own.status).toBe(200);
    expect(WorkspaceDto.parse(own.json)).toMatchObject({
      workspace_id: 'ws_shared',
      currency: 'usd',
      stripe_customer_id: null,
    });
    expect(foreign.status).toBe(404);
    expect(errorOf(foreign)).toMatchObject({ code: 'not_found', message: "Workspace 'ws_shared' was not found" });
    expect({ ...errorOf(foreign), request_id: '', message: '' }).toEqual({
      ...errorOf(missing),
      request_id: '',
      message: '',
    });
  });

  it('gives each project its own workspace under the same id instead of overwriting', async () => {
    // Prepare
    const s = service();
    const other = JSON.stringify({ name: 'Beta Corp', email: 'ap@beta.example', country: 'IN', currency: 'INR' });
    // Act
    const a = await call(
      s.put,
      workspaceEvent('PUT', 'ws_1', { body: profile, headers: { authorization: 'Bearer tg_test_alpha' } }),
    );
    const b = await call(
      s.put,
      workspaceEvent('PUT', 'ws_1', { body: other, headers: { authorization: 'Bearer tg_test_beta' } }),
    );
    const again = await call(
      s.put,
      workspaceEvent('PUT', 'ws_1', { body: profile, headers: { authorization: 'Bearer tg_test_alpha' } }),
    );
    // Assess
    expect([a.status, b.status, again.status]).toEqual([201, 201, 200]);
    expect([...s.workspaces.items.keys()].sort()).toEqual(['alpha#ws_1', 'beta#ws_1']);
    expect(s.workspaces.items.get('alpha#ws_1')?.name).toBe('Acme');
    expect(s.workspaces.items.get('beta#ws_1')?.name).toBe('Beta Corp');
  });
});
