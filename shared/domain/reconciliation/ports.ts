import type { PaymentPorts } from '#shared/domain/payments/ports';
import type { InboxStore } from '#shared/domain/webhooks/ports';
import type { RunRecord } from './report';

/** Drift reconciliation runs and their reports. */
export interface RunStore {
  putRun(run: RunRecord): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(scope: string, limit: number): Promise<RunRecord[]>;
}

export interface DriftPorts extends PaymentPorts {
  runs: Pick<RunStore, 'putRun' | 'getRun'>;
  inbox: Pick<InboxStore, 'list'>;
}
