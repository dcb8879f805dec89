import type Stripe from 'stripe';
import * as z from 'zod';
import { CREDITS_METER } from '../catalog/catalog';
import type { Grant } from '../entitlements/snapshot';
import { windowBounds } from '../metering/windows';
import { purchaseGrantId } from '../entitlements/grants';
import { recomputeEntitlements } from '../entitlements/recompute';
import { money } from '../money';
import type { WorkspaceRef } from '../subscriptions/sync';
import type { PurchasePorts } from './ports';

export type { PurchasePorts } from './ports';

export { isPurchaseGrant, purchaseGrantId } from '../entitlements/grants';

/** What Tollgate puts on a credit-pack Checkout Session and its PaymentIntent. */
export const PackMetadata = z.object({
  workspace_id: z.string().min(1),
  project_id: z.string().min(1),
  pack: z.string().min(1),
  credits: z.string().regex(/^[1-9]\d{0,9}$/),
});
export type PackMetadata = z.infer<typeof PackMetadata>;

/** Refund states in the order Stripe moves through them; a failed or canceled refund gives the money back. */
const REFUND_STEP: Record<string, number> = { pending: 1, requires_action: 1, succeeded: 2, failed: 3, canceled: 3 };
const GIVES_BACK = new Set(['failed', 'canceled']);

/**
 * What a payment's refunds amount to, and a version that grows with every change to them (a new
 * refund, or one moving on to succeeded or failed), so two reads of Stripe can be ordered.
 */
export function refundState(refunds: Pick<Stripe.Refund, 'amount' | 'status'>[]): { refunded: number; version: number } {
  let refunded = 0;
  let version = 0;
  for (const r of refunds) {
    version += REFUND_STEP[r.status ?? 'pending'] ?? 1;
    if (!GIVES_BACK.has(r.status ?? '')) refunded += r.amount;
  }
  return { refunded, version };
}

/** Credits still paid for: the refunded share is taken back rounded down, in the buyer's favour. */
export function creditsHeld(credits: number, amount: number, refunded: number): number {
  if (amount <= 0) return 0;
  return Math.max(0, credits - Math.floor((credits * refunded) / amount));
}

/**
 * Makes a workspace's credit-pack grant match the purchase as Stripe sees it now: the pack's
 * credits added to the `ai_credits` limit of the usage window in which Tollgate first saw the
 * payment (a top-up: it ends with that window), less the refunded share; a full refund leaves an
 * inactive grant with nothing in it. Called for Checkout completions and refund events in any
 * order, any number of times, concurrently: it re-reads the PaymentIntent and its refunds, and
 * writes only forward (see `putPurchaseGrant`). Returns null for a PaymentIntent that is not a
 * paid Tollgate credit pack of this workspace.
 */
export async function syncPurchase(ports: PurchasePorts, ref: WorkspaceRef, paymentIntentId: string): Promise<Grant | null> {
  const stripe = await ports.stripe();
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  const md = PackMetadata.safeParse(intent.metadata);
  if (!md.success || md.data.workspace_id !== ref.workspaceId || md.data.project_id !== ref.projectId) return null;
  if (intent.status !== 'succeeded') return null; // not paid (yet): nothing to grant or take back
  const refunds = await stripe.refunds.list({ payment_intent: intent.id, limit: 100 }).autoPagingToArray({ limit: 10_000 });

  const grantId = purchaseGrantId(intent.id);
  const now = ports.clock();
  const stored = await ports.grants.getPurchaseGrant(ref.projectId, ref.workspaceId, grantId);
  const windowEnd = stored?.windowEnd ?? (await currentWindowEnd(ports, ref, now));
  // Quantity and version come from the same read of the refund list, so they always agree.
  const { refunded, version } = refundState(refunds);
  const held = creditsHeld(Number(md.data.credits), intent.amount_received, refunded);
  const emptiedAt = stored && stored.grant.quantity === '0' ? stored.grant.expires_at : now.toISOString();
  const grant: Grant = {
    grant_id: grantId,
    workspace_id: ref.workspaceId,
    feature: null,
    meter: CREDITS_METER,
    quantity: String(held),
    expires_at: held > 0 ? windowEnd : emptiedAt,
    reason: `credit pack ${md.data.pack}${refunded ? ` (${money(refunded, intent.currency)} of ${money(intent.amount_received, intent.currency)} refunded)` : ''}`,
    created_at: new Date(intent.created * 1000).toISOString(),
  };
  if (await ports.grants.putPurchaseGrant(ref.projectId, { grant, version, windowEnd })) {
    await recomputeEntitlements(ports.recompute, ref.projectId, ref.workspaceId);
  }
  return grant;
}

/**
 * The end of the `ai_credits` window `now` falls in, by the workspace's current limits; a meter
 * the plan leaves out is counted per billing period, as `computeEntitlements` treats a grant on it.
 */
async function currentWindowEnd(ports: PurchasePorts, ref: WorkspaceRef, now: Date): Promise<string> {
  const current = await ports.entitlements.getEntitlements(ref.projectId, ref.workspaceId);
  const window = current?.limits[CREDITS_METER]?.window ?? 'billing_period';
  return windowBounds(window, now, current?.billing_period ?? null).end;
}
