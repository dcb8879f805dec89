import type Stripe from 'stripe';
import * as z from 'zod';

export { isPurchaseGrant, purchaseGrantId } from '#shared/domain/entitlements/grants';

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
export function refundState(refunds: Pick<Stripe.Refund, 'amount' | 'status'>[]): {
  refunded: number;
  version: number;
} {
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
