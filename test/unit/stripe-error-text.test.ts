import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { translateStripeError } from '#shared/adapters/stripe/errors';
import { AppError } from '#shared/errors';
import { toErrorResponse } from '#shared/http/errors';

/** Text a Stripe error may carry that must never reach a client: internal keys, ids, links. */
const SECRET_TEXT =
  'Keys for idempotent requests can only be used with the same parameters; try a key other than tg:proj_a:sub-pause:ws_1:abc (see https://stripe.com/docs)';

describe('Stripe errors reach clients in our words', () => {
  it.each([
    [
      'an idempotency error',
      new Stripe.errors.StripeIdempotencyError({ message: SECRET_TEXT, type: 'idempotency_error' }),
      409,
      'idempotency_key_reused',
    ],
    [
      'an invalid request',
      new Stripe.errors.StripeInvalidRequestError({
        message: SECRET_TEXT,
        param: 'items[0][price]',
        code: 'parameter_invalid_empty',
        type: 'invalid_request_error',
      }),
      422,
      'provider_invalid_request',
    ],
    [
      'a missing object',
      new Stripe.errors.StripeInvalidRequestError({
        message: `No such customer: 'cus_x'; ${SECRET_TEXT}`,
        param: 'customer',
        code: 'resource_missing',
        type: 'invalid_request_error',
      }),
      404,
      'not_found',
    ],
    [
      'a declined card',
      new Stripe.errors.StripeCardError({
        message: SECRET_TEXT,
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        type: 'card_error',
      }),
      422,
      'card_declined',
    ],
    [
      'a permission error',
      new Stripe.errors.StripePermissionError({ message: SECRET_TEXT, type: 'invalid_request_error' }),
      502,
      'provider_error',
    ],
    [
      'an authentication error',
      new Stripe.errors.StripeAuthenticationError({ message: SECRET_TEXT, type: 'invalid_request_error' }),
      502,
      'provider_error',
    ],
  ])('maps %s to a %i without Stripe’s message', (_name, stripeError, status, code) => {
    // Act
    const mapped = translateStripeError(stripeError);
    const res = toErrorResponse(mapped, 'req_1');
    // Assess
    expect(mapped).toBeInstanceOf(AppError);
    expect([res.statusCode, JSON.parse(res.body as string).error.code]).toEqual([status, code]);
    expect(res.body).not.toContain('idempotent requests');
    expect(res.body).not.toContain('tg:proj_a');
    expect(res.body).not.toContain('stripe.com');
    expect(res.body).not.toContain('No such customer');
  });
});
