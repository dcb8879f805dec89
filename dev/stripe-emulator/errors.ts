/** The body of Stripe's error envelope: `{ "error": { … } }`. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  charge?: string;
  payment_intent?: { id: string; object: 'payment_intent'; status: string };
  doc_url?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /** Card errors still created objects (a failed charge), so Stripe stores them for idempotent replay. */
    readonly replayable = status === 402,
  ) {
    super(body.message);
  }
}

export const errors = {
  missing(kind: string, id: string, param = 'id'): ApiError {
    return new ApiError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${kind}: '${id}'`,
      param,
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    });
  },
  invalid(message: string, param?: string, code = 'parameter_invalid'): ApiError {
    return new ApiError(400, { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) });
  },
  /** A request that is well-formed but not allowed in the object's current state. */
  state(message: string, code?: string, param?: string): ApiError {
    return new ApiError(400, {
      type: 'invalid_request_error',
      message,
      ...(code ? { code } : {}),
      ...(param ? { param } : {}),
    });
  },
  paramMissing(param: string): ApiError {
    return new ApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      message: `Missing required param: ${param}.`,
      param,
      doc_url: 'https://stripe.com/docs/error-codes/parameter-missing',
    });
  },
  card(declineCode: string, message: string, extra: Partial<StripeErrorBody> = {}): ApiError {
    return new ApiError(402, {
      type: 'card_error',
      code: 'card_declined',
      decline_code: declineCode,
      message,
      ...extra,
    });
  },
  /** A payment is required and the customer has nothing to pay with. */
  noPaymentMethod(): ApiError {
    return new ApiError(400, {
      type: 'invalid_request_error',
      message:
        'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.',
    });
  },
  auth(message: string): ApiError {
    return new ApiError(401, { type: 'invalid_request_error', message });
  },
  idempotency(key: string): ApiError {
    return new ApiError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    });
  },
};
