import { listAttention, resolveAttention } from '#shared/domain/payments/attention';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { listAttentionRoute, resolveAttentionRoute } from '#shared/http/routes/reconciliation';
import { attentionPorts } from '#shared/wiring/finance';

const list = httpHandler(listAttentionRoute, async ({ auth, query }) => {
  const binding = { list: 'payment-attention', projectId: auth.projectId };
  const page = await listAttention(attentionPorts(), auth.projectId, {
    limit: query.limit,
    cursor: await openCursor(binding, query.cursor),
  });
  return { ...page, next_cursor: await sealCursor(binding, page.next_cursor) };
});
const resolve = httpHandler(resolveAttentionRoute, async ({ auth, params, body }) =>
  resolveAttention(attentionPorts(), auth.projectId, params.attention_id, body.note),
);

/** Listing and resolving share one function: the same table grant, nothing else. */
export const handler = httpRouter(list, resolve);
