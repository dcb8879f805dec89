import Big from 'big.js';
import { effectiveSnapshot, withCurrentPeriod } from '#shared/domain/entitlements/read';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import {
  attributeValue,
  buildDelta,
  type CounterItem,
  contributes,
  viewAttribute,
} from '#shared/domain/metering/counters';
import { enforceLimit, type MeterStatus, meterStatus, remainingOf } from '#shared/domain/metering/limits';
import { meterEventIdentifier, projectMeters } from '#shared/domain/metering/meters';
import { type Bounds, billingWindow, counterCutOff, viewBounds } from '#shared/domain/metering/windows';
import { billsUsageAt } from '#shared/domain/subscriptions/snapshot';
import { registerImplicit, requireOrRegister } from '#shared/domain/workspaces/implicit';
import type { ErrorCode } from '#shared/error-codes';
import { AppError, ConflictError, RateLimitedError, UpstreamError, ValidationError } from '#shared/errors';
import { logger } from '#shared/observability/index';
import { checkUsageEvent, type UsageEvent, type UsageEventBody, type UsageEventMessage } from './event';
import { METER_RESEND_WINDOW_MS } from './ingest/meter';
import type { LimitGuard, UsagePorts, UsagePublishPorts } from './ports';
import { emitThresholds } from './thresholds';

const GUARD_ATTEMPTS = 6;

function rejectField(field: string, reason: string, code?: ErrorCode): never {
  throw new ValidationError(`body.${field}: ${reason}`, [{ field: `body.${field}`, message: reason }], code);
}

const unknownWorkspace = (workspaceId: string) =>
  new AppError(404, 'not_found', `Workspace '${workspaceId}' was not found`, { field: 'body.workspace_id' });

export interface RecordedUsage {
  counted: boolean;
  duplicate: boolean;
  event_type: string;
  meter: string;
  value: string;
  timestamp: string;
  idempotency_key: string;
  /** The billing window the event was counted in. */
  counted_in: Bounds;
  /** The meter against its limit, now. */
  usage: MeterStatus;
  /** Whether the event went to the Stripe meter: only workspaces with a live subscription are metered. */
  meter_event: 'sent' | 'not_metered' | 'already_sent';
}

interface Context {
  snapshot: EntitlementSnapshot;
  counters: CounterItem[];
  thresholds: Map<string, Record<string, string>>;
  customerId?: string;
}

async function context(ports: UsagePorts, event: UsageEvent, now: Date): Promise<Context> {
  const earliest = new Date(Math.min(Date.parse(event.timestamp), now.getTime()));
  const cutOff = counterCutOff(earliest);
  const read = () => ports.store.readWorkspace(event.projectId, event.workspaceId, { cutOff, consistent: true });
  let c = await read();
  // The first event of an implicit workspace registers it.
  if (!c.profile && ports.implicit && (await registerImplicit(ports.implicit, event.projectId, event.workspaceId)))
    c = await read();
  if (!c.profile) throw unknownWorkspace(event.workspaceId);
  const snapshot = await effectiveSnapshot(ports, event.projectId, event.workspaceId, c, now);
  const counters = await withCurrentPeriod(c.counters, snapshot.billing_period, cutOff, (end) =>
    ports.store.countersEndingBetween(event, end, end),
  );
  const thresholds = new Map(c.thresholds.map((t) => [`${t.meter}|${t.window.start}|${t.window.end}`, t.flags]));
  return { snapshot, counters, thresholds, customerId: c.profile.stripeCustomerId };
}

/** The meter's status at `now` after adding what this request counted. */
function statusAfter(
  meter: string,
  ctx: Context,
  now: Date,
  added: { window: Bounds; value: string; at: string } | undefined,
): MeterStatus {
  return meterStatus(meter, ctx.snapshot.limits[meter], ctx.counters, now, ctx.snapshot, added);
}

/**
 * Records one event synchronously: count it once (same transaction as the consumer's), push it
 * to the Stripe meter, answer the meter's new usage. With `enforce`, a hard limit is checked and
 * consumed atomically: the counter update carries "usage is still at most limit - value" as its
 * condition, so two concurrent requests cannot both take the last unit. Over the limit, nothing
 * is counted and the answer is `usage_limit_exceeded` (429) with the limit and current usage.
 */
export async function recordUsage(
  ports: UsagePorts,
  projectId: string,
  body: UsageEventBody & { enforce?: boolean },
): Promise<RecordedUsage> {
  const now = ports.clock();
  const meters = await projectMeters(ports.catalogMeters, projectId, [body.event_type]);
  const check = checkUsageEvent(body, projectId, meters, now);
  if (!check.ok) rejectField(check.field, check.reason, check.code);
  const event = check.event;
  const at = new Date(event.timestamp);

  for (let attempt = 1; ; attempt++) {
    const ctx = await context(ports, event, now);
    const { snapshot } = ctx;
    const window = billingWindow(at, snapshot.billing_period, snapshot.billing_span);
    const delta = buildDelta(event.meter, window, [event], now);
    const limit = snapshot.limits[event.meter];
    let guard: LimitGuard | undefined;
    if (body.enforce && limit && limit.mode === 'hard' && limit.limit !== null) {
      const bounds = viewBounds(limit.window, now, snapshot.billing_period, snapshot.billing_span);
      // The limit checked must be the limit of the window counted into: only the current one.
      if (event.timestamp < bounds.start)
        rejectField('timestamp', `enforce checks the current ${limit.window} window, which starts at ${bounds.start}`);
      if (event.timestamp >= bounds.end)
        rejectField('timestamp', `enforce checks the current ${limit.window} window, which ends at ${bounds.end}`);
      const attr = viewAttribute(limit.window, bounds);
      const mine = ctx.counters.find(
        (c) =>
          c.meter === event.meter &&
          c.window.start === window.start &&
          c.window.end === window.end &&
          c.segment?.start === delta.segment?.start,
      );
      const others = ctx.counters
        .filter((c) => c !== mine && contributes(c, event.meter, limit.window, bounds))
        .map((c) => ({ window: c.window, segment: c.segment, attr, value: attributeValue(c, attr) }));
      const elsewhere = others.reduce((a, o) => a.plus(o.value), new Big(0)).toFixed();
      const { maxBefore, fits } = enforceLimit(limit.limit, elsewhere, event.value);
      const usedHere = mine ? attributeValue(mine, attr) : '0';
      if (!fits(usedHere)) {
        const dup = await priorRecord(ports, event);
        if (dup) return duplicateAnswer(ports, body.event_type, event, ctx, now, dup, window);
        const used = new Big(usedHere).plus(elsewhere).toFixed();
        await thresholdsFor(ports, event, ctx, used, now);
        throw limitExceeded(event, limit.limit, limit.window, bounds, used);
      }
      guard = { attr, maxBefore, others };
    }

    const r = await ports.store.commitGroup({
      projectId,
      workspaceId: event.workspaceId,
      delta,
      events: [
        {
          meter: event.meter,
          idempotencyKey: event.idempotencyKey,
          value: event.value,
          timestamp: event.timestamp,
          ...(event.metadata ? { metadata: event.metadata } : {}),
        },
      ],
      countedAt: now.toISOString(),
      guard,
    });
    if (!r.ok) {
      if (r.duplicates.length) {
        const dup = await priorRecord(ports, event);
        return duplicateAnswer(ports, body.event_type, event, ctx, now, dup, window);
      }
      // The usage moved between the read and the write (or another transaction held the item):
      // read again and decide again; over the limit is then answered from the fresh read.
      if ((r.guardFailed || r.conflict) && attempt < GUARD_ATTEMPTS) {
        await new Promise((ok) => setTimeout(ok, 10 * 2 ** attempt * Math.random()));
        continue;
      }
      if (r.guardFailed || r.conflict) {
        throw new ConflictError(
          'Too many concurrent writes to this meter; retry with the same idempotency key',
          'usage_write_contended',
          { meter: event.meter },
        );
      }
      throw new Error(r.reason ?? 'the usage transaction failed');
    }

    const usage = statusAfter(event.meter, ctx, now, { window, value: event.value, at: event.timestamp });
    // Before the meter push: a Stripe failure fails the request, and its retry is a duplicate.
    await thresholdsFor(ports, event, ctx, usage.used, now);
    const sent = await pushToMeter(ports, event, ctx, { value: event.value, timestamp: event.timestamp });
    return answer(body.event_type, event, window, usage, false, sent ? 'sent' : 'not_metered');
  }
}

function answer(
  eventType: string,
  e: UsageEvent,
  window: Bounds,
  usage: MeterStatus,
  duplicate: boolean,
  meterEvent: RecordedUsage['meter_event'],
): RecordedUsage {
  return {
    counted: !duplicate,
    duplicate,
    event_type: eventType,
    meter: e.meter,
    value: e.value,
    timestamp: e.timestamp,
    idempotency_key: e.idempotencyKey,
    counted_in: window,
    usage,
    meter_event: meterEvent,
  };
}

async function priorRecord(ports: UsagePorts, e: UsageEvent) {
  const id = 'dup';
  const r = await ports.store.load(
    {
      workspaces: [],
      dedupe: [
        { projectId: e.projectId, workspaceId: e.workspaceId, id, meter: e.meter, idempotencyKey: e.idempotencyKey },
      ],
      counters: [],
      thresholds: [],
    },
    { consistent: true },
  );
  return r.dedupe.get(id);
}

/** A repeated key: nothing counted, the current totals answered, and the meter event re-sent if Stripe may not have it. */
async function duplicateAnswer(
  ports: UsagePorts,
  eventType: string,
  e: UsageEvent,
  ctx: Context,
  now: Date,
  rec: { value: string; timestamp: string; countedAt: string } | undefined,
  window: Bounds,
): Promise<RecordedUsage> {
  const original = rec ? { ...e, value: rec.value, timestamp: rec.timestamp } : e;
  const usage = statusAfter(e.meter, ctx, now, undefined);
  // The first attempt may have died before its thresholds went out; the flags make this a no-op otherwise.
  await thresholdsFor(ports, e, ctx, usage.used, now);
  let meterEvent: RecordedUsage['meter_event'] = 'already_sent';
  if (rec && now.getTime() - Date.parse(rec.countedAt) < METER_RESEND_WINDOW_MS) {
    meterEvent = (await pushToMeter(ports, e, ctx, { value: rec.value, timestamp: rec.timestamp }))
      ? 'sent'
      : 'not_metered';
  }
  const counted = billingWindow(new Date(original.timestamp), ctx.snapshot.billing_period, ctx.snapshot.billing_span);
  return answer(eventType, original, rec ? counted : window, usage, true, meterEvent);
}

/** Publishes the threshold events the meter's current window has reached and never sent. */
async function thresholdsFor(ports: UsagePorts, e: UsageEvent, ctx: Context, used: string, now: Date): Promise<void> {
  const limit = ctx.snapshot.limits[e.meter];
  if (!limit || limit.limit === null) return;
  const bounds = viewBounds(limit.window, now, ctx.snapshot.billing_period, ctx.snapshot.billing_span);
  const flags = ctx.thresholds.get(`${e.meter}|${bounds.start}|${bounds.end}`) ?? {};
  // A failure here leaves a claim that goes stale and is published by the next writer.
  await emitThresholds(ports, e, e.meter, limit, bounds, used, flags, now).catch((err) =>
    logger.warn('threshold not emitted yet', { error: err as Error, meter: e.meter }),
  );
}

async function pushToMeter(
  ports: UsagePorts,
  e: UsageEvent,
  ctx: Context,
  what: { value: string; timestamp: string },
): Promise<boolean> {
  // No subscription, one that ended, or usage from before it started: Stripe would take the meter
  // event and bill it nowhere.
  if (!ctx.customerId || !billsUsageAt(ctx.snapshot.subscription_status, ctx.snapshot.billing_span, what.timestamp))
    return false;
  const [o] = await ports.meters.send([
    {
      identifier: meterEventIdentifier(e.projectId, e.workspaceId, e.meter, e.idempotencyKey),
      eventName: ports.meterEventName ? await ports.meterEventName(e.projectId, e.meter) : e.meter,
      customerId: ctx.customerId,
      value: what.value,
      timestamp: Math.floor(Date.parse(what.timestamp) / 1000),
    },
  ]);
  if (!o.ok) {
    // Counted already: a retry with the same idempotency key is a duplicate that re-sends it.
    throw new UpstreamError(
      'Stripe',
      `the usage was counted but the meter event was not accepted: ${o.reason}`,
      { counted: true, retry_with_same_idempotency_key: true },
      'meter_event_failed',
    );
  }
  return true;
}

function limitExceeded(e: UsageEvent, limit: string, window: string, bounds: Bounds, used: string) {
  return new RateLimitedError(
    `Counting ${e.value} more ${e.meter} would exceed the hard limit of ${limit} per ${window}`,
    {
      meter: e.meter,
      limit,
      used,
      requested: e.value,
      remaining: remainingOf(limit, used),
      window,
      window_start: bounds.start,
      resets_at: bounds.end,
    },
    'usage_limit_exceeded',
  );
}

/** Validates and queues an event for the consumer. The message is the documented SQS contract. */
export async function publishUsage(
  ports: UsagePublishPorts,
  projectId: string,
  body: UsageEventBody,
): Promise<{ accepted: true; message_id: string; meter: string; timestamp: string; idempotency_key: string }> {
  const now = ports.clock();
  const meters = await projectMeters(ports.catalogMeters, projectId, [body.event_type]);
  const check = checkUsageEvent(body, projectId, meters, now);
  if (!check.ok) rejectField(check.field, check.reason, check.code);
  // One read now saves the producer a message that could only end as a recorded rejection.
  await requireOrRegister(ports, projectId, body.workspace_id);
  // The timestamp is fixed now, so a retry of the message counts in the window of this request.
  const message: UsageEventMessage = {
    project_id: projectId,
    ...body,
    value: check.event.value,
    timestamp: check.event.timestamp,
  };
  const messageId = await ports.queue.send(message);
  return {
    accepted: true,
    message_id: messageId,
    meter: check.event.meter,
    timestamp: check.event.timestamp,
    idempotency_key: body.idempotency_key,
  };
}
