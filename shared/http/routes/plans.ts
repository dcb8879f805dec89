import * as z from 'zod';
import { Plan } from '#shared/domain/catalog/plans';
import { defineRoute } from '#shared/http/route';

export const listPlansRoute = defineRoute({
  id: 'listPlans',
  method: 'GET',
  path: '/api/v1/plans',
  summary: 'The plans, read from Stripe and cached for 10 minutes',
  tag: 'Plans',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  response: z.object({ plans: z.array(Plan), default_plan: z.string().nullable() }),
  handler: 'functions/http/plans/list.ts',
  access: { table: 'write', stripe: true },
});
