import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { CursorQuery, WorkspaceId } from '#shared/http/schemas';
import { MeterStatusDto } from './meter-status';

// The read side of usage, apart from the write routes so that its functions bundle only this.
const DateOrTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .meta({ description: 'A day (YYYY-MM-DD, its start in UTC) or an ISO-8601 time.' });

export const PeriodReportDto = z.object({
  workspace_id: z.string(),
  plan: z.string(),
  period: z.object({
    kind: z.enum(['billing_period', 'month']),
    label: z.string(),
    start: z.string(),
    end: z.string(),
  }),
  meters: z.array(
    z.object({
      meter: z.string(),
      name: z.string(),
      used: z.string(),
      limit: MeterStatusDto.extend({ meter: z.string() }).nullable(),
    }),
  ),
});

export const UsageSeriesDto = z.object({
  workspace_id: z.string(),
  granularity: z.enum(['day', 'month', 'billing_period']),
  from: z.string(),
  to: z.string(),
  data: z.array(
    z.object({
      meter: z.string(),
      period_start: z.string(),
      period_end: z.string(),
      granularity: z.enum(['day', 'month', 'billing_period']),
      total: z.string().meta({ description: 'Exact decimal: the usage counted in the period.' }),
    }),
  ),
  next_cursor: z.string().nullable(),
});

export const usageReportRoute = defineRoute({
  id: 'usageReport',
  method: 'GET',
  path: '/api/v1/usage/{workspace_id}',
  summary:
    'Usage per meter: with `granularity`, totals per day, calendar month or billing period (days kept 400 days; periods that start in [from, to), paged); without it, the current or previous billing period or a calendar month (`period`)',
  tag: 'Usage',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  params: z.strictObject({ workspace_id: WorkspaceId }),
  query: z.strictObject({
    period: z
      .union([
        z.enum(['current', 'previous']),
        z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be current, previous or YYYY-MM'),
      ])
      .optional()
      .meta({ description: 'The period form (default `current`); not combined with `granularity`.' }),
    granularity: z.enum(['day', 'month', 'billing_period']).optional(),
    meter: z.string().max(64).optional(),
    from: DateOrTime.optional().meta({ description: 'Default: 31 days, 12 months or 400 days before `to`.' }),
    to: DateOrTime.optional().meta({ description: 'Default: the end of today, of this month, or now.' }),
    ...CursorQuery,
  }),
  response: z.union([PeriodReportDto, UsageSeriesDto]),
  handler: 'functions/http/usage/report.ts',
  access: { table: 'read', cursorSecret: true },
  errors: [404],
});

export const usageEventsRoute = defineRoute({
  id: 'usageEvents',
  method: 'GET',
  path: '/api/v1/usage/{workspace_id}/events',
  summary:
    'The usage events counted for a workspace (the last 40 days), with their idempotency key, value, time, billing window and metadata',
  tag: 'Usage',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  params: z.strictObject({ workspace_id: WorkspaceId }),
  query: z.strictObject({
    meter: z.string().max(64).optional(),
    from: DateOrTime.optional().meta({ description: 'Events dated at or after this time.' }),
    to: DateOrTime.optional().meta({ description: 'Events dated before this time.' }),
    ...CursorQuery,
  }),
  response: z.object({
    data: z.array(
      z.object({
        meter: z.string(),
        idempotency_key: z.string(),
        value: z.string(),
        timestamp: z.string(),
        counted_at: z.string(),
        window: z.object({ start: z.string().nullable(), end: z.string() }),
        metadata: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    next_cursor: z.string().nullable(),
  }),
  handler: 'functions/http/usage/events.ts',
  access: { table: 'read', cursorSecret: true },
  errors: [400, 404],
});
