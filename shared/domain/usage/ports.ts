import type { Plan } from '../catalog/plans';
import type { UsageRepository } from '../../adapters/dynamodb/usage-repository';
import type { EventBusPort } from '../../adapters/events/bus';

/** One usage event as the Stripe meter receives it. */
export interface MeterEventOut {
  /** Stable per (project, workspace, meter, idempotency key): Stripe keeps one per identifier. */
  identifier: string;
  /** The Stripe meter's event name: the catalog meter key. */
  eventName: string;
  customerId: string;
  /** Exact decimal text. */
  value: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

export type MeterSendOutcome = { ok: true } | { ok: false; permanent: boolean; reason: string };

export interface MeterSink {
  /** One outcome per event, in order. Never throws for a single event's failure. */
  send(events: MeterEventOut[]): Promise<MeterSendOutcome[]>;
}

export type UsageStore = Pick<
  UsageRepository,
  'load' | 'commitGroup' | 'commitGroups' | 'claimThreshold' | 'confirmThreshold' | 'readWorkspace' | 'cachedPlans' | 'countersEndingBetween'
>;

export interface UsagePorts {
  store: UsageStore;
  meters: MeterSink;
  bus: EventBusPort;
  clock: () => Date;
  /** Plans for a workspace that has no entitlement snapshot yet (the default plan applies). */
  plans: () => Promise<Plan[]>;
  graceDays: number;
}
