import { tableFromConfig } from '../adapters/dynamodb/client';
import { describeFailure, tableProbe } from '../adapters/health';
import type { HealthPorts } from '../domain/health/ports';
import { lazy } from './lazy';

/** `/ready`: the table only (this function carries no SQS client). */
export const readinessPorts = lazy((): HealthPorts => ({ probes: { dynamodb: tableProbe(tableFromConfig()) }, describeFailure }));
