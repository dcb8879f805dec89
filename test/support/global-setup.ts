import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../dev/dynamodb-local';
import { freePort } from '../../dev/free-port';
import { startSqsLocal } from '../../dev/sqs-local';

/**
 * One DynamoDB Local and one SQS server for the whole run; each test file makes its own table
 * (see `freshTable`) so files can run in parallel without seeing each other's items.
 */
export default async function setup(project: TestProject) {
  const ddb = await startDynamoLocal({ port: await freePort() });
  const sqs = await startSqsLocal({ port: await freePort() });
  project.provide('dynamodbEndpoint', ddb.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);
  return async () => {
    await sqs.stop();
    await ddb.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sqsEndpoint: string;
  }
}
