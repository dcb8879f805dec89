import { replay } from './ledger';
import type { CreditStore } from './ports';

export interface VerifyReport {
  workspaces: number;
  entries: number;
  mismatches: { project_id: string; workspace_id: string; problems: string[] }[];
}

/**
 * Rebuilds every workspace's balance from its ledger and compares it with the stored balance:
 * the buckets, the entry count, each entry's `balance_after`, no bucket ever below zero.
 * `progress` is told after each workspace.
 */
export async function verifyLedgers(
  store: CreditStore,
  progress: (done: number) => void = () => {},
): Promise<VerifyReport> {
  const report: VerifyReport = { workspaces: 0, entries: 0, mismatches: [] };
  let cursor: string | undefined;
  do {
    const page = await store.scanStates({ cursor });
    for (const { projectId, workspaceId, state } of page.states) {
      const entries = await store.allEntries(projectId, workspaceId);
      const rebuilt = replay(entries);
      const problems = [...rebuilt.problems];
      if (rebuilt.seq !== state.seq) problems.push(`stored seq ${state.seq}, ledger has ${rebuilt.seq} entries`);
      if (rebuilt.purchased !== state.purchased)
        problems.push(`stored purchased ${state.purchased}, ledger gives ${rebuilt.purchased}`);
      if (rebuilt.subscription !== state.subscription)
        problems.push(`stored subscription ${state.subscription}, ledger gives ${rebuilt.subscription}`);
      if (problems.length) report.mismatches.push({ project_id: projectId, workspace_id: workspaceId, problems });
      report.workspaces += 1;
      report.entries += entries.length;
      progress(report.workspaces);
    }
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return report;
}
