/**
 * Every `error.code` the API can answer, with what it means. `AppError` takes only these codes,
 * so a new one is added here first (a typo does not compile), and the OpenAPI document lists
 * them on the error envelope. The HTTP status travels with the error, not with the code.
 */
export const ERROR_CODES = {
  // Requests the pipeline refuses before any domain code runs
  validation_failed: 'A path, query or body field is missing or wrong; `details` lists `{field, message}`.',
  invalid_json: 'The body is not JSON.',
  json_too_deep: 'The body nests deeper than the pipeline accepts.',
  forbidden_key: 'The body carries a key such as `__proto__`.',
  invalid_cursor: 'The cursor was not issued by this list to this caller.',
  payload_too_large: 'The body exceeds the size limit (`details.limit_bytes`).',
  unsupported_media_type: 'The body is not `application/json`.',
  route_not_found: 'No route for this method and path.',
  method_not_allowed: 'The path exists but not with this method.',
  // API keys
  unauthorized: 'A valid API key is required.',
  missing_api_key: 'No `Authorization: Bearer` or `x-api-key` header.',
  invalid_api_key: 'The API key is unknown.',
  api_key_revoked: 'The API key has been revoked.',
  api_key_expired: 'The API key has expired (a key made for a signed console link lives as long as the link).',
  forbidden: "The key's scopes do not allow this operation.",
  // Idempotency
  idempotency_key_reused: 'The Idempotency-Key was used with another body.',
  idempotency_key_in_progress:
    'The first attempt with this Idempotency-Key is still running; retry after `Retry-After`.',
  // Things that are not there (another project's are not there either)
  not_found: 'The workspace, invoice, grant, endpoint or event does not exist for this project.',
  feature_not_found: 'The feature is not in the catalog.',
  meter_not_found: 'The meter or event type is not in the catalog.',
  // State conflicts
  conflict: 'The request conflicts with the current state.',
  subscription_exists: 'The workspace already has a live subscription; change its plan instead.',
  invalid_transition: 'The subscription cannot make this change in its current state.',
  customer_already_set: 'The workspace already has a Stripe customer.',
  customer_already_linked: 'The Stripe customer is already linked to another workspace.',
  purchase_grant: 'The grant follows a credit-pack payment; refund the payment to take it back.',
  endpoint_exists: 'A webhook endpoint with this URL exists.',
  endpoint_limit_reached: 'The project has the most webhook endpoints allowed.',
  delivery_in_progress: 'An attempt of this delivery is running.',
  catalog_changed: "Another push changed the project's catalog since it was read; read it again and retry.",
  catalog_in_use:
    'The catalog removes plans or meters still in use (`details.in_use`); `force=true` removes them anyway.',
  usage_write_contended: 'Too many concurrent writes to this meter; retry with the same idempotency key.',
  invoice_already_paid: 'The invoice is paid already.',
  invoice_voided: 'The invoice is void.',
  payment_in_progress: 'Recorded payments already cover the invoice; it is being settled.',
  reference_in_progress: 'A concurrent request is recording this payment reference.',
  reference_reused: 'The payment reference was recorded with other details.',
  // Requests that are well-formed but cannot be carried out
  unprocessable: 'The request cannot be carried out.',
  project_id_unusable: 'The project id cannot name Stripe objects (`[A-Za-z0-9_-]{1,64}`).',
  unknown_credit_event: 'The credit event is not in the project catalog.',
  inactive_credit_event: 'The credit event is in the catalog but not active.',
  insufficient_credits:
    'The credit balance does not cover the cost; nothing was debited (`details.balance`, `details.required`).',
  price_unavailable: 'The plan or pack has no price for this interval and currency.',
  invoice_not_open: 'The invoice is not open for payment.',
  workspace_unlinked: "The invoice's customer is not linked to a workspace.",
  currency_mismatch: 'The payment is in another currency than the invoice.',
  currency_not_supported: 'The payment provider does not collect this currency.',
  amount_mismatch: 'The payment amount differs from what the invoice asks.',
  amount_too_small: "The amount is below the payment provider's minimum.",
  overpayment: 'The payment exceeds the amount outstanding (`details`).',
  paid_at_in_future: 'The payment time is in the future.',
  invalid_webhook_url: 'The webhook URL is not an allowed https address.',
  card_declined: 'Stripe declined the payment (`details.decline_code`).',
  provider_invalid_request: 'The payment provider refused the request.',
  // Limits
  rate_limited: 'Too many requests; retry after `Retry-After`.',
  usage_limit_exceeded: 'The usage would exceed a hard limit; nothing was counted (`details` has limit and usage).',
  provider_rate_limited: 'The payment provider is rate limiting; retry later.',
  // Providers and dependencies
  provider_error: 'The payment provider failed.',
  provider_unavailable: 'The payment provider could not be reached; retry later.',
  provider_auth_failed: "The payment provider refused Tollgate's credentials.",
  provider_unexpected_response: 'The payment provider answered with something unexpected.',
  meter_event_failed: 'The usage was counted but Stripe did not accept the meter event; retry with the same key.',
  service_unavailable: 'A dependency (DynamoDB, SQS, Stripe) did not answer; retry after `Retry-After`.',
  internal_error: 'An unexpected error; quote the request id to support.',
  // Webhook receivers
  invalid_signature: 'The webhook signature is missing, wrong or stale; nothing was stored.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes as a list, for schemas (`z.enum`) and documentation. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];
