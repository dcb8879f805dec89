import { BatchGetItemCommand, type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import { computeEntitlements, type EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import { buildDelta } from '#shared/domain/metering/counters';
import { type Bounds, billingWindow, counterParts, counterSegment } from '#shared/domain/metering/windows';
import { DEMO } from '../dev/seed';
import { subscriptionSnapshot } from '../test/support/snapshots';
import { itemSize } from '../test/support/usage-fixtures';

const DAY_MS = 86_400_000;

export async function seedWorkspaces(table: TableContext, ids: string[]) {
  const now = new Date().toISOString();
  for (let i = 0; i < ids.length; i += 25) {
    await table.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.tableName]: ids.slice(i, i + 25).map((id) => ({
            PutRequest: {
              Item: {
                ...keys.workspace(DEMO.projectId, id),
                ...keys.workspaceIndex(DEMO.projectId, id),
                entity: 'workspace',
                project_id: DEMO.projectId,
                workspace_id: id,
                name: id,
                email: `${id}@bench.example`,
                country: 'IN',
                currency: 'inr',
                created_at: now,
                updated_at: now,
              },
            },
          })),
        },
      }),
    );
  }
}

/** A workspace on a yearly Pro subscription that started 330 days ago (its window's 12th month is the current one). */
export async function seedYearlySubscription(table: TableContext, id: string, now: Date): Promise<EntitlementSnapshot> {
  const start = new Date(Math.floor((now.getTime() - 330 * DAY_MS) / 60_000) * 60_000);
  const end = new Date(start);
  end.setUTCFullYear(start.getUTCFullYear() + 1);
  const subscription = subscriptionSnapshot({
    subscription_id: `sub_${id}`,
    customer_id: `cus_${id}`,
    interval: 'year',
    current_period_start: start.toISOString(),
    current_period_end: end.toISOString(),
    started_at: start.toISOString(),
  });
  const snapshot = computeEntitlements({
    workspaceId: id,
    subscription,
    plans: catalogPlans(),
    grants: [],
    now,
    graceDays: 7,
  });
  await entitlementSnapshotRepository(table).putEntitlements(DEMO.projectId, id, snapshot);
  return snapshot;
}

/**
 * Writes a day total for every day of the counter item (`ai_credits`) that usage at `now` counts
 * in, and of every earlier segment of its window: the item as it stands on the last day of its
 * window or month, the largest it gets. Each day total has 7 significant digits (a day of
 * 1,234,567 units is as large) but a tiny value, so the fill reaches no limit's threshold.
 */
export async function fillDays(table: TableContext, ids: string[], billing: EntitlementSnapshot | null, now: Date) {
  const store = usageStore(table);
  const window = billingWindow(now, billing?.billing_period ?? null, billing?.billing_span);
  const parts = counterParts(window, window.start, now.toISOString());
  const write = async (id: string) => {
    for (const part of parts) {
      const b = part.segment ?? part.window;
      const events = [];
      for (let d = Date.parse(b.start); d < Date.parse(b.end); d += DAY_MS)
        events.push({ value: (0.001 + ((d / DAY_MS) % 997) / 1e9).toFixed(9), timestamp: new Date(d).toISOString() });
      const r = await store.commitGroup({
        projectId: DEMO.projectId,
        workspaceId: id,
        delta: buildDelta('ai_credits', window, events),
        events: [],
        countedAt: now.toISOString(),
      });
      if (!r.ok) throw new Error(`filling ${id}'s day totals failed: ${r.reason ?? 'conflict'}`);
    }
  };
  for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map(write));
}

/** The largest of the counter items (`ai_credits`) that usage at `now` counts in, by DynamoDB's size rules. */
export async function largestCounter(
  client: DynamoDBClient,
  tableName: string,
  ids: string[],
  billing: EntitlementSnapshot | null,
  now: Date,
): Promise<number> {
  const window: Bounds = billingWindow(now, billing?.billing_period ?? null, billing?.billing_span);
  const segment = counterSegment(window, now);
  let largest = 0;
  for (let i = 0; i < ids.length; i += 100) {
    const Keys = ids.slice(i, i + 100).map((id) => {
      const k = keys.usageCounterItem(DEMO.projectId, id, 'ai_credits', window, segment);
      return { PK: { S: k.PK }, SK: { S: k.SK } };
    });
    const r = await client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys } } }));
    for (const item of r.Responses?.[tableName] ?? []) largest = Math.max(largest, itemSize(item as never));
  }
  return largest;
}

/**
 * The naive pipeline every team writes first: per message, a conditional Put of an idempotency
 * record, then an UpdateItem ADD on the counter. Two requests per event and not crash-safe
 * (a crash between the two loses the count for good), measured here for its cost and speed.
 */
export async function naiveBatch(
  client: DynamoDBClient,
  tableName: string,
  events: { ws: string; key: string; value: string; at: string }[],
) {
  for (const e of events) {
    const pk = keys.workspacePk(DEMO.projectId, e.ws);
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { PK: { S: pk }, SK: { S: `NAIVE#D#${e.key}` }, entity: { S: 'naive_dedupe' }, value: { N: e.value } },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) continue;
      throw err;
    }
    const w = billingWindow(new Date(e.at), null);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { PK: { S: pk }, SK: { S: `NAIVE#U#${w.end}#ai_credits` } },
        UpdateExpression: 'ADD #t :v',
        ExpressionAttributeNames: { '#t': 'total' },
        ExpressionAttributeValues: { ':v': { N: e.value } },
      }),
    );
  }
}
