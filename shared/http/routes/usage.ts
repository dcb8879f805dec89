import * as z from 'zod';
import { UsageEventBody } from '#shared/domain/usage/event';
import { defineRoute } from '#shared/http/route';
import { MeterStatusDto } from './meter-status';

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
      "sent: on the Stripe meter (Stripe keeps one per event), billed by the workspace's subscription; not_metered: not sent, as no invoice would bill it: the workspace has no subscription, its subscription ended (canceled or expired; a cancellation bills the period's usage up to it on a final invoice), or the event is dated before the subscription started; already_sent: a duplicate older than Stripe's dedupe window, not re-sent.",
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
