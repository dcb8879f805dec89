import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { appRepository } from '#shared/adapters/dynamodb/repositories/apps';
import { projectRepository } from '#shared/adapters/dynamodb/repositories/projects';
import { generateApiKey, hashApiKey, visiblePrefix } from '#shared/domain/tenancy/api-keys';
import type { TenancyStore } from '#shared/domain/tenancy/ports';
import { SCOPES } from '#shared/domain/tenancy/scopes';

export const DEMO = { projectId: 'demo', appId: 'demo-app', keyId: 'key_demo' } as const;

/** The demo project, app and an all-scopes key. A fixed key (env) makes re-runs reuse it. */
/** Projects, apps and API keys over one table: what seeding and the keys CLI provision. */
export const tenancyStore = (table: TableContext): TenancyStore => ({
  ...projectRepository(table),
  ...appRepository(table),
  ...apiKeyRepository(table),
});

export async function seedDemo(
  repo: TenancyStore,
  opts: { apiKey?: string; now: Date },
): Promise<{ apiKey: string; created: boolean }> {
  const at = opts.now.toISOString();
  await repo.putProject({ projectId: DEMO.projectId, name: 'Demo project', createdAt: at });
  await repo.putApp({ projectId: DEMO.projectId, appId: DEMO.appId, name: 'Demo app', createdAt: at });
  const apiKey = opts.apiKey ?? generateApiKey('demo');
  const hash = hashApiKey(apiKey);
  const result = await repo.putApiKey({
    keyId: opts.apiKey ? DEMO.keyId : `key_demo_${hash.slice(0, 8)}`,
    hash,
    prefix: visiblePrefix(apiKey),
    projectId: DEMO.projectId,
    appId: DEMO.appId,
    name: 'demo key (all scopes)',
    scopes: [...SCOPES],
    createdAt: at,
  });
  return { apiKey, created: result === 'created' };
}
