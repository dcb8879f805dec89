import type { InboxFilter, InboxRecord, WebhookProvider } from '#shared/domain/webhooks/ports';
import { NotFoundError, ValidationError } from '#shared/errors';
import type { WebhookOpsPorts } from './ports';

export type { WebhookOpsPorts } from './ports';

/**
 * Whose events a caller reaches. An API key reaches its own project's events only: those whose
 * processing found a workspace of that project. Events no project has claimed (an unknown
 * customer, a catalog change) are reachable by operators alone, through the CLI (`all`).
 */
export type WebhookScope = { projectId: string } | 'all';

export type Provider = WebhookProvider;

export const toWebhookEventDto = (r: InboxRecord) => ({
  provider: r.provider,
  event_id: r.eventId,
  type: r.type,
  created: r.created,
  object_id: r.objectId,
  workspace_id: r.workspaceId,
  status: r.status,
  attempts: r.attempts,
  last_error: r.lastError,
  received_at: r.receivedAt,
  processed_at: r.processedAt,
});

const owns = (scope: WebhookScope, r: InboxRecord) => scope === 'all' || r.projectId === scope.projectId;

function page(
  ports: WebhookOpsPorts,
  scope: WebhookScope,
  provider: Provider,
  filter: InboxFilter,
  p: { limit: number; cursor?: string },
) {
  if (scope === 'all') return ports.inbox.list(provider, filter, p);
  const { unowned: _u, ...own } = filter;
  return ports.inbox.listForProject(scope.projectId, provider, own, p);
}

export async function listWebhookEvents(
  ports: WebhookOpsPorts,
  scope: WebhookScope,
  provider: Provider,
  filter: InboxFilter,
  p: { limit: number; cursor?: string },
) {
  const r = await page(ports, scope, provider, filter, p);
  return { events: r.items.map(toWebhookEventDto), next_cursor: r.cursor };
}

/** At most this many events per replay call, so one request cannot flood a queue. */
export const MAX_REPLAY = 500;

/**
 * Re-enqueues stored events with `replay: true`: the consumer then processes them even if they
 * were processed before. Everything a consumer does is idempotent, so a replay converges.
 *
 * By ids, it is all or nothing for a project: one id that is unknown or another project's makes
 * the call a 404 and nothing is enqueued. Operators (`all`) get the ids that were not found back.
 * By time range, only the scope's own events are reached.
 */
export async function replayWebhookEvents(
  ports: WebhookOpsPorts,
  scope: WebhookScope,
  input: { provider: Provider; event_ids?: string[]; from?: string; to?: string; type?: string },
): Promise<{ replayed: string[]; not_found: string[] }> {
  let targets: InboxRecord[] = [];
  const notFound: string[] = [];
  if (input.event_ids?.length) {
    for (const id of new Set(input.event_ids)) {
      const r = await ports.inbox.get(input.provider, id);
      if (r && owns(scope, r)) targets.push(r);
      else notFound.push(id);
    }
    if (notFound.length && scope !== 'all') {
      throw new NotFoundError(`Webhook event${notFound.length > 1 ? 's' : ''}`, notFound.join(', '));
    }
  } else {
    if (!input.from)
      throw new ValidationError('Give event_ids, or a time range with from (and optionally to, type)', {
        field: 'body.from',
      });
    let cursor: string | undefined;
    do {
      const r = await page(
        ports,
        scope,
        input.provider,
        { from: input.from, to: input.to, type: input.type },
        { limit: 100, cursor },
      );
      targets = targets.concat(r.items);
      cursor = r.cursor ?? undefined;
    } while (cursor && targets.length < MAX_REPLAY);
    targets = targets.slice(0, MAX_REPLAY);
  }
  const queue = ports.queues[input.provider];
  for (const t of targets) await queue.send({ provider: input.provider, event_id: t.eventId, replay: true });
  return { replayed: targets.map((t) => t.eventId), not_found: notFound };
}
