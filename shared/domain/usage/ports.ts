import type { Plan } from '#shared/domain/catalog/plans';
import type { WorkspaceCollection } from '#shared/domain/entitlements/ports';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import type { CounterDelta, CounterItem } from '#shared/domain/metering/counters';
import type { ThresholdItem } from '#shared/domain/metering/limits';
import type { MeterSource } from '#shared/domain/metering/meters';
import type { Bounds } from '#shared/domain/metering/windows';
import type { Workspace } from '#shared/domain/tenancy/types';
import type { ImplicitWorkspacePorts } from '#shared/domain/workspaces/implicit';
import type { WorkspaceLookup } from '#shared/domain/workspaces/ports';
import type { UsageEventMessage } from './event';

/*
 * The ports usage counting needs. Adapters implement them (shared/adapters/dynamodb/repositories,
 * shared/adapters/stripe/meter-events.ts); shared/wiring/usage.ts and read.ts compose them.
 */

/** A commit holds at most this many writes (DynamoDB's TransactWriteItems limit). */
export const MAX_TRANSACTION_ACTIONS = 100;
/** A group of k events takes k dedupe records and one counter update. */
export const MAX_EVENTS_PER_TRANSACTION = MAX_TRANSACTION_ACTIONS - 1;

export interface WorkspaceRef {
  projectId: string;
  workspaceId: string;
}

/** What was counted for one idempotency key: the proof that it counted, and what to re-send. */
export interface DedupeRecord {
  meter: string;
  idempotencyKey: string;
  value: string;
  timestamp: string;
  countedAt: string;
}

export interface WorkspaceState {
  profile: Workspace;
  entitlements?: EntitlementSnapshot;
}

/** Point reads for one batch; every ref carries the caller's id, which keys the answer. */
export interface LoadRequest {
  workspaces: (WorkspaceRef & { id: string })[];
  dedupe: (WorkspaceRef & { id: string; meter: string; idempotencyKey: string })[];
  counters: (WorkspaceRef & { id: string; meter: string; window: Bounds; segment?: Bounds })[];
  thresholds: (WorkspaceRef & { id: string; meter: string; view: Bounds })[];
}

export interface Loaded {
  workspaces: Map<string, WorkspaceState>;
  dedupe: Map<string, DedupeRecord>;
  counters: Map<string, CounterItem>;
  thresholds: Map<string, ThresholdItem>;
}

export interface CountedEvent {
  meter: string;
  idempotencyKey: string;
  value: string;
  timestamp: string;
  /** The producer's annotations, kept on the record for the event explorer. */
  metadata?: Record<string, unknown>;
}

/** Check-and-consume: the counter's `attr` must be at most `maxBefore` when written, and the other items holding part of the same view must still hold what was read. */
export interface LimitGuard {
  attr: string;
  maxBefore: string;
  others: { window: Bounds; segment?: Bounds; attr: string; value: string }[];
}

/** One group's write: a dedupe record per event and one counter update, all or nothing. */
export interface GroupWrite extends WorkspaceRef {
  delta: CounterDelta;
  events: CountedEvent[];
  countedAt: string;
  guard?: LimitGuard;
}

export type MultiCommitResult =
  | { ok: true }
  | {
      ok: false;
      duplicates: { group: number; event: number }[];
      guardFailed: number[];
      counters: Map<number, CounterItem>;
      conflict: boolean;
      reason?: string;
    };

export type CommitResult =
  | { ok: true }
  | {
      ok: false;
      /** Indexes into `events` whose dedupe record already existed: counted before. */
      duplicates: number[];
      /** The guard failed: the usage changed or the value does not fit. */
      guardFailed: boolean;
      /** Another transaction held an item; retry. */
      conflict: boolean;
      /** The counter item as it was when the guard failed. */
      counter?: CounterItem;
      reason?: string;
    };

/** The workspace's counters, dedupe records and threshold flags. */
export interface UsageStore {
  /** The entitlement read's item collection (ONE Query): profile, snapshots, grants, current counters. */
  readWorkspace(
    projectId: string,
    workspaceId: string,
    opts: { cutOff: string; consistent?: boolean },
  ): Promise<WorkspaceCollection>;
  /** Every point read a batch needs, in as few requests as the store allows. */
  load(req: LoadRequest, opts?: { consistent?: boolean }): Promise<Loaded>;
  /** Groups of several workspaces in ONE all-or-nothing commit (at most MAX_TRANSACTION_ACTIONS writes). */
  commitGroups(groups: GroupWrite[]): Promise<MultiCommitResult>;
  /** One group in its own commit (the synchronous API's write). */
  commitGroup(w: GroupWrite): Promise<CommitResult>;
  /** Claims a threshold flag: set only if unset, or if a previous claim is older than `staleBefore`. */
  claimThreshold(
    ref: WorkspaceRef,
    meter: string,
    view: Bounds,
    flag: string,
    now: Date,
    staleBefore: Date,
  ): Promise<boolean>;
  confirmThreshold(ref: WorkspaceRef, meter: string, view: Bounds, flag: string, now: Date): Promise<void>;
  /** Counter items whose window ends in [fromEnd, toEnd], for reports. */
  countersEndingBetween(ref: WorkspaceRef, fromEnd: string, toEnd: string): Promise<CounterItem[]>;
}

/** One usage event as the Stripe meter receives it. */
export interface MeterEventOut {
  /** Stable per (project, workspace, meter, idempotency key): Stripe keeps one per identifier. */
  identifier: string;
  /** The Stripe meter's event name: the catalog meter key. */
  eventName: string;
  customerId: string;
  /** Exact decimal text. */
  value: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

export type MeterSendOutcome = { ok: true } | { ok: false; permanent: boolean; reason: string };

export interface MeterSink {
  /** One outcome per event, in order. Never throws for a single event's failure. */
  send(events: MeterEventOut[]): Promise<MeterSendOutcome[]>;
}

/** A notable change as apps see it on the billing event bus; `id` lets subscribers drop a copy. */
export interface BusEventOut {
  type: string;
  project_id: string;
  workspace_id: string;
  id?: string;
  occurred_at?: string;
  detail?: Record<string, unknown>;
}

export interface EventPublisher {
  publish(events: BusEventOut[]): Promise<void>;
}

export interface UsagePorts {
  store: UsageStore;
  meters: MeterSink;
  bus: EventPublisher;
  clock: () => Date;
  /** A project's plans, for a workspace that has no entitlement snapshot yet (the default plan applies). */
  plans: (projectId: string) => Promise<Plan[]>;
  graceDays: number;
  /** The meters a project's events may name: its own catalog's, else the built-in catalog's. */
  catalogMeters: MeterSource;
  /** The Stripe meter event name of a project's meter (absent: the meter key, as the built-in catalog names it). */
  meterEventName?: (projectId: string, meter: string) => Promise<string>;
  /** Registers an unknown workspace of a project with implicit workspaces on its first event; absent: never. */
  implicit?: ImplicitWorkspacePorts;
}

/** The usage report reads the table only. */
export type UsageReadPorts = Pick<UsagePorts, 'plans' | 'clock' | 'graceDays' | 'catalogMeters'> & {
  store: Pick<UsageStore, 'readWorkspace' | 'countersEndingBetween'>;
};

/** A counted event as its dedupe record keeps it: what the event explorer lists. */
export interface CountedRecord {
  meter: string;
  idempotencyKey: string;
  value: string;
  timestamp: string;
  countedAt: string;
  /** The billing window it was counted in (`start` is unknown for records older than it). */
  window: { start: string | null; end: string };
  metadata: Record<string, unknown> | null;
}

/** The counted events of a workspace, in key order (meter, then idempotency key). */
export interface CountedEventLog {
  listCounted(
    ref: WorkspaceRef,
    q: { meter?: string; from?: string; to?: string; limit: number; cursor?: string },
  ): Promise<{ events: CountedRecord[]; cursor: string | null }>;
}

export type UsageExplorerPorts = UsageReadPorts & { events: CountedEventLog };

/** The usage-events queue, as a producer of it. */
export interface UsageQueue {
  /** Returns the queue's message id. */
  send(message: UsageEventMessage): Promise<string>;
}

export interface UsagePublishPorts {
  queue: UsageQueue;
  catalogMeters: MeterSource;
  workspaces: WorkspaceLookup;
  clock: () => Date;
  implicit?: ImplicitWorkspacePorts;
}
