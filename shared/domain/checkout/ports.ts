import type { EntitlementSnapshot, Grant } from '#shared/domain/entitlements/snapshot';

/**
 * A credit-pack grant as earlier versions wrote it (credits raised the ai_credits limit of one
 * window); packs now land in the credit ledger, and `npm run credits -- migrate-packs` moves these.
 */
export interface PurchaseGrantRecord {
  grant: Grant;
  version: number;
  /** End of the usage window the purchase tops up, fixed at the first write. */
  windowEnd: string;
}

export interface PurchaseGrantStore {
  /** A purchase's grant as last written, read strongly so a sync builds on the latest write. */
  getPurchaseGrant(projectId: string, workspaceId: string, grantId: string): Promise<PurchaseGrantRecord | undefined>;
  /**
   * Writes the grant of a one-time purchase unless a later state of that purchase is already
   * stored (a smaller `version`); an equal version rewrites. Returns false when the write was stale.
   */
  putPurchaseGrant(projectId: string, r: PurchaseGrantRecord): Promise<boolean>;
}

export interface EntitlementSnapshotReader {
  getEntitlements(projectId: string, workspaceId: string): Promise<EntitlementSnapshot | undefined>;
}
