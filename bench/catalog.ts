import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { catalogPropagationRunRepository } from '#shared/adapters/dynamodb/repositories/catalog-propagation';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { projectWorkspaceRepository } from '#shared/adapters/dynamodb/repositories/project-workspaces';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { catalog } from '#shared/domain/catalog/catalog';
import type { Catalog } from '#shared/domain/catalog/schema';
import { recomputeEntitlements } from '#shared/domain/entitlements/recompute';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { Benchmark } from './harness';

const WORKSPACES = Number(process.env.BENCH_CATALOG_WORKSPACES ?? 1000);
const PROJECT = `benchcat${Date.now().toString(36)}`;
const KEY = `tg_test_benchCatalog${Date.now().toString(36)}0000000`;

/**
 * How long a catalog change takes to reach every workspace's entitlements: a project with 1000
 * workspaces pushes a new limit on its default plan (PUT /api/v1/admin/catalog through the local
 * stack), and the clock stops when the last workspace's stored snapshot carries it. The
 * propagation runs as deployed: the catalog-propagation queue and its consumer, a page of 100
 * workspaces per message. Baseline: the same recomputes done one after another in this process,
 * on the same DynamoDB Local, right after.
 */
export const catalogPropagation: Benchmark = {
  name: 'catalog',
  description: `catalog change → every workspace's entitlements, ${WORKSPACES} workspaces (queue, pages of 100) vs a sequential recompute loop`,
  async run(ctx) {
    const stack = await ctx.stack();
    const table = createTableContext({ tableName: stack.tableName, endpoint: stack.dynamodbEndpoint });
    await apiKeyRepository(table).putApiKey({
      keyId: `key_${PROJECT}`,
      hash: hashApiKey(KEY),
      prefix: KEY.slice(0, 12),
      projectId: PROJECT,
      appId: 'bench',
      name: 'bench',
      scopes: ['admin'],
      createdAt: new Date().toISOString(),
    });
    const put = async (doc: Catalog) => {
      const r = await fetch(`${stack.baseUrl}/api/v1/admin/catalog`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      });
      const body = (await r.json()) as { version: number };
      if (r.status !== 200) throw new Error(`catalog push answered ${r.status}: ${JSON.stringify(body)}`);
      return body;
    };
    const doc = structuredClone(catalog);
    const runs = catalogPropagationRunRepository(table);
    const completed = async (afterRun?: string) => {
      for (;;) {
        const run = await runs.get(PROJECT);
        if (run && run.runId !== afterRun && run.completedAt) return run;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    ctx.log(`  creating ${WORKSPACES} workspaces of project ${PROJECT}…`);
    const workspaces = workspaceRepository(table);
    const at = new Date().toISOString();
    const ids = Array.from({ length: WORKSPACES }, (_, i) => `ws_${String(i).padStart(5, '0')}`);
    // Set up 10 at a time, each retried: a loaded DynamoDB Local answers late now and then.
    const upsert = async (id: string, tries = 5): Promise<unknown> =>
      workspaces
        .upsert(PROJECT, id, { name: id, email: `${id}@bench.example`, country: 'US', currency: 'usd' }, at)
        .catch((e) => (tries > 1 ? upsert(id, tries - 1) : Promise.reject(e)));
    for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map((id) => upsert(id)));
    await put(doc);
    const first = await completed();
    ctx.log(`  first push recomputed ${first.workspaces} workspaces`);

    // The change: the default plan's AI credits limit, pushed through the API.
    const limitOf = async (): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const r = await table.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [table.tableName]: { Keys: ids.slice(i, i + 100).map((id) => keys.entitlements(PROJECT, id)) },
            },
          }),
        );
        for (const item of r.Responses?.[table.tableName] ?? [])
          out.push(String((item.snapshot as { limits: Record<string, { limit: string }> }).limits.ai_credits.limit));
      }
      return out;
    };
    doc.plans.find((p) => p.default)!.limits.ai_credits!.limit = '777';
    const t0 = performance.now();
    await put(doc);
    const pushedMs = performance.now() - t0;
    const run = await completed(first.runId);
    const doneMs = performance.now() - t0;
    const seen = await limitOf();
    const changed = seen.filter((l) => l === '777').length;
    if (changed !== WORKSPACES)
      throw new Error(`${changed} of ${WORKSPACES} workspaces carry the new limit after the run completed`);

    // Baseline: the same recomputes, one after another, in this process.
    const recompute = {
      billing: {
        getSubscription: subscriptionRepository(table).getSubscription,
        listGrants: grantRepository(table).listGrants,
        putEntitlements: entitlementSnapshotRepository(table).putEntitlements,
      },
      plans: async (p: string) => (await planCacheRepository(table).get(p))!.plans,
      clock: () => new Date(),
      graceDays: 7,
    };
    const list = projectWorkspaceRepository(table);
    const b0 = performance.now();
    const plans = await recompute.plans(PROJECT);
    let cursor: string | undefined;
    do {
      const page = await list.listWorkspaceIds(PROJECT, { cursor, limit: 100 });
      for (const id of page.ids) await recomputeEntitlements(recompute, PROJECT, id, { plans });
      cursor = page.cursor;
    } while (cursor);
    const baselineMs = performance.now() - b0;

    const s = (ms: number) => (ms / 1000).toFixed(2);
    return {
      tables: [
        {
          title: `Catalog change → entitlements of every workspace (${WORKSPACES} workspaces)`,
          columns: ['path', 'seconds', 'workspaces/s'],
          rows: [
            ['PUT /admin/catalog answered (Stripe diff + apply, document stored, run queued)', s(pushedMs), '-'],
            [
              'every workspace sees the change (from the PUT, via catalog-propagation)',
              s(doneMs),
              Math.round(WORKSPACES / (doneMs / 1000)),
            ],
            [
              'baseline: sequential recompute loop in-process, same DynamoDB Local',
              s(baselineMs),
              Math.round(WORKSPACES / (baselineMs / 1000)),
            ],
          ],
          notes: [
            `run ${run.runId}: ${run.workspaces} workspaces recomputed in pages of 100, 16 at once per page; all ${changed} snapshots verified after`,
          ],
        },
      ],
      results: {
        workspaces: WORKSPACES,
        push_seconds: Number(s(pushedMs)),
        propagation_seconds: Number(s(doneMs)),
        baseline_sequential_seconds: Number(s(baselineMs)),
      },
    };
  },
};
