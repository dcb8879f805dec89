import type { Catalog, PlanDef } from '#shared/domain/catalog/schema';
import { type SubscriptionSnapshot, subscriptionAccess } from '#shared/domain/subscriptions/snapshot';
import { emit, type WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { NotFoundError, ServiceUnavailableError } from '#shared/errors';
import {
  appendEntries,
  type CreditState,
  emptyState,
  type LedgerEntry,
  lowBalance,
  type Movement,
  settle,
  totalOf,
} from './ledger';
import type { CreditMarker, CreditPorts, MarkerWrite } from './ports';

/** How often a change is retried after losing a race for the ledger before answering 503. */
export const MAX_ATTEMPTS = 200;

export interface LedgerView {
  /** The state after what time alone owed it (expiry, the default plan's month). */
  state: CreditState;
  now: Date;
  catalog: Catalog;
  plan: PlanDef | undefined;
  subscription?: SubscriptionSnapshot;
}

/** What a change wants written: movements after the settled state, and markers beside them. */
export interface Change<T> {
  movements: Movement[];
  markers?: MarkerWrite[];
  patch?: Partial<Pick<CreditState, 'allocation'>>;
  result: (written: { state: CreditState; entries: LedgerEntry[] }) => T;
}

export type Build<T> = (view: LedgerView) => Change<T> | Promise<Change<T>>;

const defaultBackoff = (attempt: number) =>
  new Promise<void>((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));

/** The plan a workspace's credits follow: its subscription's while that counts, else the default plan. */
export function creditPlan(
  catalog: Catalog,
  subscription: SubscriptionSnapshot | undefined,
  now: Date,
  graceDays: number,
): { plan: PlanDef | undefined; subscribed: boolean } {
  const subscribed = subscriptionAccess(subscription, now, graceDays).granted;
  const plan = subscribed
    ? catalog.plans.find((p) => p.key === subscription?.plan)
    : catalog.plans.find((p) => p.default);
  return { plan, subscribed };
}

/** Reads the ledger and settles it (without writing): the view every change and read starts from. */
export async function viewLedger(
  ports: CreditPorts,
  ref: WorkspaceRef,
): Promise<LedgerView & { stored?: CreditState; due: LedgerEntry[] }> {
  const [ctx, catalog] = await Promise.all([
    ports.credits.read(ref.projectId, ref.workspaceId),
    ports.catalog.forProject(ref.projectId),
  ]);
  if (!ctx.exists) throw new NotFoundError('Workspace', ref.workspaceId);
  const now = ports.clock();
  const { plan, subscribed } = creditPlan(catalog, ctx.subscription, now, ports.graceDays);
  const defaultPlan = catalog.plans.find((p) => p.default);
  const settled = settle(ctx.state ?? emptyState(), {
    now,
    defaultCredits: subscribed ? null : (defaultPlan?.credits_per_period ?? 0),
  });
  return {
    state: settled.state,
    due: settled.entries,
    stored: ctx.state,
    now,
    catalog,
    plan,
    subscription: ctx.subscription,
  };
}

/**
 * Changes a workspace's ledger atomically: read the state, settle what time owes it, let `build`
 * decide the movements from that state, and commit the state, entries and markers in one
 * transaction conditioned on the state not having moved. A lost race reads again and retries,
 * so concurrent changes serialize and no bucket ever goes below zero. When a marker to create
 * exists already (the operation happened before), `onDuplicate` answers instead.
 */
export async function changeLedger<T>(
  ports: CreditPorts,
  ref: WorkspaceRef,
  build: Build<T>,
  onDuplicate?: (m: CreditMarker) => T | Promise<T>,
  opts: { occurredAt?: string } = {},
): Promise<T> {
  const backoff = ports.backoff ?? defaultBackoff;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const view = await viewLedger(ports, ref);
    const change = await build(view);
    const applied = appendEntries(view.state, change.movements, view.now);
    const entries = [...view.due, ...applied.entries];
    const state: CreditState = { ...applied.state, ...change.patch };
    const before = view.stored ?? emptyState();
    const low = lowBalance(before, state, view.plan?.low_balance_threshold ?? 0);
    state.low_alerted = low.low_alerted;
    const markers = change.markers ?? [];
    if (!entries.length && !markers.length && sameState(before, state)) return change.result({ state, entries });
    const outcome = await ports.credits.commit(ref.projectId, ref.workspaceId, {
      expectedSeq: before.seq,
      state,
      entries,
      markers,
    });
    if (outcome.ok) {
      await announce(
        ports,
        ref,
        entries,
        low.alert
          ? { balance: totalOf(state), threshold: view.plan?.low_balance_threshold ?? 0, seq: state.seq }
          : null,
        opts.occurredAt,
      );
      return change.result({ state, entries });
    }
    if (outcome.reason === 'marker_exists' && onDuplicate) return onDuplicate(outcome.marker);
    await backoff(attempt);
  }
  throw new ServiceUnavailableError('The credit ledger is busy; retry with the same idempotency key', 1);
}

function sameState(a: CreditState, b: CreditState): boolean {
  return (
    a.seq === b.seq &&
    a.low_alerted === b.low_alerted &&
    JSON.stringify(a.allocation) === JSON.stringify(b.allocation) &&
    a.default_month === b.default_month
  );
}

/**
 * Purchases, allocations, expiries, refunds and adjustments go to the workspace history and the
 * billing events bus (consumption does not: it is the ledger's bulk, listed by its own route).
 * Ids derive from the entry's place in the ledger, so a replay records nothing twice. A change a
 * provider's event caused is dated by that event (`occurredAt`), as the history's other entries
 * are; others by the ledger.
 */
async function announce(
  ports: CreditPorts,
  ref: WorkspaceRef,
  entries: LedgerEntry[],
  low: { balance: number; threshold: number; seq: number } | null,
  occurredAt?: string,
) {
  for (const e of entries) {
    if (e.type === 'consumed') continue;
    await emit(ports, ref, `credits-${e.seq}`, occurredAt ?? e.created_at, [
      {
        type: `credits.${e.type}`,
        data: {
          seq: e.seq,
          amount: e.amount,
          bucket: e.bucket,
          balance_after: e.balance_after,
          reference: e.reference,
          reason: e.reason,
        },
      },
    ]);
  }
  if (low)
    await emit(ports, ref, `credits-${low.seq}`, occurredAt ?? ports.clock().toISOString(), [
      { type: 'credits.low_balance', data: { balance: low.balance, threshold: low.threshold } },
    ]);
}
