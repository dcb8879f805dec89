import type { TableContext } from '#shared/adapters/dynamodb/client';
import type { CatalogUsage, InUse } from '#shared/domain/catalog/push';
import { projectWorkspaceRepository } from './project-workspaces';
import { workspaceCollectionRepository } from './workspace-collection';

const ENDED = new Set(['canceled', 'incomplete_expired']);
/** Workspace ids named per plan or meter in an answer; the count says how many there are in all. */
const NAMED = 20;

/**
 * What still uses plans or meters a catalog would remove: every workspace of the project is read
 * once (its collection from the start of the current windows), a page of the workspace list at a
 * time, 16 at once. Only a push that removes something pays for it.
 */
export function catalogUsageRepository(table: TableContext): CatalogUsage {
  const list = projectWorkspaceRepository(table);
  const collections = workspaceCollectionRepository(table);
  return {
    async inUse(projectId, q) {
      const found = new Map<string, { u: InUse }>();
      const note = (kind: InUse['kind'], key: string, ws: string) => {
        const id = `${kind}:${key}`;
        const e = found.get(id) ?? found.set(id, { u: { kind, key, count: 0, workspaces: [] } }).get(id)!;
        e.u.count++;
        if (e.u.workspaces.length < NAMED) e.u.workspaces.push(ws);
      };
      const nowIso = q.now.toISOString();
      let cursor: string | undefined;
      do {
        const page = await list.listWorkspaceIds(projectId, { cursor, limit: 100 });
        let next = 0;
        const worker = async () => {
          while (next < page.ids.length) {
            const ws = page.ids[next++];
            const c = await collections.readWorkspace(projectId, ws, { cutOff: nowIso });
            const sub = c.subscription;
            if (sub?.plan && !ENDED.has(sub.status) && q.plans.includes(sub.plan)) note('plan', sub.plan, ws);
            const used = new Set(
              c.counters
                .filter((x) => q.meters.includes(x.meter) && x.window.start <= nowIso && Number(x.total) > 0)
                .map((x) => x.meter),
            );
            for (const m of used) note('meter', m, ws);
          }
        };
        await Promise.all(Array.from({ length: Math.min(16, page.ids.length) }, worker));
        cursor = page.cursor;
      } while (cursor);
      return [...found.values()].map((e) => ({ ...e.u, workspaces: e.u.workspaces.sort() }));
    },
  };
}
