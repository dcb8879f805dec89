import type { Catalog, CreditEventDef } from '#shared/domain/catalog/schema';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { AppError, ConflictError } from '#shared/errors';
import { debitMovements, InsufficientCreditsError, splitDebit, totalOf } from './ledger';
import { changeLedger } from './movements';
import type { CreditMarker, CreditPorts } from './ports';

export interface ConsumeInput {
  workspace_id: string;
  event_name: string;
  quantity: number;
  idempotency_key: string;
}

export interface ConsumeResult {
  workspace_id: string;
  event_name: string;
  quantity: number;
  idempotency_key: string;
  consumed: number;
  from: { purchased: number; subscription: number };
  balance_after: number;
  /** True when this answers a key seen before: nothing was debited this time. */
  duplicate: boolean;
}

/** The catalog's credit event of that name; unknown or inactive ones are refused, named. */
export function creditEvent(catalog: Catalog, name: string): CreditEventDef {
  const e = catalog.credit_events.find((x) => x.name === name);
  if (!e)
    throw new AppError(422, 'unknown_credit_event', `Credit event '${name}' is not in the catalog`, {
      field: 'body.event_name',
      known: catalog.credit_events.filter((x) => x.active).map((x) => x.name),
    });
  if (!e.active)
    throw new AppError(422, 'inactive_credit_event', `Credit event '${name}' is not active`, {
      field: 'body.event_name',
    });
  return e;
}

export const consumeMarkerId = (idempotencyKey: string) => `consume#${idempotencyKey}`;

/** A key seen before answers its first result; with another event or quantity it is a conflict. */
function replayed(m: CreditMarker, input: Pick<ConsumeInput, 'event_name' | 'quantity'>): ConsumeResult {
  const first = m.data as unknown as ConsumeResult;
  if (first.event_name !== input.event_name || first.quantity !== input.quantity) {
    throw new ConflictError('This idempotency key was used for another consumption', 'idempotency_key_reused', {
      event_name: first.event_name,
      quantity: first.quantity,
    });
  }
  return { ...first, duplicate: true };
}

/**
 * Debits `credit_cost × quantity` credits, purchased first, then subscription credits, in one
 * transaction with the idempotency key's record: the same key debits once and answers the first
 * result. Short of credits, nothing is written and the answer is 402 `insufficient_credits`.
 * `reference` overrides the entry's reference (usage events debit under their own key).
 */
export async function consumeCredits(
  ports: CreditPorts,
  projectId: string,
  input: ConsumeInput,
  opts: { cost?: number; reference?: string } = {},
): Promise<ConsumeResult> {
  const ref: WorkspaceRef = { projectId, workspaceId: input.workspace_id };
  const markerId = consumeMarkerId(input.idempotency_key);
  return changeLedger(
    ports,
    ref,
    async (view) => {
      const cost = opts.cost ?? creditEvent(view.catalog, input.event_name).credit_cost * input.quantity;
      const from = splitDebit(view.state, cost);
      if (!from) {
        // A key that succeeded before answers its result even when the balance is short now.
        const seen = await ports.credits.getMarker(projectId, input.workspace_id, markerId);
        if (seen) return { movements: [], result: () => replayed(seen, input) };
        throw new InsufficientCreditsError(totalOf(view.state), cost);
      }
      const result = (balance: number): ConsumeResult => ({
        ...input,
        consumed: cost,
        from,
        balance_after: balance,
        duplicate: false,
      });
      const reference = opts.reference ?? `event:${input.event_name}:${input.idempotency_key}`;
      const balanceAfter = totalOf(view.state) - cost;
      return {
        movements: debitMovements('consumed', from, reference),
        markers: [{ op: 'create', marker: { id: markerId, rev: 1, data: { ...result(balanceAfter) } } }],
        result: ({ state }) => result(totalOf(state)),
      };
    },
    (m) => replayed(m, input),
  );
}
