import type { ScheduledEvent } from 'aws-lambda';

/** The event EventBridge sends the reconcile function on its schedule. */
export function scheduledEvent(at: Date = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: `local-${at.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: at.toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/ReconcileSchedule'],
    detail: {},
  };
}

/**
 * A local stand-in for the EventBridge rule: calls `run` every `everyMs`, never two at once (a
 * slow run makes the next tick skip, as a Lambda with reserved concurrency 1 would).
 */
export function startDriftTimer(opts: {
  everyMs: number;
  run: () => Promise<unknown>;
  onError?: (e: unknown) => void;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = opts
      .run()
      .catch((e) => opts.onError?.(e))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(tick, opts.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
