import type { ScheduledEvent } from 'aws-lambda';

export function isScheduledEvent(e: unknown): e is ScheduledEvent {
  const x = e as Partial<ScheduledEvent> | null;
  return typeof x === 'object' && x !== null && x.source === 'aws.events' && x['detail-type'] === 'Scheduled Event';
}
