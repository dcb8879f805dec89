import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { apiGatewayEvent, lambdaContext } from '../dev/gateway';
import { DEMO } from '../dev/seed';
import { type Benchmark, countRequests, type LatencySummary, measure, summarize } from './harness';

const WORKSPACE = 'ws_bench';

function getEvent(apiKey: string): APIGatewayProxyEventV2 {
  return apiGatewayEvent({
    method: 'GET',
    routePath: '/api/v1/workspaces/{workspace_id}',
    rawPath: `/api/v1/workspaces/${WORKSPACE}`,
    headers: { authorization: `Bearer ${apiKey}`, host: 'bench' },
    pathParameters: { workspace_id: WORKSPACE },
  });
}

interface CaseResult extends LatencySummary {
  label: string;
  dynamodb_requests_per_call: number;
  capacity_units_per_call: number;
  requests_by_command: Record<string, number>;
}

/**
 * GET one workspace three ways on the same DynamoDB Local: through the local HTTP gateway, by
 * calling the deployed handler module in-process, and a bare GetItem loop as the floor.
 */
export const foundation: Benchmark = {
  name: 'foundation',
  description: 'GET /api/v1/workspaces/{id}: local HTTP stack vs in-process handler vs raw GetItem',
  async run(ctx) {
    const stack = await ctx.stack();
    const url = `${stack.baseUrl}/api/v1/workspaces/${WORKSPACE}`;
    const auth = { authorization: `Bearer ${stack.demoApiKey}` };
    const put = await fetch(url, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench Inc', email: 'bench@example.com', country: 'IN', currency: 'inr' }),
    });
    if (put.status >= 300) throw new Error(`Could not create the bench workspace: ${put.status} ${await put.text()}`);

    // The handlers share this one client per container; wrapping it counts their requests.
    const service = countRequests(tableFromConfig().doc);
    const { handler } = (await import('../functions/http/workspaces/get')) as {
      handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const raw = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const floor = countRequests(raw);
    const key = keys.workspace(DEMO.projectId, WORKSPACE);

    const expectOk = (status: number | undefined, what: string) => {
      if (status !== 200) throw new Error(`${what} answered ${status}`);
    };
    const cases = [
      {
        id: 'http',
        label: 'through the local HTTP stack',
        counter: service,
        call: async () => {
          const r = await fetch(url, { headers: auth });
          await r.arrayBuffer();
          expectOk(r.status, 'GET through the gateway');
        },
      },
      {
        id: 'in_process',
        label: 'in-process handler (APIGW v2 event)',
        counter: service,
        call: async () =>
          expectOk(
            (await handler(getEvent(stack.demoApiKey), lambdaContext('getWorkspace'))).statusCode,
            'the handler',
          ),
      },
      {
        id: 'raw_get_item',
        label: 'raw GetItem (floor)',
        counter: floor,
        call: async () => {
          const r = await raw.send(
            new GetItemCommand({ TableName: stack.tableName, Key: { PK: { S: key.PK }, SK: { S: key.SK } } }),
          );
          if (!r.Item) throw new Error('GetItem found no workspace');
        },
      },
    ];

    const results: Record<string, CaseResult> = {};
    for (const c of cases) {
      ctx.log(`  ${c.label}: ${ctx.warmup} warm-up + ${ctx.iterations} measured calls`);
      const samples = await measure(c.call, {
        iterations: ctx.iterations,
        warmup: ctx.warmup,
        beforeMeasured: () => c.counter.reset(),
      });
      results[c.id] = {
        label: c.label,
        ...summarize(samples),
        dynamodb_requests_per_call: round(c.counter.requests / ctx.iterations),
        capacity_units_per_call: round(c.counter.capacityUnits / ctx.iterations),
        requests_by_command: { ...c.counter.byCommand },
      };
    }
    service.restore();
    raw.destroy();

    const floorP50 = results.raw_get_item.p50_ms;
    return {
      results: { iterations: ctx.iterations, warmup: ctx.warmup, workspace_id: WORKSPACE, cases: results },
      tables: [
        {
          title: `GET /api/v1/workspaces/{id} — ${ctx.iterations} calls per path after ${ctx.warmup} warm-up, one DynamoDB Local`,
          columns: [
            'path',
            'p50 ms',
            'p99 ms',
            'mean ms',
            'p50 over floor',
            'DynamoDB req/call',
            'capacity units/call',
          ],
          rows: Object.values(results).map((r) => [
            r.label,
            r.p50_ms.toFixed(2),
            r.p99_ms.toFixed(2),
            r.mean_ms.toFixed(2),
            r === results.raw_get_item ? '-' : `+${(r.p50_ms - floorP50).toFixed(2)} ms`,
            r.dynamodb_requests_per_call.toFixed(2),
            r.capacity_units_per_call.toFixed(2),
          ]),
          notes: [
            'API keys are validated once per container and cached (API_KEY_CACHE_SECONDS), so a warm call is the workspace read alone.',
            'Capacity units as DynamoDB Local reports them with ReturnConsumedCapacity=TOTAL (a strongly consistent 4 KB read is 1.0, eventually consistent 0.5).',
          ],
        },
      ],
    };
  },
};

const round = (n: number) => Math.round(n * 1000) / 1000;
