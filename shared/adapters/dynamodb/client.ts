import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsRequestHandler, reportOutagesAs } from '#shared/adapters/outages';
import { config } from '#shared/config';
import { AWS_CLIENT } from '#shared/time-budgets';

/** The name the AWS SDK gives its logging middleware. */
export const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

export interface TableContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * The document client over one table. Attempts time out (see shared/time-budgets.ts) and an
 * unreachable, hung or throttling DynamoDB surfaces as ServiceUnavailableError (503).
 */
export function createTableContext(opts: { tableName: string; endpoint?: string; region?: string }): TableContext {
  const client = new DynamoDBClient({
    region: opts.region ?? 'us-east-1',
    maxAttempts: AWS_CLIENT.maxAttempts,
    requestHandler: awsRequestHandler(),
    ...(opts.endpoint
      ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  reportOutagesAs(client, 'DynamoDB');
  // The SDK's logger middleware builds a redacted copy of every input and output for a logger
  // that is never configured here (its no-op logger discards it): about a third of a Query's
  // client-side CPU on the entitlement check, scaling with the items returned.
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName: opts.tableName };
}

let shared: TableContext | undefined;

/** One client per container, created on first use so module load stays cheap. */
export function tableFromConfig(): TableContext {
  if (!shared) {
    const c = config();
    shared = createTableContext({ tableName: c.TABLE_NAME, endpoint: c.DYNAMODB_ENDPOINT, region: c.AWS_REGION });
  }
  return shared;
}
