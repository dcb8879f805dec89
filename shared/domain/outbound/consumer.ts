import { type AttemptOutcome, type AttemptPorts, attemptDelivery } from './attempt';
import { type FanOutPorts, fanOut } from './fan-out';
import type { OutboundMessage } from './messages';
import type { AttemptMessage } from './ports';

/** What one batch needs: the fan-out, the attempt and how many attempts may run at once per endpoint. */
export interface OutboundBatchPorts {
  fanOut: FanOutPorts;
  attempt: AttemptPorts;
  perEndpoint: number;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * One batch of the webhook-deliveries queue. Events are fanned out first and their first
 * attempts made right away (their queued copies are only a backstop); then every attempt runs,
 * endpoints side by side and at most `perEndpoint` at a time to one endpoint, so the batch never
 * competes with itself for an endpoint's slots and a slow endpoint holds back only its own
 * deliveries. A queued message whose handling threw goes back to the queue (and after repeated
 * failures to the DLQ); a first attempt that threw is left to its backstop.
 */
export async function processOutboundBatch(
  ports: OutboundBatchPorts,
  messages: { messageId: string; body: OutboundMessage }[],
  onError: (messageId: string, error: unknown) => void = () => undefined,
): Promise<{ failed: string[]; outcomes: (AttemptOutcome | 'fanned_out')[] }> {
  const failed: string[] = [];
  const outcomes: (AttemptOutcome | 'fanned_out')[] = [];
  const attempts: { messageId?: string; msg: AttemptMessage }[] = [];
  await Promise.all(
    messages.map(async (m) => {
      if (m.body.kind === 'attempt') return void attempts.push({ messageId: m.messageId, msg: m.body });
      try {
        const r = await fanOut(ports.fanOut, m.body.event);
        outcomes.push('fanned_out');
        attempts.push(...r.attempts.map((msg) => ({ msg })));
      } catch (e) {
        failed.push(m.messageId);
        onError(m.messageId, e);
      }
    }),
  );
  const byEndpoint = new Map<string, typeof attempts>();
  for (const a of attempts) {
    const k = `${a.msg.project_id}\n${a.msg.endpoint_id}`;
    byEndpoint.set(k, [...(byEndpoint.get(k) ?? []), a]);
  }
  await Promise.all(
    [...byEndpoint.values()].map((group) =>
      pool(group, ports.perEndpoint, async (a) => {
        try {
          outcomes.push(await attemptDelivery(ports.attempt, a.msg));
        } catch (e) {
          if (a.messageId) failed.push(a.messageId);
          onError(a.messageId ?? a.msg.delivery_id, e);
        }
      }),
    ),
  );
  return { failed, outcomes };
}
