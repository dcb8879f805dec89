import { readCredits } from '#shared/domain/credits/balance';
import type { CreditPorts } from '#shared/domain/credits/ports';
import type { CreditBalanceReader } from './ports';

/**
 * The summary's credits, read from the credit ledger without writing: the total of both buckets,
 * and when the subscription credits among them lapse (purchased credits never do).
 */
export function ledgerCreditBalance(ports: CreditPorts): CreditBalanceReader {
  return {
    async balanceOf(projectId, workspaceId) {
      const v = await readCredits(ports, { projectId, workspaceId });
      return { balance: String(v.balance), expires_at: v.subscription.balance > 0 ? v.subscription.expires_at : null };
    },
  };
}
