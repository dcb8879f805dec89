import * as z from 'zod';
import { UsageEventBody } from '#shared/domain/usage/event';
import { defineRoute } from '#shared/http/route';
import { CursorQuery, WorkspaceId } from '#shared/http/schemas';
import { MeterStatusDto } from './entitlements';

const Window = z.object({ start: z.string(), end: z.string() });

export const RecordedUsageDto = z.object({
  counted: z.boolean(),
  duplicate: z.boolean().meta({ description: 'The idempotency key was counted before: nothing was added.' }),
  event_type: z.string(),
  meter: z.string(),
  value: z.string(),
  timestamp: z.string(),
  idempotency_key: z.string(),
  counted_in: Window,
  usage: MeterStatusDto.extend({ meter: z.string() }),
  meter_event: z.enum(['sent', 'not_metered', 'already_sent']).meta({
    description:
      "sent: on the Stripe meter (Stripe keeps one per event); not_metered: the workspace has no subscription; already_sent: a duplicate older than Stripe's dedupe window, not re-sent.",
  }),
});

export const recordUsageRoute = defineRoute({
  id: 'recordUsage',
  method: 'POST',
  path: '/api/v1/usage/events',
  summary:
    'Count a usage event once, push it to the Stripe meter, answer the new usage; `enforce` checks and consumes a hard limit atomically',
  tag: 'Usage',
  auth: 'api-key',
  scopes: ['usage:write'],
  body: UsageEventBody.extend({
    enforce: z.boolean().default(false).meta({
      description:
        'Refuse (429 `usage_limit_exceeded` with the limit and current usage; nothing counted) when the event would exceed a hard limit. The check is against the current window, so a `timestamp` before its start is a 400. Do not retry a `usage_limit_exceeded` as you would a rate limit.',
    }),
  }),
  response: RecordedUsageDto,
  handler: 'functions/http/usage/record.ts',
  access: { table: 'write', stripe: true, bus: true },
  // 409 usage_write_contended: the same meter was written too often at once; retry with the same key.
  errors: [400, 404, 409, 429, 502],
});

export const recordUsageAsyncRoute = defineRoute({
  id: 'recordUsageAsync',
  method: 'POST',
  path: '/api/v1/usage/events/async',
  summary: 'Validate a usage event and queue it for counting (202)',
  tag: 'Usage',
  auth: 'api-key',
  scopes: ['usage:write'],
  body: UsageEventBody,
  status: 202,
  response: z.object({
    accepted: z.literal(true),
    message_id: z.string(),
    meter: z.string(),
    timestamp: z.string(),
    idempotency_key: z.string(),
  }),
  handler: 'functions/http/usage/record-async.ts',
  access: { table: 'read', queues: ['usage'] },
  errors: [400, 404],
});

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
