import { listCreditTransactions, readCredits } from '#shared/domain/credits/balance';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { getCreditsRoute, listCreditTransactionsRoute } from '#shared/http/routes/credits';
import { creditPorts } from '#shared/wiring/credits';

const balance = httpHandler(getCreditsRoute, async ({ auth, params }) =>
  readCredits(creditPorts(), { projectId: auth.projectId, workspaceId: params.workspace_id }),
);

const transactions = httpHandler(listCreditTransactionsRoute, async ({ auth, params, query }) => {
  const binding = {
    list: `credit-transactions:${query.type ?? '*'}`,
    projectId: auth.projectId,
    workspaceId: params.workspace_id,
  };
  const ref = { projectId: auth.projectId, workspaceId: params.workspace_id };
  const page = await listCreditTransactions(creditPorts(), ref, {
    limit: query.limit,
    type: query.type,
    cursor: await openCursor(binding, query.cursor),
  });
  return { data: page.entries, next_cursor: await sealCursor(binding, page.cursor) };
});

export const handler = httpRouter(balance, transactions);
