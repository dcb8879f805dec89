import * as z from 'zod';

/**
 * The messages of the webhook-deliveries queue: an `event` to fan out to the project's
 * endpoints (published with every billing event), and an `attempt` of one delivery.
 */
export const BillingEventSchema = z.strictObject({
  id: z.string().min(1).max(512),
  type: z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/),
  project_id: z.string().min(1).max(128),
  workspace_id: z.string().min(1).max(128),
  occurred_at: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});

export const OutboundMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: BillingEventSchema }),
  z.strictObject({
    kind: z.literal('attempt'),
    project_id: z.string().min(1),
    endpoint_id: z.string().min(1),
    delivery_id: z.string().min(1),
    attempt: z.number().int().min(1),
    not_before: z.iso.datetime({ offset: true }),
  }),
]);

export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
