import { usageReport } from '#shared/domain/usage/report';
import { usageSeries } from '#shared/domain/usage/series';
import { ValidationError } from '#shared/errors';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { usageReportRoute } from '#shared/http/routes/usage-reports';
import { usageReadPorts } from '#shared/wiring/read';

type Listing = { granularity: 'day' | 'month' | 'billing_period'; meter?: string; from?: string; to?: string };
const FIELDS = ['granularity', 'meter', 'from', 'to'] as const;

const invalidCursor = () =>
  new ValidationError(
    'query.cursor: issued for another query; pass the same query or none besides the cursor',
    [{ field: 'query.cursor', message: 'issued for another query' }],
    'invalid_cursor',
  );

/**
 * A page's cursor carries the query it pages through (and the position), so passing it back
 * alone continues the same listing; a query field sent beside it must say the same.
 */
export const handler = httpHandler(usageReportRoute, async ({ auth, params, query }) => {
  const binding = { list: 'usage-series', projectId: auth.projectId, workspaceId: params.workspace_id };
  const opened = await openCursor(binding, query.cursor);
  let listing: Listing | undefined = query.granularity
    ? { granularity: query.granularity, meter: query.meter, from: query.from, to: query.to }
    : undefined;
  let offset = 0;
  if (opened !== undefined) {
    const state = JSON.parse(opened) as Listing & { offset: number };
    for (const f of FIELDS) if (query[f] !== undefined && query[f] !== state[f]) throw invalidCursor();
    listing = { granularity: state.granularity, meter: state.meter, from: state.from, to: state.to };
    offset = state.offset;
  }
  if (!listing) return usageReport(usageReadPorts(), auth.projectId, params.workspace_id, query.period ?? 'current');
  if (query.period)
    throw new ValidationError('query.period: not combined with granularity', [
      { field: 'query.period', message: 'use from/to with granularity' },
    ]);
  const { next_position, ...r } = await usageSeries(usageReadPorts(), auth.projectId, params.workspace_id, {
    ...listing,
    offset,
    limit: query.limit,
  });
  const next = next_position === null ? null : JSON.stringify({ ...listing, offset: Number(next_position) });
  return { ...r, next_cursor: await sealCursor(binding, next) };
});
