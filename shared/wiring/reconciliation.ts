import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { reconciliationRepository } from '#shared/adapters/dynamodb/repositories/reconciliation-runs';
import type { DriftPorts } from '#shared/domain/reconciliation/ports';
import { lazy } from './lazy';
import { paymentPorts } from './payments';

/** The drift job (the schedule, finance's invoke, the API and the CLI), built once per container on first use. */
export const driftPorts = lazy(
  (): DriftPorts => ({
    ...paymentPorts(),
    runs: reconciliationRepository(tableFromConfig()),
    inbox: inboxRepository(tableFromConfig()),
  }),
);
