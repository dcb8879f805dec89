import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DependencyProbe } from '#shared/domain/health/ports';
import type { TableContext } from './dynamodb/client';
import { outageReason } from './outages';

/** An outage in words, else the AWS error's own name (ResourceNotFoundException, AccessDeniedException, …). */
export function describeFailure(e: unknown): string {
  const reason = outageReason(e);
  if (reason) return reason;
  const err = e as { name?: string; message?: string };
  return err?.name && err.name !== 'Error' ? err.name : 'failed';
}

/** A read of a key that never exists: proves the table answers without needing DescribeTable. */
export const tableProbe =
  (table: TableContext): DependencyProbe =>
  (opts) =>
    table.doc.send(new GetCommand({ TableName: table.tableName, Key: { PK: 'HEALTH', SK: 'HEALTH' } }), opts);
