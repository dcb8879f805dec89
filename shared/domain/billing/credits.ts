import { CREDITS_METER } from '../catalog/catalog';
import type { EntitlementReadPorts } from '../entitlements/ports';
import { readEntitlements } from '../entitlements/read';
import type { CreditBalanceReader } from './ports';

/**
 * Credits as this service keeps them today: what remains of the `ai_credits` meter's limit
 * (the plan's allowance plus credit-pack grants) in its current window, which lapses when the
 * window ends. Null when the meter is unlimited.
 */
export function meterCreditBalance(ports: EntitlementReadPorts): CreditBalanceReader {
  return {
    async balanceOf(projectId, workspaceId) {
      const m = (await readEntitlements(ports, projectId, workspaceId)).meters[CREDITS_METER];
      if (!m || m.remaining === null) return null;
      return { balance: m.remaining, expires_at: m.resets_at };
    },
  };
}
