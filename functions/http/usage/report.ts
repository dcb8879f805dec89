import { ValidationError } from '../../../shared/errors';
import { usageReport } from '../../../shared/domain/usage/report';
import { usageSeries } from '../../../shared/domain/usage/series';
import { openCursor, sealCursor } from '../../../shared/http/cursor';
import { httpHandler } from '../../../shared/http/handler';
import { usageReportRoute } from '../../../shared/http/routes/usage';
import { usageReadPorts } from '../../../shared/wiring/read';

export const handler = httpHandler(usageReportRoute, async ({ auth, params, query }) => {
  if (!query.granularity) return usageReport(usageReadPorts(), auth.projectId, params.workspace_id, query.period ?? 'current');
  if (query.period) throw new ValidationError('query.period: not combined with granularity', [{ field: 'query.period', message: 'use from/to with granularity' }]);
  const binding = { list: `usage-series:${query.granularity}:${query.meter ?? ''}:${query.from ?? ''}:${query.to ?? ''}`, projectId: auth.projectId, workspaceId: params.workspace_id };
  const position = await openCursor(binding, query.cursor);
  const { next_position, ...r } = await usageSeries(usageReadPorts(), auth.projectId, params.workspace_id, {
    granularity: query.granularity,
    meter: query.meter,
    from: query.from,
    to: query.to,
    offset: position ? Number(position) : 0,
    limit: query.limit,
  });
  return { ...r, next_cursor: await sealCursor(binding, next_position) };
});
