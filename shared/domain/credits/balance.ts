import type { Catalog } from '#shared/domain/catalog/schema';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { NotFoundError } from '#shared/errors';
import { type CreditState, type EntryType, type LedgerEntry, totalOf } from './ledger';
import { changeLedger, viewLedger } from './movements';
import type { CreditPorts } from './ports';

export interface CreditBalanceView {
  workspace_id: string;
  balance: number;
  purchased: { balance: number };
  subscription: { balance: number; expires_at: string | null; period_start: string | null };
  low_balance_threshold: number;
  /** The plan whose credits and threshold apply. */
  plan: string | null;
  as_of: string;
}

export function balanceView(
  workspaceId: string,
  state: CreditState,
  threshold: number,
  plan: string | null,
  now: Date,
): CreditBalanceView {
  return {
    workspace_id: workspaceId,
    balance: totalOf(state),
    purchased: { balance: state.purchased },
    subscription: {
      balance: state.subscription,
      expires_at: state.allocation?.end ?? null,
      period_start: state.allocation?.start ?? null,
    },
    low_balance_threshold: threshold,
    plan,
    as_of: now.toISOString(),
  };
}

/**
 * A workspace's credits now, without writing (a read-only key changes nothing): what time owes
 * the ledger (subscription credits past their period expire; the default plan's month is
 * allocated on first use) is counted here and written as entries by the next change.
 */
export async function readCredits(ports: CreditPorts, ref: WorkspaceRef): Promise<CreditBalanceView> {
  const view = await viewLedger(ports, ref);
  return balanceView(
    ref.workspaceId,
    view.state,
    view.plan?.low_balance_threshold ?? 0,
    view.plan?.key ?? null,
    view.now,
  );
}

/** Writes what time owes a workspace's ledger (an expiry, the default plan's month), if anything. */
export async function settleCredits(ports: CreditPorts, ref: WorkspaceRef): Promise<CreditState> {
  return changeLedger(ports, ref, () => ({ movements: [], result: ({ state }) => state }));
}

export async function listCreditTransactions(
  ports: Pick<CreditPorts, 'credits'>,
  ref: WorkspaceRef,
  page: { limit: number; cursor?: string; type?: EntryType },
): Promise<{ entries: LedgerEntry[]; cursor: string | null }> {
  const ctx = await ports.credits.read(ref.projectId, ref.workspaceId);
  if (!ctx.exists) throw new NotFoundError('Workspace', ref.workspaceId);
  return ports.credits.listEntries(ref.projectId, ref.workspaceId, page);
}

/** The catalog's credit events, as `GET /credit-events` lists them. */
export const creditEventsOf = (catalog: Catalog) =>
  catalog.credit_events.map((e) => ({
    name: e.name,
    description: e.description,
    credit_cost: e.credit_cost,
    category: e.category,
    active: e.active,
  }));

/** The catalog's credit packs with their prices per currency (minor units), as `GET /credit-products` lists them. */
export const creditProductsOf = (catalog: Catalog) =>
  catalog.credit_packs.map((p) => ({
    key: p.key,
    name: p.name,
    credits: p.credits,
    prices: Object.entries(p.prices).map(([currency, unit_amount]) => ({ currency, unit_amount })),
  }));
