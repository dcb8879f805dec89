import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { memoryBus } from '#shared/adapters/events/bus';
import { catalog } from '#shared/domain/catalog/catalog';
import { adjustCredits } from '#shared/domain/credits/adjust';
import { readCredits } from '#shared/domain/credits/balance';
import { consumeCredits } from '#shared/domain/credits/consume';
import { replay } from '#shared/domain/credits/ledger';
import type { CreditPorts } from '#shared/domain/credits/ports';
import { type Benchmark, countRequests, measure, summarize } from './harness';

const PROJECT = 'bench_credits';
const CONSUMERS = 16;

/**
 * Credit consumption on the local DynamoDB: one consume's requests, write units and latency
 * beside a naive read-check-write (GetItem then an unconditional UpdateItem) on the same table;
 * then 16 concurrent consumers on one hot workspace with demand twice its balance: consumes/s,
 * transaction attempts per consume, and overdraft, beside the naive loop under the same load.
 */
export const credits: Benchmark = {
  name: 'credits',
  description:
    'credit consume: requests and WCU per consume, latency, 16 concurrent consumers vs a naive read-check-write',
  async run(ctx) {
    await ctx.stack();
    const table = tableFromConfig();
    const ports: CreditPorts = {
      credits: creditLedgerRepository(table),
      catalog: { forProject: async () => catalog },
      history: historyRepository(table),
      bus: memoryBus(),
      clock: () => new Date(),
      graceDays: 7,
    };
    const workspaces = workspaceRepository(table);
    const fund = async (ws: string, amount: number) => {
      await workspaces.upsert(
        PROJECT,
        ws,
        { name: 'Bench', email: 'b@example.com', country: 'US', currency: 'usd' },
        new Date().toISOString(),
      );
      await adjustCredits(
        ports,
        PROJECT,
        { workspace_id: ws, amount, reason: 'bench' },
        { keyId: 'bench', idempotencyKey: `fund-${ws}` },
      );
    };
    const naiveKey = (ws: string) => ({ PK: `BENCH#${ws}`, SK: 'BALANCE' });
    const naiveConsume = async (ws: string, cost: number): Promise<boolean> => {
      const r = await table.doc.send(
        new GetCommand({ TableName: table.tableName, Key: naiveKey(ws), ConsistentRead: true }),
      );
      if (((r.Item?.balance as number) ?? 0) < cost) return false;
      await table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: naiveKey(ws),
          UpdateExpression: 'SET balance = balance - :c',
          ExpressionAttributeValues: { ':c': cost },
        }),
      );
      return true;
    };
    const run = Date.now();
    const iterations = Math.min(ctx.iterations, 200);

    // One consumer: requests, capacity and latency per consume.
    const solo = `ws_solo_${run}`;
    await fund(solo, 1_000_000);
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...naiveKey(solo), balance: 1_000_000 } }),
    );
    const counter = countRequests(table.doc);
    let n = 0;
    const tollgate = await measure(
      async () => {
        await consumeCredits(ports, PROJECT, {
          workspace_id: solo,
          event_name: 'api_call_basic',
          quantity: 1,
          idempotency_key: `s-${n++}`,
        });
      },
      { iterations, warmup: ctx.warmup, beforeMeasured: () => counter.reset() },
    );
    const perConsume = { requests: counter.requests / iterations, capacity: counter.capacityUnits / iterations };
    counter.reset();
    const naive = await measure(async () => void (await naiveConsume(solo, 1)), {
      iterations,
      warmup: ctx.warmup,
      beforeMeasured: () => counter.reset(),
    });
    const naivePer = { requests: counter.requests / iterations, capacity: counter.capacityUnits / iterations };

    // 16 consumers on one hot workspace, asking for twice what it holds.
    const perConsumer = Math.max(5, Math.floor(iterations / 8));
    const cost = 10;
    const hot = `ws_hot_${run}`;
    await fund(hot, (CONSUMERS * perConsumer * cost) / 2);
    // What the workspace holds: the funding and the default plan's month, allocated as it was funded.
    const supply = (await readCredits(ports, { projectId: PROJECT, workspaceId: hot })).balance;
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { ...naiveKey(hot), balance: supply } }));
    counter.reset();
    let ok = 0;
    let refused = 0;
    let t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONSUMERS }, async (_, c) => {
        for (let i = 0; i < perConsumer; i++) {
          try {
            await consumeCredits(ports, PROJECT, {
              workspace_id: hot,
              event_name: 'storage_gb_month',
              quantity: 1,
              idempotency_key: `h-${c}-${i}`,
            });
            ok += 1;
          } catch (e) {
            if ((e as { statusCode?: number }).statusCode !== 402) throw e;
            refused += 1;
          }
        }
      }),
    );
    const hotSeconds = (performance.now() - t0) / 1000;
    const attempts = counter.byCommand.TransactWriteCommand ?? 0;
    const entries = await ports.credits.allEntries(PROJECT, hot);
    const rebuilt = replay(entries);
    const overdraft = Math.max(0, ok * cost - supply);
    let naiveOk = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONSUMERS }, async () => {
        for (let i = 0; i < perConsumer; i++) if (await naiveConsume(hot, cost)) naiveOk += 1;
      }),
    );
    const naiveSeconds = (performance.now() - t0) / 1000;
    const naiveLeft =
      ((await table.doc.send(new GetCommand({ TableName: table.tableName, Key: naiveKey(hot), ConsistentRead: true })))
        .Item?.balance as number) ?? 0;
    counter.restore();

    const t = summarize(tollgate);
    const b = summarize(naive);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      tables: [
        {
          title: `Credit consume, one consumer (${iterations} consumes)`,
          columns: ['path', 'p50 ms', 'p99 ms', 'requests/consume', 'capacity units/consume'],
          rows: [
            [
              'consumeCredits (read + one transaction)',
              t.p50_ms,
              t.p99_ms,
              r2(perConsume.requests),
              r2(perConsume.capacity),
            ],
            ['baseline: naive GetItem + UpdateItem', b.p50_ms, b.p99_ms, r2(naivePer.requests), r2(naivePer.capacity)],
          ],
          notes: [
            'capacity as DynamoDB Local reports it (ReturnConsumedCapacity TOTAL): the consistent Query and the transaction writing the balance, the entry and the key marker',
          ],
        },
        {
          title: `${CONSUMERS} concurrent consumers on one workspace (${CONSUMERS * perConsumer} consumes of ${cost} credits against ${supply})`,
          columns: [
            'path',
            'consumes/s',
            'debited',
            'refused (402)',
            'transactions/debit',
            'overdraft credits',
            'balance after',
          ],
          rows: [
            [
              'consumeCredits',
              r2((ok + refused) / hotSeconds),
              ok,
              refused,
              r2(attempts / Math.max(1, ok)),
              overdraft,
              rebuilt.purchased + rebuilt.subscription,
            ],
            [
              'baseline: naive read-check-write',
              r2((CONSUMERS * perConsumer) / naiveSeconds),
              naiveOk,
              CONSUMERS * perConsumer - naiveOk,
              1,
              Math.max(0, naiveOk * cost - supply),
              naiveLeft,
            ],
          ],
          notes: [
            `ledger rebuilt from its ${entries.length} entries: ${rebuilt.problems.length ? rebuilt.problems.join('; ') : 'matches, never below zero'}`,
          ],
        },
      ],
      results: {
        solo: { tollgate: { ...t, ...perConsume }, naive: { ...b, ...naivePer } },
        hot: {
          consumers: CONSUMERS,
          consumes: CONSUMERS * perConsumer,
          supply,
          debited: ok,
          refused,
          consumes_per_s: (ok + refused) / hotSeconds,
          attempts_per_debit: attempts / Math.max(1, ok),
          overdraft,
          naive: {
            debited: naiveOk,
            consumes_per_s: (CONSUMERS * perConsumer) / naiveSeconds,
            balance_after: naiveLeft,
          },
        },
      },
    };
  },
};
