import Stripe from 'stripe';
import {
  AppError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UnprocessableError,
  UpstreamError,
} from '#shared/errors';

/**
 * Stripe's errors become Tollgate's: a declined card is the customer's problem (402-like 422),
 * a rate limit is a 429, a bad request we made is a 422 naming Stripe's param, a reused
 * idempotency key a 409, Stripe out of reach (refused, reset, timed out after the SDK's
 * retries) a 503 with Retry-After, and anything else from Stripe a 502 so callers know the
 * provider, not their input, failed. Messages are Tollgate's own: Stripe's text (which may
 * quote internal keys and ids) goes to the logs, never to the client; its codes go in `details`.
 */
export function translateStripeError(e: unknown): unknown {
  if (e instanceof AppError || !(e instanceof Stripe.errors.StripeError)) return e;
  const details = { stripe_code: e.code, stripe_param: e.param, stripe_request_id: e.requestId };
  if (e instanceof Stripe.errors.StripeCardError) {
    return new UnprocessableError(
      `The payment was declined${e.decline_code ? ` (${e.decline_code})` : ''}`,
      'card_declined',
      { ...details, decline_code: e.decline_code },
    );
  }
  if (e instanceof Stripe.errors.StripeRateLimitError)
    return new RateLimitedError('Stripe rate limit reached; retry later', details, 'provider_rate_limited');
  if (e instanceof Stripe.errors.StripeIdempotencyError) {
    return new ConflictError(
      'This Idempotency-Key was already used with a different request',
      'idempotency_key_reused',
    );
  }
  if (e instanceof Stripe.errors.StripeInvalidRequestError) {
    if (e.code === 'resource_missing') return new NotFoundError(`Stripe object (${e.param ?? 'id'})`);
    return new UnprocessableError(
      `Stripe refused the request${e.param ? ` (parameter ${e.param})` : ''}${e.code ? `: ${e.code}` : ''}`,
      'provider_invalid_request',
      details,
    );
  }
  if (e instanceof Stripe.errors.StripeConnectionError) {
    return Object.assign(
      new ServiceUnavailableError('Stripe is unavailable (no answer or connection failed); retry later'),
      { cause: e },
    );
  }
  if (e instanceof Stripe.errors.StripeAPIError) {
    return new UpstreamError('Stripe', 'unavailable, try again', details, 'provider_unavailable');
  }
  return new UpstreamError('Stripe', `request failed${e.code ? ` (${e.code})` : ''}`, details);
}

/** Runs one Stripe call and translates its failure. */
export async function stripeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw translateStripeError(e);
  }
}
