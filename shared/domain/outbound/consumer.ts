import { attemptDelivery, type AttemptOutcome, type AttemptPorts } from './attempt';
import { fanOut, type FanOutPorts } from './fan-out';
import type { OutboundMessage } from './messages';

/**
 * One batch of the webhook-deliveries queue. Messages run side by side: an attempt waiting on a
 * slow endpoint (up to the sender's timeout) does not hold the others back, and per-endpoint
 * slots keep one endpoint from taking every worker. A message whose handling threw goes back to
 * the queue (and after repeated failures to the DLQ); everything else is done.
 */
export async function processOutboundBatch(
  ports: { fanOut: FanOutPorts; attempt: AttemptPorts },
  messages: { messageId: string; body: OutboundMessage }[],
  onError: (messageId: string, error: unknown) => void = () => undefined,
): Promise<{ failed: string[]; outcomes: (AttemptOutcome | 'fanned_out')[] }> {
  const settled = await Promise.allSettled(
    messages.map(async (m) => (m.body.kind === 'event' ? (await fanOut(ports.fanOut, m.body.event), 'fanned_out' as const) : attemptDelivery(ports.attempt, m.body))),
  );
  const failed: string[] = [];
  const outcomes: (AttemptOutcome | 'fanned_out')[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') outcomes.push(s.value);
    else {
      failed.push(messages[i].messageId);
      onError(messages[i].messageId, s.reason);
    }
  });
  return { failed, outcomes };
}
