import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { attentionRepository } from '#shared/adapters/dynamodb/repositories/attention';
import { reconciliationRepository } from '#shared/adapters/dynamodb/repositories/reconciliation-runs';
import { lazy } from './lazy';

/*
 * Finance's records that need only the table: the attention list and the stored drift reports.
 * Kept apart from payments.ts and reconciliation.ts so their functions carry no provider SDK.
 */

export const attentionPorts = lazy(() => ({
  attention: attentionRepository(tableFromConfig()),
  clock: () => new Date(),
}));

export const runReportPorts = lazy(() => ({ runs: reconciliationRepository(tableFromConfig()) }));
