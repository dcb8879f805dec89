import type { RecomputePorts } from '../entitlements/ports';
import type { EntitlementSnapshot, Grant } from '../entitlements/snapshot';
import type { StripeClient } from '../subscriptions/ports';

/** A credit-pack grant with what orders its writes (see `putPurchaseGrant`). */
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

export interface PurchasePorts {
  stripe: StripeClient;
  grants: PurchaseGrantStore;
  entitlements: EntitlementSnapshotReader;
  recompute: RecomputePorts;
  clock: () => Date;
}
