import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { memoryBus } from '#shared/adapters/events/bus';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import { computeEntitlements, type EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import { builtInMeters } from '#shared/domain/metering/meters';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { UsageEventMessage } from '#shared/domain/usage/event';
import type { MeterEventOut, MeterSendOutcome, MeterSink, UsagePorts } from '#shared/domain/usage/ports';
import type { PoisonRecord, PoisonStore } from '#shared/sqs/consumer';
import { subscriptionSnapshot } from './snapshots';

export const PROFILE = { name: 'Acme', email: 'billing@acme.example', country: 'IN', currency: 'inr' };

/** A workspace, optionally with a Stripe customer and a subscription on `plan` for `period`. */
export async function seedWorkspace(
  table: TableContext,
  projectId: string,
  workspaceId: string,
  opts: {
    customerId?: string;
    plan?: string;
    period?: { start: string; end: string };
    now?: Date;
    snapshot?: boolean;
  } = {},
): Promise<EntitlementSnapshot | undefined> {
  const now = opts.now ?? new Date();
  await workspaceRepository(table).upsert(projectId, workspaceId, PROFILE, now.toISOString());
  if (opts.customerId) await workspaceRepository(table).setStripeCustomer(projectId, workspaceId, opts.customerId);
  if (opts.snapshot === false) return undefined;
  const subscription: SubscriptionSnapshot | undefined = opts.plan
    ? subscriptionSnapshot({
        subscription_id: `sub_${workspaceId}`,
        customer_id: opts.customerId ?? `cus_${workspaceId}`,
        plan: opts.plan,
        currency: 'inr',
        current_period_start: opts.period?.start ?? now.toISOString(),
        current_period_end: opts.period?.end ?? new Date(now.getTime() + 30 * 86_400_000).toISOString(),
        version: now.getTime(),
      })
    : undefined;
  if (subscription) await subscriptionRepository(table).putSubscriptionIfNewer(projectId, workspaceId, subscription);
  const snapshot = computeEntitlements({
    workspaceId,
    subscription,
    plans: catalogPlans(),
    grants: [],
    now,
    graceDays: 7,
  });
  await entitlementSnapshotRepository(table).putEntitlements(projectId, workspaceId, snapshot);
  return snapshot;
}

/** Stripe's meter as far as Tollgate can tell: one event per identifier, whatever is resent. */
export function fakeMeter(opts: { fail?: (e: MeterEventOut, attempt: number) => MeterSendOutcome | undefined } = {}) {
  const byIdentifier = new Map<string, MeterEventOut>();
  const attempts = new Map<string, number>();
  const sink: MeterSink & { events: Map<string, MeterEventOut>; calls: number } = {
    events: byIdentifier,
    calls: 0,
    async send(events) {
      return events.map((e) => {
        sink.calls++;
        const n = (attempts.get(e.identifier) ?? 0) + 1;
        attempts.set(e.identifier, n);
        const failure = opts.fail?.(e, n);
        if (failure) return failure;
        if (!byIdentifier.has(e.identifier)) byIdentifier.set(e.identifier, e);
        return { ok: true as const };
      });
    },
  };
  return sink;
}

export function usagePorts(table: TableContext, over: Partial<UsagePorts> = {}) {
  const bus = memoryBus();
  const meters = fakeMeter();
  const ports: UsagePorts = {
    store: usageStore(table),
    meters,
    bus,
    clock: () => new Date(),
    plans: async () => catalogPlans(),
    graceDays: 7,
    catalogMeters: builtInMeters,
    ...over,
  };
  return { ports, bus, meters };
}

let seq = 0;
export function sqsRecord(
  body: unknown,
  opts: { messageId?: string; sentAt?: Date; receiveCount?: number } = {},
): SQSRecord {
  return {
    messageId: opts.messageId ?? `m-${++seq}`,
    receiptHandle: 'rh',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(opts.receiveCount ?? 1),
      SentTimestamp: String((opts.sentAt ?? new Date()).getTime()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:usage-events',
    awsRegion: 'us-east-1',
  };
}

export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });

export function usageMessage(
  over: Partial<UsageEventMessage> & { workspace_id: string; idempotency_key: string },
): UsageEventMessage {
  return { project_id: 'p1', event_type: 'ai_credits', value: '1', ...over } as UsageEventMessage;
}

type Av = Record<string, any>;

/** DynamoDB's item size rules: attribute name bytes plus value bytes (numbers ~1 byte per 2 digits). */
export function itemSize(item: Record<string, Av>): number {
  const size = (v: Av): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return Math.ceil(String(v.N).replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
    if (v.B !== undefined) return v.B.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.M) return 3 + Object.entries(v.M).reduce((a, [k, x]) => a + Buffer.byteLength(k) + size(x as Av), 0);
    if (v.L) return 3 + v.L.reduce((a: number, x: Av) => a + 1 + size(x), 0);
    if (v.SS) return v.SS.reduce((a: number, x: string) => a + Buffer.byteLength(x), 0);
    if (v.NS) return v.NS.reduce((a: number, x: string) => a + Math.ceil(x.length / 2) + 1, 0);
    return 0;
  };
  return Object.entries(item).reduce((a, [k, v]) => a + Buffer.byteLength(k) + size(v), 0);
}

/**
 * Counts requests and capacity units. Two figures: what DynamoDB Local reports
 * (ReturnConsumedCapacity=TOTAL), and what DynamoDB bills by its documented rules, computed from
 * the items: DynamoDB Local charges a transaction on its total size, while DynamoDB charges
 * 2 units per KB of each item in it; and a BatchGetItem is charged per item, rounded up to 4 KB.
 * Updated items are counted at `updateUnits` (counter items stay under 1 KB; the usage bench
 * measures the largest one).
 */
export function meteredClient(
  client: { send: (c: any, ...r: any[]) => Promise<any> },
  opts: { updateUnits?: number } = {},
) {
  const original = client.send;
  const updateUnits = opts.updateUnits ?? 1;
  const m = {
    requests: 0,
    read: 0,
    write: 0,
    billedRead: 0,
    billedWrite: 0,
    /** Updates inside transactions, each counted at `updateUnits` (re-price them once the item sizes are known). */
    txUpdates: 0,
    byCommand: {} as Record<string, number>,
    reset() {
      Object.assign(m, { requests: 0, read: 0, write: 0, billedRead: 0, billedWrite: 0, txUpdates: 0, byCommand: {} });
    },
    restore() {
      client.send = original;
    },
  };
  const isRead = (name: string) => /Get|Query|Scan/.test(name);
  client.send = async (command: any, ...rest: any[]) => {
    m.requests++;
    const name = String(command.constructor.name).replace(/Command$/, '');
    m.byCommand[name] = (m.byCommand[name] ?? 0) + 1;
    const input = command.input ?? {};
    if (input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
    let reported = 0;
    try {
      const out = await original.call(client, command, ...rest);
      const cc = out?.ConsumedCapacity;
      for (const c of Array.isArray(cc) ? cc : cc ? [cc] : []) reported += c.CapacityUnits ?? 0;
      if (isRead(name)) m.read += reported;
      else m.write += reported;
      if (name === 'TransactWriteItems') {
        for (const t of input.TransactItems ?? []) {
          if (t.Put) m.billedWrite += 2 * Math.max(1, Math.ceil(itemSize(t.Put.Item) / 1024));
          else if (t.Update) {
            m.billedWrite += 2 * updateUnits;
            m.txUpdates++;
          } else m.billedWrite += 2;
        }
      } else if (name === 'BatchGetItem') {
        for (const [table, req] of Object.entries(input.RequestItems ?? {}) as [string, any][]) {
          const per = req.ConsistentRead ? 1 : 0.5;
          const found = (out?.Responses?.[table] ?? []) as Record<string, Av>[];
          for (const item of found) m.billedRead += per * Math.max(1, Math.ceil(itemSize(item) / 4096));
          // A key that finds nothing is still a read; counted at the minimum.
          m.billedRead +=
            per * Math.max(0, req.Keys.length - found.length - (out?.UnprocessedKeys?.[table]?.Keys?.length ?? 0));
        }
      } else if (isRead(name)) m.billedRead += reported;
      else m.billedWrite += reported;
      return out;
    } catch (e) {
      // A failed conditional write is still billed (one unit per KB); a cancelled transaction
      // is not counted here (DynamoDB Local reports nothing for it).
      if (isConditionFailure(e) && !isRead(name)) {
        m.write += 1;
        m.billedWrite += 1;
      }
      throw e;
    }
  };
  return m;
}

/** A poison store in memory: what the consumer refused, with its reason. */
export class MemoryPoison implements PoisonStore {
  readonly records: PoisonRecord[] = [];
  async record(p: PoisonRecord) {
    this.records.push(p);
  }
  async list() {
    return this.records;
  }
}
