import type { BillingEvent } from '#shared/domain/subscriptions/ports';

/**
 * A workspace's credit balance as the summary shows it. Today credits are the `ai_credits`
 * meter's remaining quantity (plan allowance plus credit-pack grants, less usage); the port lets
 * the summary read a credits ledger instead without changing its answer's place.
 */
export interface CreditBalanceReader {
  balanceOf(projectId: string, workspaceId: string): Promise<CreditBalance | null>;
}

export interface CreditBalance {
  /** Exact decimal. */
  balance: string;
  /** When the subscription credits in it lapse (the end of their period), if there are any. */
  expires_at: string | null;
}

/** The billing events a workspace's billing history shows, newest first. */
export interface BillingTimelineReader {
  listOfTypes(
    projectId: string,
    workspaceId: string,
    types: readonly string[],
    page: { limit: number; cursor?: string },
  ): Promise<{ events: BillingEvent[]; cursor: string | null }>;
}
