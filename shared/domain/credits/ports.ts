import type { CatalogSource } from '#shared/domain/catalog/ports';
import type { BillingEvent } from '#shared/domain/subscriptions/ports';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { CreditState, EntryType, LedgerEntry } from './ledger';

/**
 * A once-only record kept beside the ledger and written in the same transaction: a consume's
 * idempotency key and its answer, a period's allocation, a purchase and what its refunds took.
 */
export interface CreditMarker {
  id: string;
  /** Grows with each rewrite; a rewrite names the revision it read. */
  rev: number;
  data: Record<string, unknown>;
}

export type MarkerWrite =
  | { op: 'create'; marker: CreditMarker }
  | { op: 'update'; marker: CreditMarker; expectedRev: number };

/** One atomic change of a workspace's ledger: the new state, its entries and markers, or nothing. */
export interface CreditCommit {
  /** The state's `seq` when it was read (0: no state stored yet); a concurrent change fails the commit. */
  expectedSeq: number;
  state: CreditState;
  entries: LedgerEntry[];
  markers: MarkerWrite[];
}

export type CommitOutcome =
  | { ok: true }
  /** Another writer changed the ledger (or a marker) since it was read: read again and retry. */
  | { ok: false; reason: 'conflict' }
  /** A marker to create exists already: the operation happened before. */
  | { ok: false; reason: 'marker_exists'; marker: CreditMarker };

/** What a ledger change reads first, in one request: the workspace, its subscription, its credits. */
export interface CreditContext {
  exists: boolean;
  subscription?: SubscriptionSnapshot;
  state?: CreditState;
}

export interface CreditStore {
  read(projectId: string, workspaceId: string): Promise<CreditContext>;
  commit(projectId: string, workspaceId: string, c: CreditCommit): Promise<CommitOutcome>;
  getMarker(projectId: string, workspaceId: string, id: string): Promise<CreditMarker | undefined>;
  /** Newest first. */
  listEntries(
    projectId: string,
    workspaceId: string,
    page: { limit: number; cursor?: string; type?: EntryType },
  ): Promise<{ entries: LedgerEntry[]; cursor: string | null }>;
  /** Every entry, oldest first (verification). */
  allEntries(projectId: string, workspaceId: string): Promise<LedgerEntry[]>;
  /** Every workspace with a ledger, in pages (verification). */
  scanStates(page: {
    cursor?: string;
    segment?: number;
    segments?: number;
  }): Promise<{ states: { projectId: string; workspaceId: string; state: CreditState }[]; cursor: string | null }>;
}

export interface CreditPorts {
  credits: CreditStore;
  catalog: CatalogSource;
  /** Workspace history and the billing events bus, for purchases, allocations, expiries, refunds and low balances. */
  history: { recordOnce(e: BillingEvent): Promise<boolean> };
  bus: { publish(events: BillingEvent[]): Promise<void> };
  clock: () => Date;
  graceDays: number;
  /** Pause before retrying a commit that lost a race (tests may pass 0). */
  backoff?: (attempt: number) => Promise<void>;
}
