import * as z from 'zod';
import { ENTRY_TYPES } from '#shared/domain/credits/ledger';
import { defineRoute } from '#shared/http/route';
import { CursorQuery, WorkspaceId, WorkspaceParams } from '#shared/http/schemas';

const HttpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const Credits = z.number().int();
const From = z.object({ purchased: Credits, subscription: Credits });

export const listCreditEventsRoute = defineRoute({
  id: 'listCreditEvents',
  method: 'GET',
  path: '/api/v1/credit-events',
  summary: 'What consuming credits can be for, and what each costs (the catalog in code)',
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  response: z.object({
    data: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        credit_cost: Credits,
        category: z.string(),
        active: z.boolean(),
      }),
    ),
  }),
  handler: 'functions/http/credits/catalog.ts',
  access: { table: 'read' },
});

export const listCreditProductsRoute = defineRoute({
  id: 'listCreditProducts',
  method: 'GET',
  path: '/api/v1/credit-products',
  summary: 'Credit packs for sale: their credits and prices per currency (minor units)',
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  response: z.object({
    data: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        credits: Credits,
        prices: z.array(z.object({ currency: z.string(), unit_amount: Credits })),
      }),
    ),
  }),
  handler: 'functions/http/credits/catalog.ts',
  access: { table: 'read' },
});

export const creditCheckoutRoute = defineRoute({
  id: 'createCreditCheckout',
  method: 'POST',
  path: '/api/v1/credit-products/checkout',
  summary:
    "A Stripe Checkout Session for credit packs; once paid, the credits land in the workspace's purchased bucket (via webhooks)",
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  status: 201,
  body: z.strictObject({
    workspace_id: WorkspaceId,
    product: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/),
    quantity: z.number().int().min(1).max(100).default(1),
    success_url: HttpUrl,
    cancel_url: HttpUrl,
  }),
  response: z.object({ session_id: z.string(), url: z.string() }),
  handler: 'functions/http/credits/checkout.ts',
  access: { table: 'write', stripe: true },
  errors: [404, 422, 502],
});

export const BalanceDto = z.object({
  workspace_id: z.string(),
  balance: Credits,
  purchased: z.object({ balance: Credits }),
  subscription: z.object({ balance: Credits, expires_at: z.string().nullable(), period_start: z.string().nullable() }),
  low_balance_threshold: Credits,
  plan: z.string().nullable(),
  as_of: z.string(),
});

export const getCreditsRoute = defineRoute({
  id: 'getCredits',
  method: 'GET',
  path: '/api/v1/credits/{workspace_id}',
  summary:
    "The workspace's credit balance: total, purchased (never expires) and subscription credits (expire at the period end)",
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  params: WorkspaceParams,
  response: BalanceDto,
  handler: 'functions/http/credits/balance.ts',
  access: { table: 'read', cursorSecret: true }, // one function with the transactions list, which seals cursors
  errors: [404],
});

const EntryDto = z.object({
  seq: Credits,
  type: z.enum(ENTRY_TYPES),
  amount: Credits,
  bucket: z.enum(['purchased', 'subscription']),
  balance_after: Credits,
  reference: z.string(),
  reason: z.string().nullable(),
  created_at: z.string(),
});

export const listCreditTransactionsRoute = defineRoute({
  id: 'listCreditTransactions',
  method: 'GET',
  path: '/api/v1/credits/{workspace_id}/transactions',
  summary:
    "The workspace's credit ledger, newest first: every allocation, purchase, consumption, expiry, refund and adjustment",
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  params: WorkspaceParams,
  query: z.strictObject({ type: z.enum(ENTRY_TYPES).optional(), ...CursorQuery }),
  response: z.object({ data: z.array(EntryDto), next_cursor: z.string().nullable() }),
  handler: 'functions/http/credits/balance.ts',
  access: { table: 'read', cursorSecret: true },
  errors: [404],
});

export const consumeCreditsRoute = defineRoute({
  id: 'consumeCredits',
  method: 'POST',
  path: '/api/v1/credits/consume',
  summary:
    'Debit credit_cost × quantity credits, purchased credits first; 402 insufficient_credits with nothing written when short; the same idempotency_key debits once',
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['usage:write'],
  body: z.strictObject({
    workspace_id: WorkspaceId,
    event_name: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(1_000_000_000),
    idempotency_key: z.string().min(1).max(255),
  }),
  response: z.object({
    workspace_id: z.string(),
    event_name: z.string(),
    quantity: Credits,
    idempotency_key: z.string(),
    consumed: Credits,
    from: From,
    balance_after: Credits,
    duplicate: z.boolean(),
  }),
  handler: 'functions/http/credits/consume.ts',
  access: { table: 'write', bus: true },
  errors: [402, 404, 409, 422],
});

export const adjustCreditsRoute = defineRoute({
  id: 'adjustCredits',
  method: 'POST',
  path: '/api/v1/admin/credits/adjust',
  summary:
    "An operator's correction of a workspace's credits (positive: added as purchased credits; negative: burn order, never below zero); Idempotency-Key required",
  tag: 'Credits',
  auth: 'api-key',
  scopes: ['admin'],
  body: z.strictObject({
    workspace_id: WorkspaceId,
    amount: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((n) => n !== 0, 'must not be 0'),
    reason: z.string().min(1).max(500),
  }),
  response: z.object({
    workspace_id: z.string(),
    amount: Credits,
    reason: z.string(),
    from: From,
    balance_after: Credits,
    duplicate: z.boolean(),
  }),
  handler: 'functions/http/credits/adjust.ts',
  access: { table: 'write', bus: true },
  errors: [402, 404, 409],
});
