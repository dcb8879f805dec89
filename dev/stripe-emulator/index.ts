import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { openStateFile, readStateFile, type StateFile } from '../state-file';
import { registerCatalog } from './catalog';
import { registerCheckout } from './checkout';
import { registerCustomers } from './customers';
import { registerEntitlements } from './entitlements';
import { registerEvents } from './events';
import { registerInvoices } from './invoices';
import { processDue, registerTestClocks } from './lifecycle';
import { registerMeters } from './meters';
import { registerPaymentMethods } from './payment-methods';
import { registerPayments } from './payments';
import { Router } from './router';
import { registerSchedules } from './schedules';
import { createHandler, type RecordedRequest } from './server';
import { API_VERSION, State, type StateSnapshot } from './state';
import { registerSubscriptions } from './subscription-routes';
import {
  DEFAULT_RETRY_DELAYS_MS,
  registerWebhookEndpoints,
  signatureHeader,
  type WebhookDelivery,
  WebhookDispatcher,
} from './webhooks';

export type { RecordedRequest } from './server';
export type { StateSnapshot } from './state';
export type { WebhookAttempt, WebhookDelivery } from './webhooks';
export { API_VERSION, State, signatureHeader };

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port; read it back from `port`. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /**
   * When set, every webhook endpoint gets this signing secret instead of a random `whsec_…`,
   * endpoints restored from `stateFile` included.
   */
  webhookSecret?: string;
  /** "Now" for objects not on a test clock, in epoch milliseconds. Defaults to `Date.now`. */
  clock?: () => number;
  /** Delays before webhook retries (one entry per retry). Defaults to 0.5 s doubling up to 32 s (8 attempts). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt webhook timeout. Defaults to 10 s. */
  webhookTimeoutMs?: number;
  /** Receives one line per request, e.g. for a dev console. */
  log?: (line: string) => void;
  /**
   * Keeps the store in this JSON file: loaded at start when it exists, written within
   * `saveDelayMs` after each change and on `close()`. Without it everything stays in memory.
   */
  stateFile?: string;
  /** How soon a change reaches `stateFile`, at the latest. Defaults to 500 ms. */
  saveDelayMs?: number;
  /**
   * The account's default API version, in which webhook endpoints without `api_version` receive
   * their events (defaults to 2025-03-31.basil; Stripe accounts keep the version they started with).
   */
  accountApiVersion?: string;
  /** Keeps every API request (route, parameters, how they differ from the SDK's declaration) for `requests()`. */
  recordRequests?: boolean;
  /**
   * Appends every API request to this file as a JSON line (`npm run stripe-conformance` reads it).
   * Defaults to the environment's STRIPE_EMULATOR_REQUEST_LOG, so a whole test run can be recorded.
   */
  requestLog?: string;
}

export interface DeliveryFilter {
  eventType?: string;
  endpointId?: string;
  status?: WebhookDelivery['status'];
}

export interface StripeEmulator {
  /** Base URL, e.g. `http://127.0.0.1:12111`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The in-memory store (customers, subscriptions, invoices, events, …) for assertions. */
  readonly state: State;
  /** Stops the server and pending webhook retries; with `stateFile`, then writes the store. */
  close(): Promise<void>;
  /** With `stateFile`: writes the store now (it is also written shortly after every change). */
  save(): Promise<void>;
  /** Resolves once every webhook delivery has succeeded or given up (retries included). */
  flush(): Promise<void>;
  /** Webhook deliveries so far, each with its attempts. */
  deliveries(filter?: DeliveryFilter): WebhookDelivery[];
  /** Events so far, oldest first; `type` may end in `*` (e.g. `invoice.*`). */
  events(type?: string): Stripe.Event[];
  /** Runs renewals and other work that fell due on the global clock (requests do this too). */
  runDue(): void;
  /** With `recordRequests`: every API request so far, oldest first. */
  requests(): RecordedRequest[];
}

export function buildRouter(): Router {
  const r = new Router();
  registerCustomers(r);
  registerPaymentMethods(r);
  registerPayments(r);
  registerCatalog(r);
  registerEntitlements(r);
  registerMeters(r);
  registerSubscriptions(r);
  registerSchedules(r);
  registerInvoices(r);
  registerCheckout(r);
  registerTestClocks(r);
  registerEvents(r);
  registerWebhookEndpoints(r);
  return r;
}

export async function startStripeEmulator(opts: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = opts.host ?? '127.0.0.1';
  let url = '';
  const state = new State({
    clock: opts.clock ?? Date.now,
    baseUrl: () => url,
    webhookSecret: opts.webhookSecret,
    accountApiVersion: opts.accountApiVersion,
  });
  let file: StateFile | undefined;
  if (opts.stateFile) {
    const saved = readStateFile(opts.stateFile) as StateSnapshot | undefined;
    if (saved) state.restore(saved);
    if (opts.webhookSecret)
      for (const id of state.webhookEndpoints.keys()) state.webhookSecrets.set(id, opts.webhookSecret);
    file = openStateFile(opts.stateFile, () => state.snapshot(), {
      delayMs: opts.saveDelayMs,
      onError: opts.log && ((e) => opts.log!(`could not save ${opts.stateFile}: ${e.message}`)),
    });
    state.onChange = () => file!.changed();
  }
  // Restored events are not delivered again: webhook deliveries that were pending or waiting for a
  // retry when the previous emulator stopped are dropped, as the dispatcher starts empty.
  const dispatcher = new WebhookDispatcher(state, {
    retryDelaysMs: opts.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: opts.webhookTimeoutMs ?? 10_000,
  });
  state.onEvent = (e) => dispatcher.dispatch(e);
  const recorded: RecordedRequest[] = [];
  const requestLog = opts.requestLog ?? process.env.STRIPE_EMULATOR_REQUEST_LOG;
  const record =
    opts.recordRequests || requestLog
      ? (r: RecordedRequest) => {
          if (opts.recordRequests) recorded.push(r);
          if (requestLog) appendFileSync(requestLog, `${JSON.stringify(r)}\n`);
        }
      : undefined;
  const server: Server = createServer(createHandler({ state, router: buildRouter(), log: opts.log, record }));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable on loopback; URLs handed out (checkout, portal) must be dialable.
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  return {
    url,
    port,
    host,
    state,
    close: async () => {
      dispatcher.close();
      try {
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        });
      } finally {
        await file?.close();
      }
    },
    save: async () => file?.flush(),
    flush: () => dispatcher.flush(),
    deliveries: (f = {}) =>
      dispatcher.deliveries.filter(
        (d) =>
          (!f.eventType || d.eventType === f.eventType) &&
          (!f.endpointId || d.endpointId === f.endpointId) &&
          (!f.status || d.status === f.status),
      ),
    events: (type) =>
      [...state.events.values()].filter(
        (e) => !type || (type.endsWith('*') ? e.type.startsWith(type.slice(0, -1)) : e.type === type),
      ),
    requests: () => [...recorded],
    runDue: () => {
      processDue(state, null, state.now());
      state.onChange?.();
    },
  };
}
