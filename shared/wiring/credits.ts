import { tableFromConfig } from '../adapters/dynamodb/client';
import { creditLedgerRepository } from '../adapters/dynamodb/repositories/credit-ledger';
import { historyRepository } from '../adapters/dynamodb/repositories/history';
import { eventBusFromConfig } from '../adapters/events/eventbridge';
import { translatingStripeFromConfig } from '../adapters/stripe/client';
import { config } from '../config';
import type { CreditPorts } from '../domain/credits/ports';
import type { PackPurchasePorts } from '../domain/credits/purchases';
import { catalogSource } from './catalog';
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

/** Credit-pack purchases, which read the payment and its refunds from Stripe. */
export const packPurchasePorts = lazy((): PackPurchasePorts => ({ ...creditPorts(), stripe: translatingStripeFromConfig }));
