import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { config } from '../../config';
import type { BillingEvent } from '../dynamodb/history-repository';
import { logger } from '../../observability';

export interface EventBusPort {
  publish(events: BillingEvent[]): Promise<void>;
}

/** PutEvents in chunks of 10 (the API's limit); a failed entry fails the call so SQS retries. */
export function eventBridgeBus(client: EventBridgeClient, busName: string): EventBusPort {
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += 10) {
        const r = await client.send(
          new PutEventsCommand({
            Entries: events.slice(i, i + 10).map((e) => ({
              EventBusName: busName,
              Source: 'tollgate',
              DetailType: e.type,
              Detail: JSON.stringify(e),
              Time: new Date(e.occurred_at),
            })),
          }),
        );
        if (r.FailedEntryCount) throw new Error(`EventBridge rejected ${r.FailedEntryCount} event(s)`);
      }
    },
  };
}

/** Locally there is no bus: events are logged (and kept in the workspace history). */
export const logBus: EventBusPort = {
  async publish(events) {
    for (const e of events) logger.info('billing event', { type: e.type, workspace_id: e.workspace_id, id: e.id });
  },
};

let shared: EventBusPort | undefined;
export function eventBusFromConfig(): EventBusPort {
  if (!shared) {
    const c = config();
    shared = c.EVENT_BUS_NAME ? eventBridgeBus(new EventBridgeClient({ region: c.AWS_REGION }), c.EVENT_BUS_NAME) : logBus;
  }
  return shared;
}
