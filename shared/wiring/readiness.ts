import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { describeFailure, tableProbe } from '#shared/adapters/health';
import type { HealthPorts } from '#shared/domain/health/ports';
import { lazy } from './lazy';

/** `/ready`: the table only (this function carries no SQS client). */
export const readinessPorts = lazy(
  (): HealthPorts => ({ probes: { dynamodb: tableProbe(tableFromConfig()) }, describeFailure }),
);
