import * as z from 'zod';
import type { MeterDef } from '#shared/domain/catalog/schema';
import { MAX_DECIMAL_PLACES, MAX_USAGE_VALUE, parseUsageValue } from '#shared/domain/metering/decimals';
import { resolveMeter } from '#shared/domain/metering/meters';
import type { ErrorCode } from '#shared/error-codes';

/** How far back an event may be dated: Stripe accepts meter events up to 35 days old. */
export const MAX_BACKDATE_MS = 35 * 86_400_000;
/** Producers' clocks drift; Stripe itself allows 5 minutes ahead. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -');

export const UsageValue = z
  .union([
    z.number().positive().max(Number(MAX_USAGE_VALUE)),
    z.string().regex(/^\d+(\.\d+)?$/, 'must be a positive decimal such as "2.5" (digits and an optional fraction)'),
  ])
  .transform((v, ctx) => {
    const r = parseUsageValue(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason });
      return z.NEVER;
    }
    return r.value;
  })
  .meta({
    description: `Positive exact decimal, at most ${MAX_USAGE_VALUE} with at most ${MAX_DECIMAL_PLACES} decimal places and 15 significant digits (Stripe's meters take no more). Prefer a string ("2.5").`,
  });

const Metadata = z
  .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys')
  .meta({
    description:
      "Free-form annotations for the producer's own tracing (at most 20 keys): kept with the counted event (the event explorer lists it), never counted.",
    maxProperties: 20,
  });

/** The fields of a usage event, shared by the HTTP API and the SQS contract. */
export const usageEventFields = {
  event_type: z.string().min(1).max(100).meta({
    description: 'A catalog meter key or one of its event type aliases, e.g. ai_credits, whatsapp_message, email_send.',
  }),
  workspace_id: Id,
  value: UsageValue,
  idempotency_key: z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\x00-\x1f\x7f]+$/, 'must not contain control characters')
    .meta({ description: 'Unique per workspace and meter: the same key is counted once, however often it is sent.' }),
  timestamp: z.iso.datetime({ offset: true }).optional().meta({
    description:
      'When the usage happened (ISO-8601). Defaults to when the event was received. At most 35 days back, not in the future.',
  }),
  metadata: Metadata.optional(),
};

export const UsageEventBody = z.strictObject(usageEventFields);
export type UsageEventBody = z.infer<typeof UsageEventBody>;

/**
 * What producers put on the usage-events queue. The HTTP API knows the project from the API
 * key; a message on the queue has no key, so it names its project.
 */
export const UsageEventMessage = z
  .strictObject({
    project_id: Id.meta({ description: 'The Tollgate project the workspace belongs to.' }),
    ...usageEventFields,
  })
  .meta({ title: 'Tollgate usage event (SQS message body of the usage-events queue)' });
export type UsageEventMessage = z.infer<typeof UsageEventMessage>;

/** An event after validation against the catalog and the clock: ready to count. */
export interface UsageEvent {
  projectId: string;
  workspaceId: string;
  meter: string;
  value: string;
  idempotencyKey: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  metadata?: Record<string, unknown>;
}

export type EventCheck =
  | { ok: true; event: UsageEvent }
  | { ok: false; field: string; reason: string; code?: ErrorCode };

/**
 * The checks a schema cannot make: the event type must name a meter of the project's catalog
 * (`meters`), and the time must be within the window Stripe accepts. `receivedAt` stands in for
 * a missing timestamp.
 */
export function checkUsageEvent(
  body: UsageEventBody,
  projectId: string,
  meters: readonly MeterDef[],
  now: Date,
  receivedAt: Date = now,
): EventCheck {
  const meter = resolveMeter(body.event_type, meters);
  if (!meter) {
    return {
      ok: false,
      field: 'event_type',
      reason: `unknown event type '${body.event_type}'; known: ${meters.flatMap((m) => m.event_types).join(', ')}`,
      code: 'meter_not_found',
    };
  }
  const at = body.timestamp ? new Date(body.timestamp) : receivedAt;
  if (at.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS)
    return { ok: false, field: 'timestamp', reason: 'must not be in the future' };
  if (at.getTime() < now.getTime() - MAX_BACKDATE_MS)
    return { ok: false, field: 'timestamp', reason: 'must be at most 35 days back' };
  return {
    ok: true,
    event: {
      projectId,
      workspaceId: body.workspace_id,
      meter: meter.key,
      value: body.value,
      idempotencyKey: body.idempotency_key,
      timestamp: at.toISOString(),
      ...(body.metadata ? { metadata: body.metadata } : {}),
    },
  };
}

/** The published JSON Schema of the SQS message (docs/usage-event.schema.json). */
export function usageEventJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://tollgate.local/usage-event.schema.json',
    ...z.toJSONSchema(UsageEventMessage, { io: 'input', target: 'draft-2020-12' }),
  };
}
