import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { config } from '#shared/config';
import type { CreditPorts } from '#shared/domain/credits/ports';
import { catalogSource } from './catalog-source';
import { lazy } from './lazy';

/** The credit ledger: balances, consumption, allocations, adjustments; the catalog per project. */
export const creditPorts = lazy(
  (): CreditPorts => ({
    credits: creditLedgerRepository(tableFromConfig()),
    catalog: catalogSource(),
    history: historyRepository(tableFromConfig()),
    bus: eventBusFromConfig(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  }),
);
