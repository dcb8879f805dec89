import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { WorkspaceParams } from '#shared/http/schemas';

export const WorkspaceBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as IN or US'),
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, 'must be an ISO 4217 code such as inr or usd')
    .transform((c) => c.toLowerCase()),
  /** Adopt an existing Stripe customer instead of letting Tollgate create one. */
  stripe_customer_id: z
    .string()
    .regex(/^cus_[A-Za-z0-9]{1,64}$/, 'must be a Stripe customer id (cus_…)')
    .optional(),
});

export const WorkspaceDto = z.object({
  workspace_id: z.string(),
  name: z.string(),
  email: z.string(),
  country: z.string(),
  currency: z.string(),
  stripe_customer_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const putWorkspace = defineRoute({
  id: 'putWorkspace',
  method: 'PUT',
  path: '/api/v1/workspaces/{workspace_id}',
  summary: 'Create or update a workspace (the billed customer)',
  tag: 'Workspaces',
  auth: 'api-key',
  scopes: ['subscriptions:manage'],
  params: WorkspaceParams,
  body: WorkspaceBody,
  response: WorkspaceDto,
  handler: 'functions/http/workspaces/put.ts',
  access: { table: 'write' },
  errors: [409],
});

export const getWorkspace = defineRoute({
  id: 'getWorkspace',
  method: 'GET',
  path: '/api/v1/workspaces/{workspace_id}',
  summary: 'Read a workspace',
  tag: 'Workspaces',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  params: WorkspaceParams,
  response: WorkspaceDto,
  handler: 'functions/http/workspaces/get.ts',
  access: { table: 'read' },
});
