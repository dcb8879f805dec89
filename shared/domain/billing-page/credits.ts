/**
 * A workspace's credit balance per bucket, in the shape of `GET /api/v1/credits/{workspace_id}`
 * (the credits ledger): purchased credits never expire, subscription credits expire at the end of
 * the period. The page shows it when a source is wired; until then the section is left out.
 */
export interface CreditBalance {
  balance: string;
  purchased: { balance: string };
  subscription: { balance: string; expires_at: string | null };
}

/** Where the page reads the balance from (the credits ledger's read). */
export interface CreditBalanceSource {
  balance(projectId: string, workspaceId: string): Promise<CreditBalance>;
}
