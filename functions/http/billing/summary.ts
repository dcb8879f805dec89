import { billingSummary } from '#shared/domain/billing/summary';
import { httpHandler } from '#shared/http/handler';
import { billingSummaryRoute } from '#shared/http/routes/billing';
import { summaryPorts } from '#shared/wiring/billing-views';

export const handler = httpHandler(billingSummaryRoute, async ({ auth, params }) =>
  billingSummary(summaryPorts(), auth.projectId, params.workspace_id),
);
