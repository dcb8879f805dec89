import * as z from 'zod';
import { type PropagationPorts, propagatePage } from '#shared/domain/catalog/propagation';
import { type ConsumerPorts, type PortSource, resolvePorts, sqsHandler } from '#shared/sqs/consumer';

/** One page of a catalog propagation run: the project, the run and where the page starts. */
export const PropagationMessageSchema = z.object({
  project_id: z.string().min(1).max(64),
  run_id: z.string().min(1).max(64),
  cursor: z.string().max(1024).nullable(),
});

/** The catalog-propagation consumer: each message recomputes one page of a project's workspaces. */
export function catalogPropagationConsumer(
  ports: PortSource<PropagationPorts>,
  opts: { consumer: PortSource<ConsumerPorts> },
) {
  return sqsHandler({
    queue: 'catalog-propagation',
    schema: PropagationMessageSchema,
    ports: opts.consumer,
    handle: async (m) => {
      await propagatePage(resolvePorts(ports), m.body);
    },
  });
}
