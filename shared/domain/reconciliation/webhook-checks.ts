import { API_VERSION_REFUSED } from '#shared/domain/webhooks/stripe/events';
import type { DriftOptions } from './drift';
import type { DriftPorts } from './ports';
import { type RunLog, tablePages } from './run-log';

/**
 * Stripe events refused because they were rendered in another API version than the SDK's: their
 * changes never reached the table. Nothing to fix here (the endpoint's api_version is), so each is
 * reported until it falls out of the lookback window. They belong to no project yet.
 */
export async function checkWebhooks(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  log.begin('webhooks');
  if (!opts.projectId) {
    const from = new Date(ports.clock().getTime() - (opts.lookbackDays ?? 35) * 86_400_000).toISOString();
    for await (const row of tablePages((cursor) =>
      ports.inbox.list('stripe', { status: 'failed', from }, { limit: 100, cursor }),
    )) {
      log.tick();
      if (!row.lastError?.startsWith(API_VERSION_REFUSED)) continue;
      log.checked(null);
      log.drift('webhook_api_version', row.eventId, undefined, `${row.type}: ${row.lastError}`, false);
    }
  }
  log.end();
}
