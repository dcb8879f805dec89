import { createHash } from 'node:crypto';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import { emit } from '#shared/domain/subscriptions/sync';
import { NotFoundError } from '#shared/errors';
import type { AttentionStore } from './ports';
import type { AttentionItem, AttentionReason } from './types';

export interface AttentionInput {
  reason: AttentionReason;
  message: string;
  /** What raised it: `razorpay`, `manual:<gateway>`, `drift`. */
  source: string;
  /** The payment or object it is about; with source and reason it identifies the item. */
  reference: string | null;
  invoiceId?: string | null;
  projectId?: string | null;
  workspaceId?: string | null;
  amount?: number | null;
  currency?: string | null;
  details?: Record<string, unknown>;
}

/** The same problem about the same payment always gets the same id, so repeats do not pile up. */
export function attentionId(a: Pick<AttentionInput, 'reason' | 'source' | 'reference' | 'invoiceId'>): string {
  const h = createHash('sha256')
    .update([a.source, a.reference ?? '', a.invoiceId ?? '', a.reason].join('\n'))
    .digest('hex');
  return `att_${h.slice(0, 24)}`;
}

/**
 * Records that money (or a ledger) needs a human, and tells the workspace's project on the bus
 * the first time. Nothing is paid on this path: flagging is the alternative to paying.
 */
export async function flagAttention(
  ports: Pick<SyncPorts, 'history' | 'bus' | 'clock'> & { attention: Pick<AttentionStore, 'raiseAttention'> },
  a: AttentionInput,
): Promise<AttentionItem> {
  const at = ports.clock().toISOString();
  const item = await ports.attention.raiseAttention({
    id: attentionId(a),
    reason: a.reason,
    message: a.message,
    source: a.source,
    reference: a.reference,
    invoiceId: a.invoiceId ?? null,
    projectId: a.projectId ?? null,
    workspaceId: a.workspaceId ?? null,
    amount: a.amount ?? null,
    currency: a.currency ?? null,
    details: a.details ?? {},
    createdAt: at,
  });
  if (item.occurrences === 1 && item.projectId && item.workspaceId) {
    await emit(ports, { projectId: item.projectId, workspaceId: item.workspaceId }, item.id, at, [
      {
        type: 'payment.needs_attention',
        data: {
          attention_id: item.id,
          reason: item.reason,
          message: item.message,
          invoice_id: item.invoiceId,
          reference: item.reference,
          amount: item.amount,
          currency: item.currency,
        },
      },
    ]);
  }
  return item;
}

export function toAttentionDto(a: AttentionItem) {
  return {
    id: a.id,
    reason: a.reason,
    message: a.message,
    status: a.status,
    source: a.source,
    reference: a.reference,
    invoice_id: a.invoiceId,
    workspace_id: a.workspaceId,
    amount: a.amount,
    currency: a.currency,
    details: a.details,
    occurrences: a.occurrences,
    created_at: a.createdAt,
    last_seen_at: a.lastSeenAt,
  };
}

export async function listAttention(
  ports: { attention: Pick<AttentionStore, 'listAttention'> },
  projectId: string,
  page: { limit: number; cursor?: string },
) {
  const r = await ports.attention.listAttention(projectId, page);
  return { items: r.items.map(toAttentionDto), next_cursor: r.cursor };
}

/** Only the item's own project may resolve it; another project's item is "not found". */
export async function resolveAttention(
  ports: { attention: Pick<AttentionStore, 'getAttention' | 'resolveAttention'>; clock: () => Date },
  projectId: string,
  id: string,
  note: string | undefined,
) {
  const item = await ports.attention.getAttention(id);
  if (!item || item.projectId !== projectId) throw new NotFoundError('Attention item', id);
  const resolved = await ports.attention.resolveAttention(id, ports.clock().toISOString(), note ?? null);
  return toAttentionDto(resolved ?? item);
}
