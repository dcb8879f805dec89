import { tableFromConfig } from '../../adapters/dynamodb/client';
import { inboxRepository } from '../../adapters/dynamodb/inbox-repository';
import { reconciliationRepository } from '../../adapters/dynamodb/reconciliation-repository';
import { paymentPorts } from '../payments/wiring';
import type { DriftPorts } from './drift';

/** The real adapters for the drift job, composed once per container. */
export function driftPorts(): DriftPorts {
  return { ...paymentPorts(), runs: reconciliationRepository(tableFromConfig()), inbox: inboxRepository(tableFromConfig()) };
}
