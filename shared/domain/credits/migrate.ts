import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { changeLedger } from './movements';
import type { CreditPorts } from './ports';
import { type PurchaseRecord, purchaseMarkerId } from './purchases';

/** A credit-pack grant as earlier versions wrote it: the pack's credits raised one window's ai_credits limit. */
export interface LegacyPackGrant {
  ref: WorkspaceRef;
  paymentIntentId: string;
  /** Credits still held after refunds, as the grant recorded them. */
  held: number;
  reason: string;
}

/**
 * Moves a legacy pack grant into the ledger: its held credits become a `purchased` entry under
 * the purchase's own marker, so a later Stripe event about the same payment finds it and changes
 * nothing, and running the move twice credits once. Credits that had lapsed with their window
 * come back: purchased credits never expire.
 */
export async function migratePackGrant(ports: CreditPorts, g: LegacyPackGrant): Promise<'moved' | 'already'> {
  return changeLedger(
    ports,
    g.ref,
    () => {
      const record: PurchaseRecord = { pack: g.reason, credits: g.held, taken_back: 0, shortfall: 0, version: -1 };
      return {
        movements:
          g.held > 0
            ? [
                {
                  type: 'purchased',
                  bucket: 'purchased',
                  amount: g.held,
                  reference: g.paymentIntentId,
                  reason: `${g.reason} (moved from its grant)`,
                },
              ]
            : [],
        markers: [{ op: 'create', marker: { id: purchaseMarkerId(g.paymentIntentId), rev: 1, data: { ...record } } }],
        result: () => 'moved' as const,
      };
    },
    () => 'already' as const,
  );
}
