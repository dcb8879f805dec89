import { NotFoundError } from '#shared/errors';
import { runDrift } from './drift';
import type { DriftPorts, RunStore } from './ports';
import { type RunDto, toRunDto } from './report';

/**
 * A drift run started through the API: limited to the caller's project and to the request's
 * time budget (a run that does not finish in time reports `incomplete`; the hourly schedule and
 * the CLI have no such limit).
 */
export async function startProjectRun(
  ports: DriftPorts,
  projectId: string,
  input: { dry_run?: boolean },
  budgetMs: number,
): Promise<RunDto> {
  const run = await runDrift(ports, {
    trigger: 'api',
    projectId,
    dryRun: input.dry_run,
    deadline: Date.now() + budgetMs,
  });
  return toRunDto(run, projectId);
}

/** A project sees its own runs, and its own share of the runs over every project. */
export async function getRun(
  ports: { runs: Pick<RunStore, 'getRun'> },
  projectId: string,
  runId: string,
): Promise<RunDto> {
  const run = await ports.runs.getRun(runId);
  if (!run || (run.scope !== '*' && run.scope !== projectId)) throw new NotFoundError('Reconciliation run', runId);
  return toRunDto(run, projectId);
}
