import Big from 'big.js';
import { GetItemCommand, QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Plan } from '../../domain/catalog/plans';
import type { EntitlementSnapshot, Grant } from '../../domain/entitlements/snapshot';
import type { SubscriptionSnapshot } from '../../domain/subscriptions/snapshot';
import type { Workspace } from '../../domain/tenancy/types';
import type { Bounds, CounterItem } from '../../domain/usage/counters';
import type { TableContext } from './client';
import { keys } from './keys';
import { workspaceFromItem } from './workspace-repository';

/**
 * Counters are read with the low-level client: the document client turns DynamoDB numbers into
 * doubles, which would undo the exact decimals the counters store. Commands go through the
 * table's shared client (same connection pool and middleware), only the marshalling is ours.
 */
export type Av = AttributeValue;
export type AvItem = Record<string, AttributeValue>;

export const lowLevel = (ctx: TableContext) => ctx.doc as unknown as DynamoDBClient;

export function fromAv(v: Av, numbers: 'string' | 'number' = 'number'): unknown {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return numbers === 'string' ? v.N : Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.M !== undefined) return fromAvItem(v.M, numbers);
  if (v.L !== undefined) return v.L.map((x) => fromAv(x, numbers));
  if (v.SS !== undefined) return new Set(v.SS);
  if (v.NS !== undefined) return new Set(v.NS.map((n) => (numbers === 'string' ? n : Number(n))));
  if (v.B !== undefined) return v.B;
  return undefined;
}

export function fromAvItem(item: AvItem, numbers: 'string' | 'number' = 'number'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) out[k] = fromAv(v, numbers);
  return out;
}

export const S = (s: string): Av => ({ S: s });
/** Numbers go over the wire as their decimal text, so nothing is lost on the way in either. */
export const N = (n: string | number): Av => ({ N: String(n) });

export const keyAv = (k: { PK: string; SK: string }): AvItem => ({ PK: S(k.PK), SK: S(k.SK) });

/** DynamoDB may answer `100.0` for what was written as `100`; counters are compared as text. */
export const canonicalDecimal = (n: string): string => new Big(n).toFixed();

export function counterFromItem(item: AvItem): CounterItem {
  const months: Record<string, string> = {};
  const days: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) {
    if (v.N === undefined) continue;
    if (k.startsWith('m_')) months[k.slice(2)] = canonicalDecimal(v.N);
    else if (k.startsWith('d_')) days[k.slice(2)] = canonicalDecimal(v.N);
  }
  return {
    meter: item.meter?.S ?? '',
    window: { start: item.window_start?.S ?? '', end: item.window_end?.S ?? '' },
    total: canonicalDecimal(item.total?.N ?? '0'),
    months,
    days,
  };
}

export interface ThresholdItem {
  meter: string;
  window: Bounds;
  flags: Record<string, string>;
}

export function thresholdsFromItem(item: AvItem): ThresholdItem {
  const flags: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) if (/^f\d+_/.test(k) && v.S !== undefined) flags[k] = v.S;
  return { meter: item.meter?.S ?? '', window: { start: item.window_start?.S ?? '', end: item.window_end?.S ?? '' }, flags };
}

/** The items of a workspace collection that the entitlement read and the usage API use. */
export interface WorkspaceCollection {
  profile?: Workspace;
  subscription?: SubscriptionSnapshot;
  entitlements?: EntitlementSnapshot;
  grants: Grant[];
  counters: CounterItem[];
  thresholds: ThresholdItem[];
}

export function collectionFromItems(items: AvItem[]): WorkspaceCollection {
  const out: WorkspaceCollection = { grants: [], counters: [], thresholds: [] };
  for (const item of items) {
    const entity = item.entity?.S;
    const sk = item.SK?.S ?? '';
    if (entity === 'usage_counter') out.counters.push(counterFromItem(item));
    else if (entity === 'usage_thresholds') out.thresholds.push(thresholdsFromItem(item));
    else if (sk === 'X#PROFILE') out.profile = workspaceFromItem(fromAvItem(item));
    else if (sk === 'X#ENTITLEMENTS' && item.snapshot) out.entitlements = fromAv(item.snapshot) as EntitlementSnapshot;
    else if (sk === 'X#SUBSCRIPTION' && item.snapshot) out.subscription = fromAv(item.snapshot) as SubscriptionSnapshot;
    else if (sk.startsWith('X#GRANT#') && item.grant) out.grants.push(fromAv(item.grant) as Grant);
  }
  return out;
}

export function entitlementReadRepository(ctx: TableContext) {
  const client = lowLevel(ctx);
  return {
    /**
     * ONE Query over the workspace's item collection: every counter whose window ends at or
     * after `cutOff` plus the `X#` items (profile, subscription, entitlements, grants), which
     * sort after all counters. Eventually consistent reads cost half; the entitlement check
     * tolerates a counter a fraction of a second old.
     */
    async readWorkspace(projectId: string, workspaceId: string, opts: { cutOff: string; consistent?: boolean }): Promise<WorkspaceCollection> {
      const items: AvItem[] = [];
      let start: AvItem | undefined;
      do {
        const r = await client.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: 'PK = :pk AND SK >= :from',
            ExpressionAttributeValues: { ':pk': S(keys.workspacePk(projectId, workspaceId)), ':from': S(keys.usageCounterFrom(opts.cutOff)) },
            ConsistentRead: opts.consistent ?? false,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(r.Items ?? []));
        start = r.LastEvaluatedKey;
      } while (start);
      return collectionFromItems(items);
    },

    /** The plans as last cached from Stripe; only needed before a workspace's first snapshot. */
    async cachedPlans(): Promise<Plan[] | undefined> {
      const r = await client.send(new GetItemCommand({ TableName: ctx.tableName, Key: keyAv(keys.planCache()) }));
      const plans = r.Item?.plans?.S;
      return plans ? (JSON.parse(plans) as Plan[]) : undefined;
    },
  };
}

export type EntitlementReadRepository = ReturnType<typeof entitlementReadRepository>;
