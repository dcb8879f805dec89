import * as z from 'zod';
import { aggregateDay, previousDay } from '#shared/domain/outbound/aggregation';
import { jobHandler } from '#shared/observability/invocation';
import { aggregationPorts } from '#shared/wiring/outbound';

/** A direct invoke may name the day and one project; the daily schedule sends neither (yesterday, every project). */
const Input = z.object({ day: z.iso.date().optional(), project_id: z.string().min(1).optional() });

export const handler = jobHandler('usage-aggregate', async (event: unknown) => {
  const input = Input.parse(event && typeof event === 'object' && !('detail-type' in event) ? event : {});
  const ports = aggregationPorts();
  return aggregateDay(ports, input.day ?? previousDay(ports.clock()), { projectId: input.project_id });
});
