import type { RecomputePorts } from '#shared/domain/entitlements/ports';
import { recomputeEntitlements } from '#shared/domain/entitlements/recompute';

/**
 * Bringing a catalog change to every workspace's entitlements. A run recomputes the project's
 * workspaces one page per queue message: each message names the page it starts at, so a crash
 * redelivers that page only (recomputing is idempotent), and a newer run (another change
 * meanwhile) supersedes an older one, whose remaining pages then stop.
 */
export interface PropagationMessage {
  project_id: string;
  run_id: string;
  /** Where the page starts in the project's workspace list (null: the first page). */
  cursor: string | null;
}

export interface PropagationRun {
  projectId: string;
  runId: string;
  reason: string;
  startedAt: string;
  /** Workspaces recomputed so far. */
  workspaces: number;
  completedAt?: string;
}

export interface PropagationPorts {
  workspaces: {
    listWorkspaceIds(
      projectId: string,
      opts: { cursor?: string; limit: number },
    ): Promise<{ ids: string[]; cursor?: string }>;
  };
  runs: {
    /** Replaces the project's run: its older pages stop at their next message. */
    start(run: PropagationRun): Promise<void>;
    get(projectId: string): Promise<PropagationRun | undefined>;
    /** Counts a page done; `completedAt` ends the run. Ignored when another run has started. */
    advance(projectId: string, runId: string, count: number, completedAt?: string): Promise<void>;
  };
  queue: { send(message: PropagationMessage): Promise<unknown> };
  recompute: RecomputePorts;
  clock: () => Date;
  newId: () => string;
  /** Workspaces per message (default 100) and recomputes in flight at once (default 16). */
  pageSize?: number;
  concurrency?: number;
}

export async function startPropagation(
  ports: Pick<PropagationPorts, 'runs' | 'queue' | 'clock' | 'newId'>,
  projectId: string,
  reason: string,
): Promise<PropagationRun> {
  const run: PropagationRun = {
    projectId,
    runId: ports.newId(),
    reason,
    startedAt: ports.clock().toISOString(),
    workspaces: 0,
  };
  await ports.runs.start(run);
  await ports.queue.send({ project_id: projectId, run_id: run.runId, cursor: null });
  return run;
}

export type PageOutcome = { status: 'superseded' } | { status: 'continued' | 'completed'; recomputed: number };

/** One page of a run: recompute its workspaces with the project's current plans, then queue the next page. */
export async function propagatePage(ports: PropagationPorts, message: PropagationMessage): Promise<PageOutcome> {
  const run = await ports.runs.get(message.project_id);
  if (!run || run.runId !== message.run_id) return { status: 'superseded' };
  const page = await ports.workspaces.listWorkspaceIds(message.project_id, {
    cursor: message.cursor ?? undefined,
    limit: ports.pageSize ?? 100,
  });
  const plans = await ports.recompute.plans(message.project_id);
  let next = 0;
  const worker = async () => {
    while (next < page.ids.length) {
      const id = page.ids[next++];
      await recomputeEntitlements(ports.recompute, message.project_id, id, { plans });
    }
  };
  await Promise.all(Array.from({ length: Math.min(ports.concurrency ?? 16, page.ids.length) }, worker));
  // The next page is queued before this one counts as done: a crash in between redoes this page.
  if (page.cursor) {
    await ports.queue.send({ ...message, cursor: page.cursor });
    await ports.runs.advance(message.project_id, message.run_id, page.ids.length);
    return { status: 'continued', recomputed: page.ids.length };
  }
  await ports.runs.advance(message.project_id, message.run_id, page.ids.length, ports.clock().toISOString());
  return { status: 'completed', recomputed: page.ids.length };
}
