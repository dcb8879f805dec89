import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { errors } from './errors';

export const API_VERSION = '2026-10-28.endive';
export const DAY = 86_400;

/**
 * The SDK turns `*_decimal` strings into its Decimal class after parsing a response; on the wire
 * (and so in this store) they are plain decimal strings.
 */
export const dec = (s: string): Stripe.Decimal => s as unknown as Stripe.Decimal;
export const decStr = (d: Stripe.Decimal | string | null | undefined): string | null => (d == null ? null : String(d));

export interface MeterEventRecord {
  event: Stripe.Billing.MeterEvent;
  /** Summed per meter; identifiers dedupe repeats. */
  sequence: number;
}

export type PaymentBehaviour = 'succeed' | 'decline';

export interface PaymentMethodExtra {
  behaviour: PaymentBehaviour;
  declineCode: string;
  /** What refunds of its charges do: succeed at once, stay pending a while, or fail a while later. */
  refunds: 'succeed' | 'pending' | 'fail';
  /** Cards settle at once; bank debits are `processing` first and settle a while later. */
  settles: 'instant' | 'delayed';
}

export interface SubscriptionExtra {
  trialWillEndSentFor: number | null;
  /** Invoices whose due date already moved the subscription to past_due. */
  overdueHandled: Set<string>;
}

export interface InvoiceExtra {
  paymentIntent: string | null;
  /** Set for invoices created for a subscription cycle: retries follow Stripe's default schedule. */
  retryable: boolean;
  /** For `send_invoice`: the due date is set at finalization, this many days later. */
  daysUntilDue: number | null;
  /** Paid outside Stripe (`paid_out_of_band`): Stripe's expand-only `amount_paid_off_stripe`. */
  paidOffStripe: number;
}

/** What a Checkout Session passes on to the subscription or payment it creates. */
export interface CheckoutExtra {
  subscriptionMetadata: Stripe.Metadata;
  trialDays: number | null;
  paymentIntentMetadata: Stripe.Metadata;
  invoiceCreation: boolean;
}

/** A refund that changes status a while after it was made (pending refunds, refunds that fail). */
export interface RefundExtra {
  settlesAt: number;
  to: 'succeeded' | 'failed';
}

export interface ProductFeatureRecord {
  product: string;
  feature: Stripe.ProductFeature;
}

export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

export interface StateOptions {
  clock: () => number;
  baseUrl: () => string;
  webhookSecret?: string;
  accountApiVersion?: string;
}

/**
 * The account's default API version: what a webhook endpoint created without `api_version`
 * receives. An account keeps the version it was created with, which is usually older than the
 * SDK's; 2025-03-31.basil is the first with `invoice.parent` (and without `invoice.subscription`).
 */
export const DEFAULT_ACCOUNT_API_VERSION = '2025-03-31.basil';

/** A response kept for an `Idempotency-Key`, replayed when the same key comes again. */
export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  /** Epoch milliseconds (the emulator's clock) when it was stored. */
  at: number;
}

/** Stripe may forget an idempotency key once it is 24 hours old; snapshots drop older ones. */
const IDEMPOTENCY_KEEP_MS = 24 * 3600 * 1000;

/** The stores a snapshot carries as `[id, object]` entries, restored in the same order. */
export const PERSISTED_MAPS = [
  'customers',
  'products',
  'prices',
  'features',
  'productFeatures',
  'meters',
  'subscriptions',
  'schedules',
  'invoices',
  'invoiceItems',
  'invoicePayments',
  'paymentIntents',
  'charges',
  'refunds',
  'paymentMethods',
  'setupIntents',
  'checkoutSessions',
  'checkoutLineItems',
  'checkoutExtra',
  'portalSessions',
  'testClocks',
  'events',
  'webhookEndpoints',
  'webhookSecrets',
  'paymentMethodExtra',
  'invoiceExtra',
  'refundExtra',
  'entitlementSnapshot',
  'activeEntitlementIds',
  'idempotency',
] as const satisfies readonly (keyof State)[];

type PersistedMap = (typeof PERSISTED_MAPS)[number];

export const SNAPSHOT_VERSION = 1;

/**
 * Everything a restarted emulator needs to carry on: the objects, the bookkeeping beside them
 * (subscription and invoice extras, entitlement snapshots, webhook secrets, idempotency keys),
 * and meter events. Not kept: webhook deliveries under way or waiting for a retry (the new
 * emulator starts with none; their events stay listed under /v1/events) and caches that are
 * rebuilt on demand.
 */
export interface StateSnapshot {
  version: typeof SNAPSHOT_VERSION;
  maps: Record<PersistedMap, [string, unknown][]>;
  subscriptionExtra: [string, { trialWillEndSentFor: number | null; overdueHandled: string[] }][];
  meterEvents: MeterEventRecord[];
  entitlementsCheckedAt: number;
  catalogChanged: boolean;
}

type AnyObject = { id: string; object: string };

/** Every resource the emulator knows, in creation order (lists reverse it: newest first, like Stripe). */
export class State {
  readonly customers = new Map<string, Stripe.Customer | Stripe.DeletedCustomer>();
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly features = new Map<string, Stripe.Entitlements.Feature>();
  readonly productFeatures = new Map<string, ProductFeatureRecord>();
  readonly meters = new Map<string, Stripe.Billing.Meter>();
  readonly meterEvents: MeterEventRecord[] = [];
  readonly meterEventsByIdentifier = new Map<string, MeterEventRecord>();
  readonly meterEventsByName = new Map<string, MeterEventRecord[]>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly schedules = new Map<string, Stripe.SubscriptionSchedule>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly invoiceItems = new Map<string, Stripe.InvoiceItem>();
  readonly invoicePayments = new Map<string, Stripe.InvoicePayment>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly checkoutSessions = new Map<string, Stripe.Checkout.Session>();
  readonly checkoutLineItems = new Map<string, Stripe.ApiList<Stripe.LineItem>>();
  readonly checkoutExtra = new Map<string, CheckoutExtra>();
  readonly portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  readonly testClocks = new Map<string, Stripe.TestHelpers.TestClock>();
  readonly events = new Map<string, Stripe.Event>();
  readonly webhookEndpoints = new Map<string, Stripe.WebhookEndpoint>();

  readonly paymentMethodExtra = new Map<string, PaymentMethodExtra>();
  readonly subscriptionExtra = new Map<string, SubscriptionExtra>();
  readonly invoiceExtra = new Map<string, InvoiceExtra>();
  readonly refundExtra = new Map<string, RefundExtra>();
  /** Last active-entitlement feature ids seen per customer, to emit summary events on change. */
  readonly entitlementSnapshot = new Map<string, string[]>();
  entitlementsCheckedAt = -1;
  catalogChanged = false;
  readonly activeEntitlementIds = new Map<string, string>();
  readonly webhookSecrets = new Map<string, string>();
  /** Responses kept per API key and `Idempotency-Key`. */
  readonly idempotency = new Map<string, StoredResponse>();

  // Not in snapshots: the fields below are per run, and the meter event indexes are rebuilt.

  /** Set while a request runs so events carry `request.id` / `request.idempotency_key`. */
  request: RequestInfo | null = null;
  /** While a clock (or the global timeline) processes due work, time reads as the work's moment. */
  readonly timeOverride = new Map<string, number>();
  /** Per timeline: the earliest pending due moment, valid while no new event has been recorded. */
  readonly dueHints = new Map<string, { events: number; at: number }>();
  onEvent: ((event: Stripe.Event) => void) | null = null;
  /** Called after each request (and other work) that may have changed the store. */
  onChange: (() => void) | null = null;

  constructor(readonly options: StateOptions) {}

  /** A JSON-safe copy of the store; `restore` on a fresh State brings it back. */
  snapshot(): StateSnapshot {
    const keepAfter = this.options.clock() - IDEMPOTENCY_KEEP_MS;
    const maps = Object.fromEntries(
      PERSISTED_MAPS.map((name) => {
        let entries: [string, unknown][] = [...(this[name] as Map<string, unknown>).entries()];
        if (name === 'idempotency') entries = entries.filter(([, r]) => (r as StoredResponse).at >= keepAfter);
        return [name, entries];
      }),
    ) as StateSnapshot['maps'];
    return structuredClone({
      version: SNAPSHOT_VERSION,
      maps,
      subscriptionExtra: [...this.subscriptionExtra].map(([id, x]) => [
        id,
        { trialWillEndSentFor: x.trialWillEndSentFor, overdueHandled: [...x.overdueHandled] },
      ]),
      meterEvents: this.meterEvents,
      entitlementsCheckedAt: this.entitlementsCheckedAt,
      catalogChanged: this.catalogChanged,
    } satisfies StateSnapshot);
  }

  /** Loads a snapshot into this (empty) store. */
  restore(snap: StateSnapshot): void {
    if (!snap || snap.version !== SNAPSHOT_VERSION)
      throw new Error(
        `Unsupported Stripe emulator snapshot version ${String(snap?.version)} (expected ${SNAPSHOT_VERSION})`,
      );
    if (this.customers.size || this.events.size) throw new Error('restore() needs an empty store');
    for (const name of PERSISTED_MAPS) {
      const store = this[name] as Map<string, unknown>;
      for (const [id, value] of snap.maps[name] ?? []) store.set(id, value);
    }
    for (const [id, x] of snap.subscriptionExtra)
      this.subscriptionExtra.set(id, {
        trialWillEndSentFor: x.trialWillEndSentFor,
        overdueHandled: new Set(x.overdueHandled),
      });
    // The indexes share the records of the list, as recording a meter event makes them.
    for (const record of snap.meterEvents) {
      this.meterEvents.push(record);
      this.meterEventsByIdentifier.set(record.event.identifier, record);
      const byName = this.meterEventsByName.get(record.event.event_name);
      if (byName) byName.push(record);
      else this.meterEventsByName.set(record.event.event_name, [record]);
    }
    this.entitlementsCheckedAt = snap.entitlementsCheckedAt;
    this.catalogChanged = snap.catalogChanged;
  }

  get baseUrl(): string {
    return this.options.baseUrl();
  }

  get accountApiVersion(): string {
    return this.options.accountApiVersion ?? DEFAULT_ACCOUNT_API_VERSION;
  }

  id(prefix: string, length = 24): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const bytes = randomBytes(length);
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
    return `${prefix}_${out}`;
  }

  /** Unix seconds on the global timeline (objects not attached to a test clock). */
  now(): number {
    return this.timeOverride.get('global') ?? Math.floor(this.options.clock() / 1000);
  }

  clockOf(customerId: string | null | undefined): string | null {
    if (!customerId) return null;
    const c = this.customers.get(customerId);
    if (!c || c.deleted) return null;
    const clock = c.test_clock;
    return typeof clock === 'string' ? clock : (clock?.id ?? null);
  }

  timeOfClock(clockId: string | null): number {
    if (!clockId) return this.now();
    const override = this.timeOverride.get(clockId);
    if (override !== undefined) return override;
    return this.testClocks.get(clockId)?.frozen_time ?? this.now();
  }

  /** "Now" for a customer: their test clock's frozen time, or the global clock. */
  nowFor(customerId: string | null | undefined): number {
    return this.timeOfClock(this.clockOf(customerId));
  }

  customer(id: string, param = 'customer'): Stripe.Customer {
    const c = this.customers.get(id);
    if (!c || c.deleted) throw errors.missing('customer', id, param);
    return c;
  }

  get<T>(store: Map<string, T>, kind: string, id: string, param = 'id'): T {
    const v = store.get(id);
    if (v === undefined) throw errors.missing(kind, id, param);
    return v;
  }

  /** Finds any stored object by id, for `expand[]` on fields this emulator does not name explicitly. */
  lookup(id: string): AnyObject | undefined {
    const stores: Map<string, unknown>[] = [
      this.customers,
      this.products,
      this.prices,
      this.features,
      this.meters,
      this.subscriptions,
      this.schedules,
      this.invoices,
      this.invoiceItems,
      this.invoicePayments,
      this.paymentIntents,
      this.charges,
      this.refunds,
      this.paymentMethods,
      this.setupIntents,
      this.checkoutSessions,
      this.portalSessions,
      this.testClocks,
      this.events,
      this.webhookEndpoints,
    ];
    for (const s of stores) {
      const v = s.get(id);
      if (v !== undefined) return v as AnyObject;
    }
    return undefined;
  }

  subExtra(id: string): SubscriptionExtra {
    let x = this.subscriptionExtra.get(id);
    if (!x) {
      x = { trialWillEndSentFor: null, overdueHandled: new Set() };
      this.subscriptionExtra.set(id, x);
    }
    return x;
  }

  invExtra(id: string): InvoiceExtra {
    let x = this.invoiceExtra.get(id);
    if (x && x.paidOffStripe === undefined) x.paidOffStripe = 0;
    if (!x) {
      x = { paymentIntent: null, retryable: false, daysUntilDue: null, paidOffStripe: 0 };
      this.invoiceExtra.set(id, x);
    }
    return x;
  }
}

/** The customer id an object belongs to, when it has one. */
export function customerIdOf(obj: unknown): string | null {
  if (!obj || typeof obj !== 'object') return null;
  const o = obj as { object?: string; id?: string; customer?: unknown };
  if (o.object === 'customer') return o.id ?? null;
  if (typeof o.customer === 'string') return o.customer;
  if (o.customer && typeof o.customer === 'object' && 'id' in o.customer)
    return String((o.customer as { id: string }).id);
  return null;
}

export const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;
