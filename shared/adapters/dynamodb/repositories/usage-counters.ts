import { QueryCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import {
  type AvItem,
  canonicalDecimal,
  exact,
  fromAvItem,
  keyAv,
  lowLevel,
  N,
  S,
} from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { CounterItem } from '#shared/domain/metering/counters';
import type { GroupWrite, LimitGuard, WorkspaceRef } from '#shared/domain/usage/ports';

/** Counters stay for reports a year back. */
const COUNTER_RETENTION_SECONDS = 400 * 86_400;

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

type StoredCounter = CounterItem & WorkspaceRef;

/**
 * ONE item per (workspace, meter, billing window): the window total plus sub-totals per calendar
 * month (`m_YYYY-MM`) and per UTC day (`d_YYYY-MM-DD`), all exact decimals (see
 * shared/domain/metering/counters.ts). Written only by ADD updates (`counterUpdate`); `encode`
 * says which attributes that update maintains.
 */
export const usageCounterItem = defineEntity<StoredCounter>({
  entity: 'usage_counter',
  version: 1,
  keys: (c) => keys.usageCounterItem(c.projectId, c.workspaceId, c.meter, c.window, c.segment),
  encode: (c) => ({
    meter: c.meter,
    window_start: c.window.start,
    window_end: c.window.end,
    ...(c.segment ? { segment_start: c.segment.start, segment_end: c.segment.end } : {}),
    total: exact(c.total),
    ...Object.fromEntries(Object.entries(c.months).map(([k, v]) => [`m_${k}`, exact(v)])),
    ...Object.fromEntries(Object.entries(c.days).map(([k, v]) => [`d_${k}`, exact(v)])),
    expires_at: epoch(c.window.end) + COUNTER_RETENTION_SECONDS,
  }),
  decode: (item) => ({ ...workspaceRefOf(item), ...counterFromItem(item) }),
});

/** The workspace a collection item belongs to, from its partition key `W#<project>#<workspace>`. */
export function workspaceRefOf(item: Item): WorkspaceRef {
  const m = /^W#([^#]+)#(.+)$/.exec(typeof item.PK === 'string' ? item.PK : '');
  return { projectId: m?.[1] ?? '', workspaceId: m?.[2] ?? '' };
}

/** A counter item read with its numbers kept as exact text. */
function counterFromItem(item: Item): CounterItem {
  const a = attributes('usage_counter', item);
  const months: Record<string, string> = {};
  const days: Record<string, string> = {};
  for (const k of Object.keys(item)) {
    if (k.startsWith('m_')) months[k.slice(2)] = canonicalDecimal(a.decimal(k));
    else if (k.startsWith('d_')) days[k.slice(2)] = canonicalDecimal(a.decimal(k));
  }
  return {
    meter: a.str('meter'),
    window: { start: a.str('window_start'), end: a.str('window_end') },
    ...(item.segment_start ? { segment: { start: a.str('segment_start'), end: a.str('segment_end') } } : {}),
    total: canonicalDecimal(a.decimal('total', '0')),
    months,
    days,
  };
}

/** A counter as the low-level client returns it. */
export const counterFromAv = (item: AvItem): CounterItem => counterFromItem(fromAvItem(item, 'string'));

/**
 * The update adding one group's exact sum to its counter item (creating it on first use), with
 * the day sub-totals old enough to drop removed. With a guard, the counter's view must still be
 * at most `maxBefore`: the check-and-consume of a hard limit.
 */
export function counterUpdate(table: string, w: GroupWrite): TransactWriteItem {
  const names: Record<string, string> = {
    '#e': 'entity',
    '#v': 'v',
    '#mt': 'meter',
    '#ws': 'window_start',
    '#we': 'window_end',
    '#x': 'expires_at',
    '#t': 'total',
  };
  const values: AvItem = {
    ':e': S(usageCounterItem.entity),
    ':v': N(usageCounterItem.version),
    ':mt': S(w.delta.meter),
    ':ws': S(w.delta.window.start),
    ':we': S(w.delta.window.end),
    ':x': N(epoch(w.delta.window.end) + COUNTER_RETENTION_SECONDS),
    ':t': N(w.delta.total),
  };
  const sets = ['#e = :e', '#v = :v', '#mt = :mt', '#ws = :ws', '#we = :we', '#x = if_not_exists(#x, :x)'];
  if (w.delta.segment) {
    Object.assign(names, { '#ss': 'segment_start', '#se': 'segment_end' });
    Object.assign(values, { ':ss': S(w.delta.segment.start), ':se': S(w.delta.segment.end) });
    sets.push('#ss = :ss', '#se = :se');
  }
  const adds = ['#t :t'];
  Object.entries(w.delta.months).forEach(([k, v], i) => {
    names[`#m${i}`] = `m_${k}`;
    values[`:m${i}`] = N(v);
    adds.push(`#m${i} :m${i}`);
  });
  Object.entries(w.delta.days).forEach(([k, v], i) => {
    names[`#d${i}`] = `d_${k}`;
    values[`:d${i}`] = N(v);
    adds.push(`#d${i} :d${i}`);
  });
  const removes = w.delta.pruneDays.map((d, j) => {
    names[`#p${j}`] = `d_${d}`;
    return `#p${j}`;
  });
  let condition: string | undefined;
  if (w.guard) {
    names['#g'] = w.guard.attr;
    values[':gmax'] = N(w.guard.maxBefore);
    condition = 'attribute_not_exists(#g) OR #g <= :gmax';
  }
  return {
    Update: {
      TableName: table,
      Key: keyAv(keys.usageCounterItem(w.projectId, w.workspaceId, w.delta.meter, w.delta.window, w.delta.segment)),
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: condition ? 'ALL_OLD' : undefined,
    },
  };
}

/** The guard's other half: another counter item holding part of the view still holds what was read. */
export function counterUnchanged(table: string, w: GroupWrite, o: LimitGuard['others'][number]): TransactWriteItem {
  const unchanged = o.value === '0' ? 'attribute_not_exists(#a) OR #a = :v' : '#a = :v';
  return {
    ConditionCheck: {
      TableName: table,
      Key: keyAv(keys.usageCounterItem(w.projectId, w.workspaceId, w.delta.meter, o.window, o.segment)),
      ConditionExpression: unchanged,
      ExpressionAttributeNames: { '#a': o.attr },
      ExpressionAttributeValues: { ':v': N(o.value) },
    },
  };
}

export function usageCounterRepository(ctx: TableContext) {
  const client = lowLevel(ctx);
  return {
    /** Counter items whose window ends in [fromEnd, toEnd], for reports. */
    async countersEndingBetween(ref: WorkspaceRef, fromEnd: string, toEnd: string): Promise<CounterItem[]> {
      const out: CounterItem[] = [];
      let start: AvItem | undefined;
      do {
        const r = await client.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
            ExpressionAttributeValues: {
              ':pk': S(keys.workspacePk(ref.projectId, ref.workspaceId)),
              ':a': S(keys.usageCounterFrom(fromEnd)),
              ':b': S(`${keys.usageCounterFrom(toEnd)}#\uffff`),
            },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of r.Items ?? []) if (item.entity?.S === usageCounterItem.entity) out.push(counterFromAv(item));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },
  };
}
