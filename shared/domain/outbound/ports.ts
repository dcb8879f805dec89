/**
 * Outbound integrations: webhook endpoints an app registers, the deliveries of billing events to
 * them, the live event stream and the daily usage aggregates. Domain vocabulary and the ports
 * the rules in this folder take; adapters in shared/adapters implement them.
 */

/** A normalised billing event: the envelope of the workspace history, the bus and every delivery. */
export interface BillingEvent {
  id: string;
  type: string;
  project_id: string;
  workspace_id: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

/** A signing secret; a rotated-out one stays valid until `expiresAt`. */
export interface SigningSecret {
  secret: string;
  createdAt: string;
  expiresAt?: string;
}

export interface WebhookEndpoint {
  projectId: string;
  endpointId: string;
  url: string;
  /** Event types (`invoice.paid`), families (`subscription.*`) or `*`. */
  events: string[];
  description: string;
  disabled: boolean;
  /** Newest first: the current secret, then any still in their grace period. */
  secrets: SigningSecret[];
  createdAt: string;
  updatedAt: string;
}

export type EndpointPatch = Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'description' | 'disabled' | 'secrets'>>;

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRef {
  projectId: string;
  endpointId: string;
  deliveryId: string;
}

export interface Delivery extends DeliveryRef {
  event: BillingEvent;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  /** The first bytes of the endpoint's last answer (capped). */
  lastResponseBody: string | null;
  createdAt: string;
  updatedAt: string;
  /** Retries stop once this much time has passed since it (creation, or a manual retry). */
  retryWindowStart: string;
  nextAttemptAt: string | null;
  completedAt: string | null;
}

/** What one attempt met. */
export type SendOutcome =
  | { kind: 'response'; status: number; latencyMs: number; body: string }
  | { kind: 'error'; error: string; latencyMs: number };

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends one signed request: refuses forbidden addresses, times out, caps what it reads. */
export interface WebhookSender {
  send(req: OutboundRequest): Promise<SendOutcome>;
}

export interface EndpointStore {
  /** Fails with a conflict if the id exists. */
  create(e: WebhookEndpoint): Promise<void>;
  get(projectId: string, endpointId: string): Promise<WebhookEndpoint | undefined>;
  /** Every endpoint of the project (a project has few), oldest first. */
  list(projectId: string): Promise<WebhookEndpoint[]>;
  /** Applies the patch if the endpoint exists; answers the endpoint as written. */
  update(
    projectId: string,
    endpointId: string,
    patch: EndpointPatch,
    updatedAt: string,
  ): Promise<WebhookEndpoint | undefined>;
  delete(projectId: string, endpointId: string): Promise<boolean>;
}

export interface AttemptResult {
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  lastResponseBody: string | null;
  nextAttemptAt: string | null;
  completedAt: string | null;
  updatedAt: string;
}

export interface DeliveryPage {
  deliveries: Delivery[];
  cursor: string | null;
}

export interface DeliveryStore {
  /** Writes the delivery unless one with its id exists; true when written. */
  createOnce(d: Delivery): Promise<boolean>;
  get(ref: DeliveryRef): Promise<Delivery | undefined>;
  /** Newest first. */
  list(
    projectId: string,
    endpointId: string,
    page: { limit: number; cursor?: string; status?: DeliveryStatus },
  ): Promise<DeliveryPage>;
  /**
   * Takes the delivery for attempt number `attempt`: it must be pending, have made `attempt - 1`
   * attempts, and not be held by another worker (or that worker's lease has run out).
   */
  claim(ref: DeliveryRef, attempt: number, token: string, leaseUntil: string, now: string): Promise<boolean>;
  /** Records an attempt's result, if this worker still holds the claim. */
  finish(ref: DeliveryRef, token: string, result: AttemptResult): Promise<boolean>;
  /** Gives the claim back without an attempt (the endpoint was busy). */
  release(ref: DeliveryRef, token: string): Promise<void>;
  /** A manual retry: pending again, a fresh retry window from `now`; refused while an attempt runs. */
  reopen(ref: DeliveryRef, now: string): Promise<Delivery | 'in_progress' | undefined>;
  /** Ends a pending delivery without an attempt (its endpoint is gone or disabled). */
  abandon(ref: DeliveryRef, reason: string, now: string): Promise<void>;
}

/** One attempt to make, as the delivery queue carries it. */
export interface AttemptMessage {
  kind: 'attempt';
  project_id: string;
  endpoint_id: string;
  delivery_id: string;
  /** The attempt this message makes (1 for the first). */
  attempt: number;
  /** Not before this time (a backoff longer than the queue can delay is waited out in hops). */
  not_before: string;
}

export interface DeliveryQueue {
  schedule(messages: AttemptMessage[], delaySeconds: number): Promise<void>;
}

/** Bounds concurrent attempts per endpoint across every worker. */
export interface EndpointGate {
  acquire(projectId: string, endpointId: string, leaseUntil: string, now: string): Promise<string | undefined>;
  release(projectId: string, endpointId: string, token: string): Promise<void>;
}

/** The once-only record of an event in its workspace's history, and the bus it is published on. */
export interface EventRecorder {
  recordOnce(e: BillingEvent): Promise<boolean>;
}

export interface EventPublisher {
  publish(events: BillingEvent[]): Promise<void>;
}

/** One history entry as the stream sends it: `seq` orders entries in the order they were recorded. */
export interface FeedEntry {
  seq: string;
  event: BillingEvent;
}

export interface EventFeed {
  /** Entries recorded after `afterSeq` and no later than `untilSeq`, oldest first. */
  after(
    projectId: string,
    workspaceId: string,
    afterSeq: string,
    untilSeq: string,
    limit: number,
  ): Promise<FeedEntry[]>;
}

/** Where the daily aggregation finds the usage it reports. */
export interface UsageDaySource {
  projectIds(): Promise<string[]>;
  workspaceIds(projectId: string): Promise<string[]>;
  /** Per meter: the usage counted for `day` (YYYY-MM-DD, UTC), exact decimal text. */
  dayTotals(projectId: string, workspaceId: string, day: string): Promise<Record<string, string>>;
}
