import { createHash, randomUUID } from 'node:crypto';

/**
 * The Idempotency-Key Tollgate sends with a Stripe mutation made for a project. One Stripe
 * account serves every project, and Stripe keys are account-wide: the project is part of every
 * key, so two projects that happen to send the same `Idempotency-Key` (or touch the same-named
 * workspace) never meet at Stripe. The caller's own key is hashed with the project and the
 * operation, which keeps the result within Stripe's 255 characters and keeps the caller's key
 * out of Stripe's logs. Without a caller key, each call is its own attempt.
 *
 * `op` names the operation and what it acts on (e.g. `sub-pause:ws_1`).
 */
export function stripeIdempotencyKey(projectId: string, op: string, requestKey?: string): string {
  const attempt = requestKey ?? randomUUID();
  const digest = createHash('sha256').update(`${projectId}\n${op}\n${attempt}`, 'utf8').digest('hex').slice(0, 40);
  return `tg:${projectId}:${op}:${digest}`;
}
