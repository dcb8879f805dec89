import type Stripe from 'stripe';
import type { BillingRepository } from '../../adapters/dynamodb/billing-repository';
import { stripeCall } from '../../adapters/stripe/errors';
import { CREDITS_METER } from '../catalog/catalog';
import { windowBounds, type Grant } from '../entitlements/snapshot';
import { recomputeEntitlements, type RecomputePorts } from '../entitlements/service';
import type { WorkspaceRef } from '../subscriptions/sync';

export interface PurchasePorts {
  stripe: () => Promise<Stripe>;
  billing: Pick<BillingRepository, 'putPurchaseGrant' | 'getEntitlements'>;
  recompute: RecomputePorts;
}

/** One grant per PaymentIntent, so every event about one purchase lands on the same grant. */
export const purchaseGrantId = (paymentIntentId: string) => `grt_${paymentIntentId}`;

/** The metadata Tollgate puts on a credit-pack PaymentIntent (and its Checkout Session). */
export interface PackMetadata {
  workspace_id: string;
  project_id: string;
  pack: string;
  credits: string;
}

/** Credits still paid for: all of them, less the refunded share, rounded down. */
export function creditsHeld(credits: number, charge: Pick<Stripe.Charge, 'amount' | 'amount_refunded' | 'paid'> | null): number {
  if (!charge?.paid || charge.amount <= 0) return 0;
  return Math.floor((credits * (charge.amount - charge.amount_refunded)) / charge.amount);
}

/**
 * Makes a workspace's credit-pack grant match the purchase as Stripe sees it now: the pack's
 * credits added to the `ai_credits` limit of the window the purchase was made in (a top-up: it
 * ends with that window), less the refunded share; a full refund leaves an expired grant with
 * nothing in it. Called for `checkout.session.completed` and
 * `charge.refunded` in any order, any number of times: it re-reads the PaymentIntent and its
 * charge, and the write only moves forward (see `putPurchaseGrant`). Returns null for a
 * PaymentIntent that is not a Tollgate credit pack of this workspace.
 */
export async function syncPurchase(ports: PurchasePorts, ref: WorkspaceRef, paymentIntentId: string): Promise<Grant | null> {
  const stripe = await ports.stripe();
  const intent = await stripeCall(() => stripe.paymentIntents.retrieve(paymentIntentId));
  const md = intent.metadata as Partial<PackMetadata>;
  const credits = Number(md.credits);
  if (!md.pack || md.workspace_id !== ref.workspaceId || md.project_id !== ref.projectId || !Number.isSafeInteger(credits) || credits <= 0) return null;
  const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null);
  const charge = intent.status === 'succeeded' && chargeId ? await stripeCall(() => stripe.charges.retrieve(chargeId)) : null;
  const held = creditsHeld(credits, charge);
  const refunded = charge?.amount_refunded ?? 0;
  const boughtAt = new Date(intent.created * 1000);
  const current = await ports.billing.getEntitlements(ref.projectId, ref.workspaceId);
  const window = current?.limits[CREDITS_METER]?.window ?? 'month';
  const windowEnd = windowBounds(window, boughtAt, current?.billing_period ?? null).end;
  const grant: Grant = {
    grant_id: purchaseGrantId(intent.id),
    workspace_id: ref.workspaceId,
    feature: null,
    meter: CREDITS_METER,
    quantity: String(held),
    // Nothing left to hold: the grant stays as a record of the purchase, inactive since the refund.
    expires_at: held > 0 ? windowEnd : new Date((charge?.created ?? intent.created) * 1000).toISOString(),
    reason: `credit pack ${md.pack}${refunded ? ` (${refunded} of ${charge!.amount} ${charge!.currency} refunded)` : ''}`,
    created_at: boughtAt.toISOString(),
  };
  if (!charge && held === 0) return null; // not paid (yet): nothing to grant or take back
  if (await ports.billing.putPurchaseGrant(ref.projectId, grant, refunded)) {
    await recomputeEntitlements(ports.recompute, ref.projectId, ref.workspaceId);
  }
  return grant;
}
