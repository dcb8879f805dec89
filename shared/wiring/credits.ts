import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { translatingStripeFromConfig } from '#shared/adapters/stripe/client';
import { config } from '#shared/config';
import type { CreditPorts } from '#shared/domain/credits/ports';
import type { PackPurchasePorts } from '#shared/domain/credits/purchases';
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
export const packPurchasePorts = lazy(
  (): PackPurchasePorts => ({ ...creditPorts(), stripe: translatingStripeFromConfig }),
);
