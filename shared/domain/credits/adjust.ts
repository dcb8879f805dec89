import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { debitMovements, InsufficientCreditsError, type Movement, splitDebit, totalOf } from './ledger';
import { changeLedger } from './movements';
import type { CreditMarker, CreditPorts } from './ports';

export interface AdjustInput {
  workspace_id: string;
  amount: number;
  reason: string;
}

export interface AdjustResult {
  workspace_id: string;
  amount: number;
  reason: string;
  from: { purchased: number; subscription: number };
  balance_after: number;
  duplicate: boolean;
}

/**
 * An operator's correction, once per Idempotency-Key: credits added go to the purchased bucket
 * (they never expire); credits removed follow the burn order and never take the balance below
 * zero (402 with nothing written). The entry names the key id that made it.
 */
export async function adjustCredits(
  ports: CreditPorts,
  projectId: string,
  input: AdjustInput,
  actor: { keyId: string; idempotencyKey: string | undefined },
): Promise<AdjustResult> {
  // Another project's workspace is not found, whatever else the request lacks.
  if (!(await ports.credits.read(projectId, input.workspace_id)).exists)
    throw new NotFoundError('Workspace', input.workspace_id);
  if (!actor.idempotencyKey)
    throw new ValidationError('Idempotency-Key header is required', [
      { field: 'header.idempotency-key', message: 'required' },
    ]);
  const ref: WorkspaceRef = { projectId, workspaceId: input.workspace_id };
  const markerId = `adjust#${actor.idempotencyKey}`;
  const replay = (m: CreditMarker): AdjustResult => {
    const first = m.data as unknown as AdjustResult;
    if (first.amount !== input.amount)
      throw new ConflictError('This Idempotency-Key was used for another adjustment', 'idempotency_key_reused');
    return { ...first, duplicate: true };
  };
  return changeLedger(
    ports,
    ref,
    (view) => {
      let from = { purchased: 0, subscription: 0 };
      let movements: Movement[];
      const reference = `admin:${actor.keyId}`;
      if (input.amount > 0) {
        from = { purchased: input.amount, subscription: 0 };
        movements = [{ type: 'adjusted', bucket: 'purchased', amount: input.amount, reference, reason: input.reason }];
      } else {
        const split = splitDebit(view.state, -input.amount);
        if (!split) throw new InsufficientCreditsError(totalOf(view.state), -input.amount);
        from = { purchased: -split.purchased, subscription: -split.subscription };
        movements = debitMovements('adjusted', split, reference, input.reason);
      }
      const result = (balance: number): AdjustResult => ({ ...input, from, balance_after: balance, duplicate: false });
      const after = totalOf(view.state) + input.amount;
      return {
        movements,
        markers: [{ op: 'create', marker: { id: markerId, rev: 1, data: { ...result(after) } } }],
        result: ({ state }) => result(totalOf(state)),
      };
    },
    replay,
  );
}
