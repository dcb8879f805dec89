import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SDK_LOGGER_MIDDLEWARE, type TableContext, tableFromConfig } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { reloadConfig } from '#shared/config';
import { buildDelta } from '#shared/domain/metering/counters';
import { billingWindow, counterCutOff } from '#shared/domain/metering/windows';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { checkExceededRoute, checkFeatureRoute, getEntitlementsRoute } from '#shared/http/routes/entitlements';
import { freshTable } from '../support/local';
import { seedWorkspace } from '../support/usage-fixtures';
import { apiEvent, call, type Invoke } from '../unit/support/apigw';

/**
 * The entitlement check's budget (bench/entitlements.ts: handler p50 at most 1.3x a raw Query of
 * the same item collection) is a time ratio, and times depend on the machine. What it rests on
 * does not, so this counts the work of a warm check instead: the DynamoDB requests it sends
 * (the raw Query's one), no API-key read, no validation of its own answer, and no SDK log
 * filtering of what DynamoDB returns.
 */
const READER = 'tg_test_check_work_reader_key_00000';
const WS = 'ws_work';

describe('a warm entitlement check does the work of one raw Query', () => {
  let table: TableContext;
  const h: Record<string, Invoke> = {};
  const sent: string[] = [];
  const validated: string[] = [];

  const check = (name: 'get' | 'feature' | 'exceeded') => {
    const at: Record<typeof name, { routePath: string; rawPath: string; pathParameters: Record<string, string> }> = {
      get: {
        routePath: getEntitlementsRoute.path,
        rawPath: `/api/v1/entitlements/${WS}`,
        pathParameters: { workspace_id: WS },
      },
      feature: {
        routePath: checkFeatureRoute.path,
        rawPath: `/api/v1/entitlements/${WS}/feature/ai_assistant`,
        pathParameters: { workspace_id: WS, feature: 'ai_assistant' },
      },
      exceeded: {
        routePath: checkExceededRoute.path,
        rawPath: `/api/v1/entitlements/${WS}/usage/ai_credits/exceeded`,
        pathParameters: { workspace_id: WS, meter: 'ai_credits' },
      },
    };
    return call(h[name], apiEvent({ method: 'GET', ...at[name], headers: { authorization: `Bearer ${READER}` } }));
  };

  beforeAll(async () => {
    table = await freshTable('work');
    await apiKeyRepository(table).putApiKey({
      keyId: 'key_reader',
      hash: hashApiKey(READER),
      prefix: 'tg_test_che',
      projectId: 'p1',
      appId: 'a',
      name: 'reader',
      scopes: ['entitlements:read'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    const snapshot = await seedWorkspace(table, 'p1', WS, { customerId: 'cus_work', plan: 'pro' });
    const now = new Date();
    for (const meter of ['ai_credits', 'whatsapp_messages', 'email_sends']) {
      const evs = [{ meter, idempotencyKey: `${meter}-1`, value: '12.5', timestamp: now.toISOString() }];
      await usageStore(table).commitGroup({
        projectId: 'p1',
        workspaceId: WS,
        delta: buildDelta(meter, billingWindow(now, snapshot!.billing_period), evs, now),
        events: evs,
        countedAt: now.toISOString(),
      });
    }
    Object.assign(process.env, { TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: inject('dynamodbEndpoint') });
    reloadConfig();
    // What the handlers send, through the one client they share.
    const doc = tableFromConfig().doc;
    const send = doc.send.bind(doc);
    doc.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
      sent.push(command.constructor.name.replace(/Command$/, ''));
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof doc.send;
    // Any parse of an answer schema runs its `_zod.run`.
    for (const route of [getEntitlementsRoute, checkFeatureRoute, checkExceededRoute]) {
      const z = route.response!._zod;
      const run = z.run.bind(z);
      z.run = ((...a: Parameters<typeof run>) => {
        validated.push(route.id);
        return run(...a);
      }) as typeof z.run;
    }
    h.get = (await import('../../functions/http/entitlements/get')).handler as Invoke;
    h.feature = (await import('../../functions/http/entitlements/feature')).handler as Invoke;
    h.exceeded = (await import('../../functions/http/entitlements/exceeded')).handler as Invoke;
  });

  it('sends one Query per check once the key is cached, the same one request as a raw Query of the collection', async () => {
    // Prepare: the first check reads the API key (a GetItem through the document client) and the catalog.
    const first = await check('get');
    const firstSent = sent.splice(0);
    // Act
    const answers = [await check('get'), await check('feature'), await check('exceeded'), await check('get')];
    // Assess
    expect(first.status).toBe(200);
    // A cold container also reads the project's catalog once (kept 30 s): p1 stores none, so the
    // demo project's, which the built-in catalog defaults to.
    expect(firstSent).toEqual(['Get', 'Query', 'Get', 'Get']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers[0].json.meters.ai_credits).toMatchObject({ used: '12.5' });
    expect(sent).toEqual(['Query', 'Query', 'Query', 'Query']);
    // The floor it is measured against: a raw Query of the same collection is one request too.
    const raw = await (table.doc as unknown as DynamoDBClient).send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk AND SK >= :from',
        ExpressionAttributeValues: {
          ':pk': { S: keys.workspacePk('p1', WS) },
          ':from': { S: keys.usageCounterFrom(counterCutOff(new Date())) },
        },
      }),
    );
    expect(raw.LastEvaluatedKey).toBeUndefined();
    expect(raw.Items!.length).toBeGreaterThan(3);
  });

  it('does not validate its own answer against the response schema (the types keep them in step)', async () => {
    // Prepare
    validated.length = 0;
    // Act
    const answers = [await check('get'), await check('feature'), await check('exceeded')];
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1].json).toMatchObject({ feature: 'ai_assistant', has_access: true, reason: 'plan' });
    expect(validated).toEqual([]);
  });

  it("leaves the SDK's log filtering out of the table client: it would copy every item of every answer", () => {
    // Act
    const middleware = tableFromConfig().doc.middlewareStack.identify();
    const fresh = new DynamoDBClient({ region: 'us-east-1' }).middlewareStack.identify();
    // Assess
    expect(middleware.some((m) => m.startsWith(`${SDK_LOGGER_MIDDLEWARE} `))).toBe(false);
    // The name still is the SDK's: a renamed middleware would make the removal a silent no-op.
    expect(fresh.some((m) => m.startsWith(`${SDK_LOGGER_MIDDLEWARE} `))).toBe(true);
  });
});
