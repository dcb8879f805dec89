import { creditsHeld, PackMetadata, refundState } from '#shared/domain/checkout/purchases';
import type { StripeClient } from '#shared/domain/subscriptions/ports';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import type { Movement } from './ledger';
import { changeLedger } from './movements';
import type { CreditPorts } from './ports';

export type PackPurchasePorts = CreditPorts & { stripe: StripeClient };

/** What the ledger holds of one purchase: its credits and what its refunds took back, or could not. */
export interface PurchaseRecord {
  pack: string;
  credits: number;
  /** Credits taken back from the purchased bucket by refunds. */
  taken_back: number;
  /** Credits refunds would have taken that had already been consumed: not taken, shown as an `adjusted` entry. */
  shortfall: number;
  /** The refund state's version this record follows (see `refundState`): written only forward. */
  version: number;
}

export const purchaseMarkerId = (paymentIntentId: string) => `buy#${paymentIntentId}`;

export interface PurchaseSync {
  payment_intent: string;
  credits: number;
  held: number;
  record: PurchaseRecord;
}

/**
 * Makes the ledger match a credit-pack payment as Stripe sees it now: once paid, a `purchased`
 * entry of the pack's credits (once per PaymentIntent, whatever order or number of events
 * announce it); each refund takes back its share, but only credits still unconsumed (a
 * `refunded` entry), and what had been consumed already is shown as an `adjusted` entry naming
 * the shortfall, never taken from other credits. A refund that fails or is canceled returns what
 * it took. Re-reads Stripe every time, so any order of checkout and refund events converges.
 * Returns null for a PaymentIntent that is not a paid Tollgate credit pack of this workspace.
 */
export async function syncPackPurchase(
  ports: PackPurchasePorts,
  ref: WorkspaceRef,
  paymentIntentId: string,
  occurredAt?: string,
): Promise<PurchaseSync | null> {
  const stripe = await ports.stripe();
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  const md = PackMetadata.safeParse(intent.metadata);
  if (!md.success || md.data.workspace_id !== ref.workspaceId || md.data.project_id !== ref.projectId) return null;
  if (intent.status !== 'succeeded') return null;
  const refunds = await stripe.refunds
    .list({ payment_intent: intent.id, limit: 100 })
    .autoPagingToArray({ limit: 10_000 });
  const { refunded, version } = refundState(refunds);
  const credits = Number(md.data.credits);
  const held = creditsHeld(credits, intent.amount_received, refunded);
  const markerId = purchaseMarkerId(intent.id);
  const reference = intent.id;

  return changeLedger(
    ports,
    ref,
    async (view) => {
      const stored = await ports.credits.getMarker(ref.projectId, ref.workspaceId, markerId);
      const before: PurchaseRecord = stored
        ? (stored.data as unknown as PurchaseRecord)
        : { pack: md.data.pack, credits, taken_back: 0, shortfall: 0, version: -1 };
      const done = (record: PurchaseRecord) => () => ({ payment_intent: intent.id, credits, held, record });
      if (stored && before.version > version) return { movements: [], result: done(before) }; // a newer read was applied
      const movements: Movement[] = [];
      if (!stored)
        movements.push({
          type: 'purchased',
          bucket: 'purchased',
          amount: credits,
          reference,
          reason: `credit pack ${md.data.pack}`,
        });
      const record = { ...before, version };
      const owed = credits - held - (before.taken_back + before.shortfall);
      let purchased = view.state.purchased + (stored ? 0 : credits);
      if (owed > 0) {
        const take = Math.min(owed, purchased);
        if (take > 0)
          movements.push({
            type: 'refunded',
            bucket: 'purchased',
            amount: -take,
            reference,
            reason: `refund of credit pack ${md.data.pack}`,
          });
        purchased -= take;
        const short = owed - take;
        if (short > 0) {
          movements.push({
            type: 'adjusted',
            bucket: 'purchased',
            amount: 0,
            reference,
            reason: `refund of credit pack ${md.data.pack}: ${short} of its credits were already consumed and are not taken back`,
          });
        }
        record.taken_back += take;
        record.shortfall += short;
      } else if (owed < 0) {
        // A refund failed or was canceled: the shortfall is forgiven first, then credits return.
        const back = -owed;
        const forgiven = Math.min(back, record.shortfall);
        const returned = Math.min(back - forgiven, record.taken_back);
        record.shortfall -= forgiven;
        record.taken_back -= returned;
        if (returned > 0)
          movements.push({
            type: 'adjusted',
            bucket: 'purchased',
            amount: returned,
            reference,
            reason: `a refund of credit pack ${md.data.pack} failed or was canceled: its credits return`,
          });
      }
      const marker = { id: markerId, rev: (stored?.rev ?? 0) + 1, data: { ...record } };
      return {
        movements,
        markers: [stored ? { op: 'update', marker, expectedRev: stored.rev } : { op: 'create', marker }],
        result: done(record),
      };
    },
    undefined,
    { occurredAt },
  );
}
