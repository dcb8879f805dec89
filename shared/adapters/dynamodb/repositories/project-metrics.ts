import { GetCommand, QueryCommand, type QueryCommandInput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item } from '#shared/adapters/dynamodb/codec';
import { isTransactionCanceled } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type {
  MembershipChange,
  MetricsStore,
  MrrTotal,
  RevenueAmounts,
  RevenueDay,
  StoredMembership,
  SubscriptionCount,
  SubscriptionDay,
} from '#shared/domain/metrics/ports';

export const membershipItem = defineEntity<StoredMembership & { projectId: string; workspaceId: string }>({
  entity: 'metrics_membership',
  version: 1,
  keys: (m) => keys.metricsMembership(m.projectId, m.workspaceId),
  encode: ({ projectId: _p, workspaceId, rev, ...m }) => ({ workspace_id: workspaceId, rev, membership: m }),
  decode: (item) => {
    const a = attributes('metrics_membership', item);
    const m = a.doc<Omit<StoredMembership, 'rev'>>('membership');
    return { ...m, rev: a.num('rev'), projectId: '', workspaceId: a.str('workspace_id') };
  },
});

const REVENUE_FIELDS = ['collected', 'refunds', 'credit_packs', 'out_of_band', 'invoices'] as const;
const DAY_FIELDS = ['trials_started', 'trial_conversions', 'cancellations', 'live_delta'] as const;

/** An UpdateItem that adds numbers to a counter item (created on first use, with its entity). */
function addTo(
  tableName: string,
  key: Item,
  entity: string,
  deltas: Record<string, number>,
  set: Record<string, string> = {},
) {
  const names: Record<string, string> = { '#entity': 'entity', '#v': 'v' };
  const values: Record<string, unknown> = { ':entity': entity, ':v': 1 };
  const adds: string[] = [];
  const sets = ['#entity = :entity', '#v = :v'];
  Object.entries(deltas).forEach(([k, d], i) => {
    names[`#a${i}`] = k;
    values[`:a${i}`] = d;
    adds.push(`#a${i} :a${i}`);
  });
  Object.entries(set).forEach(([k, v], i) => {
    names[`#s${i}`] = k;
    values[`:s${i}`] = v;
    sets.push(`#s${i} = :s${i}`);
  });
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A condition that no longer holds, or another transaction on the same counters: read again and retry. */
const retryable = (e: unknown) =>
  isTransactionCanceled(e) &&
  (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');

const n = (item: Item, k: string) => (typeof item[k] === 'number' ? (item[k] as number) : 0);

/** Project metrics counters (see keys.ts, the metrics group); every change is one transaction. */
export function projectMetricsRepository({ doc, tableName }: TableContext) {
  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await doc.send(new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }));
      out.push(...((r.Items ?? []) as Item[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }
  const prefix = (projectId: string, p: string) =>
    queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.metricsPk(projectId), ':p': p },
    });
  const between = (projectId: string, lo: string, hi: string) =>
    queryAll({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': keys.metricsPk(projectId), ':lo': lo, ':hi': hi },
    });

  return {
    async getMembership(projectId: string, workspaceId: string): Promise<StoredMembership | undefined> {
      const r = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.metricsMembership(projectId, workspaceId),
          ConsistentRead: true,
        }),
      );
      if (!r.Item) return undefined;
      const { projectId: _p, workspaceId: _w, ...m } = membershipItem.fromItem(r.Item);
      return m;
    },

    async applyMembership(c: MembershipChange): Promise<boolean> {
      const rev = (c.previous?.rev ?? 0) + 1;
      const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
        {
          Put: {
            TableName: tableName,
            Item: membershipItem.toItem({ ...c.next, rev, projectId: c.projectId, workspaceId: c.workspaceId }),
            ConditionExpression: c.previous ? '#rev = :rev' : 'attribute_not_exists(PK)',
            ...(c.previous
              ? { ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': c.previous.rev } }
              : {}),
          },
        },
      ];
      for (const [k, d] of Object.entries(c.counts)) {
        const [status, plan] = [k.slice(0, k.indexOf('#')), k.slice(k.indexOf('#') + 1)];
        items.push(
          addTo(
            tableName,
            keys.metricsCount(c.projectId, status, plan),
            'metrics_count',
            { count: d },
            { status, plan },
          ),
        );
      }
      for (const [currency, m] of Object.entries(c.mrr)) {
        items.push(
          addTo(
            tableName,
            keys.metricsMrr(c.projectId, currency),
            'metrics_mrr',
            { amount: m.amount, subscriptions: m.subscriptions },
            { currency },
          ),
        );
      }
      if (Object.keys(c.dayDelta).length) {
        items.push(
          addTo(
            tableName,
            keys.metricsSubscriptionDay(c.projectId, c.day),
            'metrics_subscription_day',
            c.dayDelta as Record<string, number>,
            { day: c.day },
          ),
        );
      }
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (e) {
        if (retryable(e)) return false;
        throw e;
      }
    },

    async countSource(
      projectId: string,
      sourceKey: string,
      level: number,
      day: string,
      currency: string,
      amounts: (added: number) => RevenueAmounts,
    ): Promise<number> {
      const key = keys.metricsSource(projectId, sourceKey);
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        const counted = r.Item ? n(r.Item, 'level') : 0;
        if (level <= counted) return 0;
        const added = level - counted;
        const deltas = Object.fromEntries(
          Object.entries(amounts(added)).filter(([, v]) => v !== undefined && v !== 0),
        ) as Record<string, number>;
        try {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...key, entity: 'metrics_source', v: 1, source: sourceKey, level, day, currency },
                    ConditionExpression: r.Item ? '#level = :counted' : 'attribute_not_exists(PK)',
                    ...(r.Item
                      ? {
                          ExpressionAttributeNames: { '#level': 'level' },
                          ExpressionAttributeValues: { ':counted': counted },
                        }
                      : {}),
                  },
                },
                addTo(tableName, keys.metricsRevenueDay(projectId, day, currency), 'metrics_revenue_day', deltas, {
                  day,
                  currency,
                }),
              ],
            }),
          );
          return added;
        } catch (e) {
          if (retryable(e)) continue;
          throw e;
        }
      }
      throw new Error(`revenue source ${sourceKey} kept moving during 5 attempts`);
    },

    async readCounts(projectId: string): Promise<SubscriptionCount[]> {
      return (await prefix(projectId, 'C#')).map((i) => ({
        status: String(i.status),
        plan: String(i.plan),
        count: n(i, 'count'),
      }));
    },

    async readMrr(projectId: string): Promise<MrrTotal[]> {
      return (await prefix(projectId, 'M#')).map((i) => ({
        currency: String(i.currency),
        amount: n(i, 'amount'),
        subscriptions: n(i, 'subscriptions'),
      }));
    },

    async readSubscriptionDays(projectId: string, from: string, to: string): Promise<SubscriptionDay[]> {
      return (await between(projectId, `S#${from}`, `S#${to}`)).map(
        (i) => ({ day: String(i.day), ...Object.fromEntries(DAY_FIELDS.map((f) => [f, n(i, f)])) }) as SubscriptionDay,
      );
    },

    async readRevenueDays(projectId: string, from: string, to: string): Promise<RevenueDay[]> {
      return (await between(projectId, `R#${from}`, `R#${to}#~`)).map(
        (i) =>
          ({
            day: String(i.day),
            currency: String(i.currency),
            ...Object.fromEntries(REVENUE_FIELDS.map((f) => [f, n(i, f)])),
          }) as RevenueDay,
      );
    },
  } satisfies MetricsStore;
}
