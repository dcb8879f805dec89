import { ledgerCreditBalance } from '#shared/domain/billing/credits';
import type { SummaryPorts } from '#shared/domain/billing/summary';
import { syncPorts } from './billing';
import { creditPorts } from './credits';
import { lazy } from './lazy';
import { entitlementReadPorts } from './read';

/**
 * The billing summary: Stripe (next invoice, payment method, open invoices), the table's
 * subscription and entitlements, and the credit balance. The balance is read through
 * `CreditBalanceReader`, over the credit ledger.
 */
export const summaryPorts = lazy(
  (): SummaryPorts => ({
    sync: syncPorts(),
    entitlements: entitlementReadPorts(),
    credits: ledgerCreditBalance(creditPorts()),
  }),
);
