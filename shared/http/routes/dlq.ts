import * as z from 'zod';
import { defineRoute } from '#shared/http/route';

const QueueId = z.enum(['usage', 'stripe', 'payment', 'outbound']);
const MoveTask = z.object({
  status: z.string(),
  moved: z.number(),
  to_move: z.number(),
  started_at: z.string(),
  failure_reason: z.string().optional(),
});

export const listDlqsRoute = defineRoute({
  id: 'listDlqs',
  method: 'GET',
  path: '/api/v1/admin/dlq',
  summary:
    'Depth of every queue and its dead-letter queue, with the last redrive (counts only: the queues are shared by all projects)',
  tag: 'Operations',
  auth: 'api-key',
  scopes: ['admin'],
  response: z.object({
    queues: z.array(
      z.object({
        queue: QueueId,
        messages: z.number(),
        in_flight: z.number(),
        dlq_messages: z.number(),
        dlq_in_flight: z.number(),
        last_redrive: MoveTask.nullable(),
      }),
    ),
  }),
  handler: 'functions/http/admin/dlq.ts',
  access: { table: 'read', dlq: true },
});

export const redriveDlqRoute = defineRoute({
  id: 'redriveDlq',
  method: 'POST',
  path: '/api/v1/admin/dlq/{queue}/redrive',
  summary:
    "Move the dead-letter queue's messages back to their queue for another attempt; answers with the counts moved (status running: still moving, follow it with GET /admin/dlq). Consumers are idempotent, so a redrive never counts twice",
  tag: 'Operations',
  auth: 'api-key',
  scopes: ['admin'],
  params: z.strictObject({ queue: QueueId }),
  response: z.object({
    queue: QueueId,
    method: z.enum(['message-move-task', 'receive-send-delete']),
    status: z.enum(['completed', 'running', 'failed', 'cancelled', 'empty']),
    moved: z.number(),
    to_move: z.number(),
    remaining: z.number(),
    failure_reason: z.string().optional(),
  }),
  handler: 'functions/http/admin/dlq.ts',
  access: { table: 'read', dlq: true },
});
