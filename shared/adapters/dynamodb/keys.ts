/**
 * Pure key builders for the single table (one place, no I/O). Every item also carries an
 * `entity` attribute so a scan or a stream consumer can tell items apart without parsing keys.
 *
 * The workspace item collection `W#<project>#<workspace>` is laid out for the entitlement read:
 * - `U#<window end>#…`  usage counters, sorted by the end of their window, so one Query with
 *                       `SK >= U#<cut-off>` returns exactly the windows that are still current;
 * - `X#…`               the profile, subscription and entitlement snapshots and grants, sorting
 *                       after every counter so the same Query always includes them;
 * - `D#…`               per-event dedupe records, sorting before `U#` and never read with them.
 * Tenancy lives in the key: a workspace of another project has another partition, so it is
 * simply not found.
 */
export const keys = {
  // Tenancy: projects, their apps and API keys (stored by the key's hash).
  project: (projectId: string) => ({ PK: `P#${projectId}`, SK: 'PROJECT' }),
  app: (projectId: string, appId: string) => ({ PK: `P#${projectId}`, SK: `APP#${appId}` }),
  apiKey: (hash: string) => ({ PK: `KEY#${hash}`, SK: 'KEY' }),
  apiKeyIndex: (projectId: string, keyId: string) => ({ GSI1PK: 'APIKEYS', GSI1SK: `${projectId}#${keyId}` }),

  // Workspaces: the profile heads the workspace collection that the entitlement read queries.
  workspacePk: (projectId: string, workspaceId: string) => `W#${projectId}#${workspaceId}`,
  workspace: (projectId: string, workspaceId: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: 'X#PROFILE',
  }),
  workspaceIndex: (projectId: string, workspaceId: string) => ({
    GSI1PK: `WSLIST#${projectId}`,
    GSI1SK: workspaceId,
  }),
  subscription: (projectId: string, workspaceId: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: 'X#SUBSCRIPTION',
  }),
  // Entitlements: the snapshot and grants, in the workspace collection.
  entitlements: (projectId: string, workspaceId: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: 'X#ENTITLEMENTS',
  }),
  grant: (projectId: string, workspaceId: string, grantId: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: `X#GRANT#${grantId}`,
  }),
  grantIndex: (projectId: string, grantId: string) => ({ GSI1PK: `GRANT#${projectId}`, GSI1SK: grantId }),
  // Usage: counters and threshold flags (`U#`, read with the collection) and dedupe records (`D#`).
  usageCounter: (projectId: string, workspaceId: string, windowEndIso: string, meter: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: `U#${windowEndIso}#${meter}`,
  }),
  usageCounterFrom: (cutOffIso: string) => `U#${cutOffIso}`,
  /**
   * The counter item of a meter's billing window, or of one segment (calendar month) of a long
   * window: segments sort with their window, by its end.
   */
  usageCounterItem: (
    projectId: string,
    workspaceId: string,
    meter: string,
    window: { start: string; end: string },
    segment?: { start: string },
  ) =>
    keys.usageCounter(
      projectId,
      workspaceId,
      window.end,
      segment ? `${meter}#${window.start}#${segment.start}` : `${meter}#${window.start}`,
    ),
  /** Threshold flags of one limit window; in the `U#` range so the entitlement read sees them. */
  usageThresholds: (projectId: string, workspaceId: string, meter: string, view: { start: string; end: string }) =>
    keys.usageCounter(projectId, workspaceId, view.end, `${meter}#~th#${view.start}`),
  usageDedupe: (projectId: string, workspaceId: string, meter: string, idempotencyKey: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: `D#${meter}#${idempotencyKey}`,
  }),
  /** The sort-key prefix of a workspace's dedupe records of one meter. */
  usageDedupePrefix: (meter: string) => `D#${meter}#`,
  /**
   * The sort-key range (inclusive) of a workspace's dedupe records of every meter. The credit
   * ledger's markers share the `D#` prefix as `D#~cr#…`; `~` sorts after every meter key, so the
   * range ends at `D#~`, before them.
   */
  usageDedupeAll: { from: 'D#', to: 'D#~' },

  // History: a workspace's billing events, newest first by time.
  workspaceEvent: (projectId: string, workspaceId: string, eventId: string) => ({
    PK: `WE#${projectId}#${workspaceId}`,
    SK: eventId,
  }),
  workspaceEventsPk: (projectId: string, workspaceId: string) => `WE#${projectId}#${workspaceId}`,

  // Billing: the Stripe customer → workspace link that webhooks are routed by (the subscription
  // snapshot is an item of the workspace collection, above).
  stripeCustomer: (customerId: string) => ({ PK: `CUS#${customerId}`, SK: 'CUS' }),

  // Idempotency-Key records of HTTP mutations, per project.
  httpIdempotency: (projectId: string, key: string) => ({ PK: `IDEM#${projectId}#${key}`, SK: 'IDEM' }),
  // Queue messages that can never succeed, per queue.
  poison: (queue: string, id: string) => ({ PK: `POISON#${queue}`, SK: id }),
  poisonPk: (queue: string) => `POISON#${queue}`,

  // Inbox: each provider event once by its id, listed by provider and time (GSI1).
  inbox: (provider: string, eventId: string) => ({ PK: `INBOX#${provider}#${eventId}`, SK: 'INBOX' }),
  inboxIndexPk: (provider: string) => `INBOX#${provider}`,
  inboxIndex: (provider: string, createdIso: string, eventId: string) => ({
    GSI1PK: keys.inboxIndexPk(provider),
    GSI1SK: `${createdIso}#${eventId}`,
  }),

  /**
   * An event's entry in its project's list, written once processing has found the project: a
   * project key lists and replays only what sits under its own partition.
   */
  inboxProjectEntry: (projectId: string, provider: string, createdIso: string, eventId: string) => ({
    PK: keys.inboxProjectPk(projectId, provider),
    SK: `${createdIso}#${eventId}`,
  }),
  inboxProjectPk: (projectId: string, provider: string) => `INBOXP#${projectId}#${provider}`,

  // Catalog: the plans as last read from Stripe, before catalogs were per project (no longer written).
  planCache: () => ({ PK: 'CATALOG', SK: 'PLANS' }),

  // Payments. Everything about one Stripe invoice shares the partition `INV#<invoice>`: the
  // settlement record (the "paid once" guard), the ledger of recorded payments, each payment and
  // the current Razorpay order and Payment Link, so one Query shows an invoice's whole payment story.
  invoicePk: (invoiceId: string) => `INV#${invoiceId}`,
  settlement: (invoiceId: string) => ({ PK: `INV#${invoiceId}`, SK: 'SETTLEMENT' }),
  /** Only unfinished settlements are indexed: the drift job resumes them. */
  settlementIndexPk: (status: string) => `SETTLEMENTS#${status}`,
  settlementIndex: (status: string, atIso: string, invoiceId: string) => ({
    GSI1PK: keys.settlementIndexPk(status),
    GSI1SK: `${atIso}#${invoiceId}`,
  }),
  paymentLedger: (invoiceId: string) => ({ PK: `INV#${invoiceId}`, SK: 'LEDGER' }),
  invoicePayment: (invoiceId: string, paymentId: string) => ({ PK: `INV#${invoiceId}`, SK: `PAY#${paymentId}` }),
  invoiceRazorpayOrder: (invoiceId: string) => ({ PK: `INV#${invoiceId}`, SK: 'RZP_ORDER' }),
  invoiceRazorpayLink: (invoiceId: string) => ({ PK: `INV#${invoiceId}`, SK: 'RZP_LINK' }),
  /** A payment reference (bank UTR, gateway payment id) is claimed once per project and gateway. */
  paymentReference: (projectId: string, gateway: string, reference: string) => ({
    PK: `PAYREF#${projectId}#${gateway}#${reference}`,
    SK: 'PAYREF',
  }),
  razorpayOrder: (orderId: string) => ({ PK: `RZPORDER#${orderId}`, SK: 'RZPORDER' }),
  /** Open orders only, oldest first: the drift job asks Razorpay whether any was paid unseen. */
  razorpayOpenOrdersPk: () => 'RZPORDERS#open',
  razorpayOpenOrderIndex: (createdIso: string, orderId: string) => ({
    GSI1PK: keys.razorpayOpenOrdersPk(),
    GSI1SK: `${createdIso}#${orderId}`,
  }),
  razorpayLink: (linkId: string) => ({ PK: `RZPLINK#${linkId}`, SK: 'RZPLINK' }),
  /** Open Payment Links only, oldest first: the drift job asks Razorpay whether any was paid unseen. */
  razorpayOpenLinksPk: () => 'RZPLINKS#open',
  razorpayOpenLinkIndex: (createdIso: string, linkId: string) => ({
    GSI1PK: keys.razorpayOpenLinksPk(),
    GSI1SK: `${createdIso}#${linkId}`,
  }),
  attention: (id: string) => ({ PK: `ATTN#${id}`, SK: 'ATTN' }),
  /** Open items per project (`-` when the project is unknown, e.g. an unknown order), newest last. */
  attentionIndexPk: (projectId: string | null) => `ATTN#open#${projectId ?? '-'}`,
  attentionIndex: (projectId: string | null, createdIso: string, id: string) => ({
    GSI1PK: keys.attentionIndexPk(projectId),
    GSI1SK: `${createdIso}#${id}`,
  }),

  // Reconciliation: drift runs, listed per scope newest first (GSI1).
  reconcileRun: (runId: string) => ({ PK: `RUN#${runId}`, SK: 'RUN' }),
  reconcileRunsPk: (scope: string) => `RUNS#${scope}`,
  reconcileRunIndex: (scope: string, startedIso: string, runId: string) => ({
    GSI1PK: keys.reconcileRunsPk(scope),
    GSI1SK: `${startedIso}#${runId}`,
  }),

  // Outbound integrations. A project's webhook endpoints sit in its own partition (listed whole
  // when an event fans out); each endpoint's deliveries share a partition, listed newest first
  // through GSI1; an endpoint's concurrency slots are items of their own. A workspace's history
  // entries are also indexed by the sequence they were recorded in (`WEF#`), which the live
  // stream reads.
  webhookEndpoint: (projectId: string, endpointId: string) => ({ PK: `P#${projectId}`, SK: `WHE#${endpointId}` }),
  webhookEndpointPrefix: 'WHE#',
  webhookDelivery: (projectId: string, endpointId: string, deliveryId: string) => ({
    PK: `WHD#${projectId}#${endpointId}`,
    SK: deliveryId,
  }),
  webhookDeliveryIndex: (projectId: string, endpointId: string, createdIso: string, deliveryId: string) => ({
    GSI1PK: keys.webhookDeliveryIndexPk(projectId, endpointId),
    GSI1SK: `${createdIso}#${deliveryId}`,
  }),
  webhookDeliveryIndexPk: (projectId: string, endpointId: string) => `WHDL#${projectId}#${endpointId}`,
  endpointSlot: (projectId: string, endpointId: string, slot: number) => ({
    PK: `WHS#${projectId}#${endpointId}`,
    SK: `SLOT#${slot}`,
  }),
  workspaceFeedIndex: (projectId: string, workspaceId: string, seq: string) => ({
    GSI1PK: keys.workspaceFeedPk(projectId, workspaceId),
    GSI1SK: seq,
  }),
  workspaceFeedPk: (projectId: string, workspaceId: string) => `WEF#${projectId}#${workspaceId}`,

  // Credits. The balance heads the workspace collection's `X#` range (so the entitlement read
  // sees it in its one Query); the ledger's entries sort by their place in it (`C#<seq>`, before
  // every counter, never read with them); once-only markers (a consume's idempotency key, a
  // period's allocation, a purchase) sit in the dedupe range (`D#~cr#`, no meter key has `~`).
  creditBalance: (projectId: string, workspaceId: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: 'X#CREDITS',
  }),
  creditEntryPrefix: 'C#',
  creditEntry: (projectId: string, workspaceId: string, seq: number) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: `C#${String(seq).padStart(12, '0')}`,
  }),
  creditMarker: (projectId: string, workspaceId: string, id: string) => ({
    PK: keys.workspacePk(projectId, workspaceId),
    SK: `D#~cr#${id}`,
  }),
  // Per-project catalogs, in the project's partition: the document the project pushed, its plans
  // as last read from Stripe, and the run that brings a catalog change to its workspaces'
  // entitlements. A project's workspaces are listed through `workspaceIndex` (GSI1 `WSLIST#`).
  catalogDocument: (projectId: string) => ({ PK: `P#${projectId}`, SK: 'CATALOG' }),
  projectPlanCache: (projectId: string) => ({ PK: `P#${projectId}`, SK: 'CATALOG#PLANS' }),
  catalogPropagation: (projectId: string) => ({ PK: `P#${projectId}`, SK: 'CATALOG#PROPAGATION' }),
  workspaceListPk: (projectId: string) => `WSLIST#${projectId}`,
  // Project metrics. A project's counters share the partition `PM#<project>`: subscriptions by
  // status and plan (`C#`), MRR per currency (`M#`), each day's subscription movements (`S#<day>`)
  // and each day's revenue per currency (`R#<day>#<currency>`), so each metrics answer is a Query
  // or two over items that grow with plans, currencies and days, never with workspaces. What each
  // workspace contributes and which revenue sources were counted sit apart, in `PMS#<project>`.
  metricsPk: (projectId: string) => `PM#${projectId}`,
  metricsCount: (projectId: string, status: string, plan: string) => ({
    PK: keys.metricsPk(projectId),
    SK: `C#${status}#${plan}`,
  }),
  metricsMrr: (projectId: string, currency: string) => ({ PK: keys.metricsPk(projectId), SK: `M#${currency}` }),
  metricsSubscriptionDay: (projectId: string, day: string) => ({ PK: keys.metricsPk(projectId), SK: `S#${day}` }),
  metricsRevenueDay: (projectId: string, day: string, currency: string) => ({
    PK: keys.metricsPk(projectId),
    SK: `R#${day}#${currency}`,
  }),
  metricsMembership: (projectId: string, workspaceId: string) => ({ PK: `PMS#${projectId}`, SK: `W#${workspaceId}` }),
  metricsSource: (projectId: string, sourceKey: string) => ({ PK: `PMS#${projectId}`, SK: `SRC#${sourceKey}` }),
  // Project settings (implicit workspaces, bank details): one item beside the project's.
  projectSettings: (projectId: string) => ({ PK: `P#${projectId}`, SK: 'SETTINGS' }),
} as const;
