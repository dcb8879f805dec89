import type { CreditPorts } from '#shared/domain/credits/ports';
import type { Page, PaymentPorts } from '#shared/domain/payments/ports';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import type { RazorpayEvent } from './razorpay';

export type WebhookProvider = 'stripe' | 'razorpay';

export type InboxStatus = 'received' | 'queued' | 'processed' | 'failed' | 'ignored';

/** A provider's event as the inbox keeps it, with its processing state. */
export interface InboxRecord {
  provider: WebhookProvider;
  eventId: string;
  type: string;
  /** When the provider created the event (ISO). */
  created: string;
  objectId: string | null;
  projectId: string | null;
  workspaceId: string | null;
  status: InboxStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: string;
  processedAt: string | null;
  /**
   * The exact body the provider signed; null when it was too large for a DynamoDB item (the
   * processor then fetches the event from the provider by its id).
   */
  payload: string | null;
}

export type NewInboxRecord = Omit<InboxRecord, 'status' | 'attempts' | 'lastError' | 'processedAt' | 'payload'> & {
  payload: string;
};

export interface InboxFilter {
  type?: string;
  status?: InboxStatus;
  workspaceId?: string;
  from?: string;
  to?: string;
  /** Operator listings only: events no project has claimed (yet). */
  unowned?: boolean;
}

export interface InboxOutcome {
  status: 'processed' | 'ignored';
  projectId?: string | null;
  workspaceId?: string | null;
  at: string;
}

/** The webhook inbox: every provider event stored once by its id. */
export interface InboxStore {
  /** Stores the event unless its id is already there; returns the stored record either way. */
  putIfNew(r: NewInboxRecord): Promise<{ isNew: boolean; record: InboxRecord }>;
  get(provider: string, eventId: string): Promise<InboxRecord | undefined>;
  /** Only a row still `received` becomes `queued`: the consumer may already have finished it. */
  markQueued(provider: string, eventId: string): Promise<void>;
  markAttempt(provider: string, eventId: string): Promise<void>;
  /** Settles the row; once the event's project is known, the row says so and the project's list holds it. */
  markDone(provider: string, eventId: string, outcome: InboxOutcome): Promise<void>;
  markFailed(provider: string, eventId: string, error: string): Promise<void>;
  /** Newest first, by provider and time range, with optional filters. */
  list(provider: string, filter: InboxFilter, page: { limit: number; cursor?: string }): Promise<Page<InboxRecord>>;
  /** One project's events, newest first. */
  listForProject(
    projectId: string,
    provider: string,
    filter: Omit<InboxFilter, 'unowned'>,
    page: { limit: number; cursor?: string },
  ): Promise<Page<InboxRecord>>;
  /** Rows by id (at most 100), read strongly; ids not stored are simply absent. */
  getMany(provider: string, eventIds: string[]): Promise<Map<string, InboxRecord>>;
}

/** A queue a message is published to (the consumer reads the stored event by its id). */
export interface QueuePort {
  send(body: unknown): Promise<string>;
}

/** What a verified delivery tells the inbox about its event. */
export interface VerifiedEvent {
  eventId: string;
  type: string;
  /** When the provider created the event (ISO), if the body says so. */
  created: string | null;
  objectId: string | null;
}

/**
 * A provider's signature check on the exact bytes received: it reads the event only once the
 * signature holds, and refuses anything else with a ValidationError (nothing is stored then).
 */
export interface WebhookVerifier {
  provider: WebhookProvider;
  verify(rawBody: string, headers: Record<string, string | undefined>, now: Date): Promise<VerifiedEvent>;
}

export interface ReceiverPorts {
  inbox: Pick<InboxStore, 'putIfNew' | 'markQueued'>;
  queue: QueuePort;
  verifier: WebhookVerifier;
  clock: () => Date;
}

export interface ProcessorInboxPorts {
  inbox: Pick<InboxStore, 'get' | 'markAttempt' | 'markDone' | 'markFailed'>;
  clock: () => Date;
}

/** Processing a stored Stripe event: the sync's ports, the credit ledger, the inbox, and the catalog refresh. */
export interface StripeEventPorts extends SyncPorts, Pick<CreditPorts, 'credits' | 'catalog'>, ProcessorInboxPorts {
  refreshPlans: () => Promise<unknown>;
}

/** Processing a stored Razorpay event: the payment flows' ports, the inbox, and a reader of stored bodies. */
export interface RazorpayEventPorts extends PaymentPorts, ProcessorInboxPorts {
  /** Reads a stored body; undefined for a signed event Tollgate cannot read (it is ignored). */
  readEvent: (payload: string) => RazorpayEvent | undefined;
}
