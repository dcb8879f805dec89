import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStateFile, readStateFile, type StateFile } from '../state-file';
import { checkAuth, collection, intParam, readBody, routeNotFound, send } from './http';
import { type PaidLink, type PayLinkOptions, paymentLinkRoutes } from './link-routes';
import { type EmulatorPaymentLink, type LinksSnapshot, PaymentLinkBook } from './links';
import {
  badRequest,
  type EmulatorOrder,
  type EmulatorPayment,
  type ListOrdersQuery,
  type PayOptions,
  RazorpayApiError,
  RazorpayStore,
  razorpayId,
  type StoreSnapshot,
} from './store';
import { type WebhookDelivery, type WebhookEventName, WebhookSender } from './webhooks';

export type { PaidLink, PayLinkOptions } from './link-routes';
export type { EmulatorPaymentLink, LinkPayOptions } from './links';
export type { EmulatorOrder, EmulatorPayment, PayOptions, StoreSnapshot } from './store';
export { RazorpayApiError } from './store';
export { signRazorpayBody, type WebhookAttempt, type WebhookDelivery, type WebhookEventName } from './webhooks';

export const DEFAULT_KEY_ID = 'rzp_test_TollgateLocal1';
export const DEFAULT_KEY_SECRET = 'tollgate_local_key_secret';

export interface RazorpayEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  keyId?: string;
  keySecret?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Waits between webhook attempts after a failure; Razorpay backs off for hours, tests want milliseconds. */
  retryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  accountId?: string;
  /** Milliseconds since the epoch; lets tests pin `created_at`. */
  now?: () => number;
  /**
   * Keeps orders and payments (and the account id webhooks carry) in this JSON file: loaded at
   * start when it exists, written within `saveDelayMs` after each change and on `close()`.
   * Without it everything stays in memory.
   */
  stateFile?: string;
  /** How soon a change reaches `stateFile`, at the latest. Defaults to 500 ms. */
  saveDelayMs?: number;
}

/** What `stateFile` holds (files written before Payment Links have no `payment_links`). */
interface SavedState {
  version: 1;
  account_id: string;
  store: StoreSnapshot;
  payment_links?: LinksSnapshot;
}

export interface PayOrderOptions extends PayOptions {
  /**
   * Which webhooks to send, in this order. Default: `payment.captured`, then `order.paid` when the
   * payment completes the order (Razorpay sends no `order.paid` for a partial payment).
   * Pass them reversed to deliver out of order, or `[]` to pay without any webhook.
   */
  emit?: WebhookEventName[];
}

export interface PaidOrder {
  payment: EmulatorPayment;
  order: EmulatorOrder;
  /** The deliveries queued by this payment, in emission order. */
  webhooks: WebhookDelivery[];
}

export interface RazorpayEmulator {
  url: string;
  port: number;
  keyId: string;
  keySecret: string;
  close(): Promise<void>;
  setWebhook(url: string, secret: string): void;
  /** Resolves once every queued webhook has been delivered, given up on, or cancelled. */
  flush(): Promise<void>;
  /** Every webhook delivery so far (live list), retries recorded as attempts. */
  readonly deliveries: readonly WebhookDelivery[];
  /** Pays an order as a customer would (auto-captured) and sends the webhooks. */
  payOrder(orderId: string, opts?: PayOrderOptions): Promise<PaidOrder>;
  /** Pays an order with no webhook at all: the "missed webhook" that reconciliation must catch. */
  payOrderSilently(orderId: string, opts?: PayOptions): Promise<PaidOrder>;
  /** Pays a Payment Link as its hosted page does, and sends its webhooks. */
  payPaymentLink(linkId: string, opts?: PayLinkOptions): Promise<PaidLink>;
  getPaymentLink(linkId: string): EmulatorPaymentLink | undefined;
  paymentLinks(): EmulatorPaymentLink[];
  /** Delivers an already emitted event again with the same id and body, as Razorpay's retries do. */
  resend(eventId: string): WebhookDelivery;
  /** With `stateFile`: writes the state now (it is also written shortly after every change). */
  save(): Promise<void>;
  getOrder(orderId: string): EmulatorOrder | undefined;
  getPayment(paymentId: string): EmulatorPayment | undefined;
  orders(): EmulatorOrder[];
  payments(): EmulatorPayment[];
  reset(): void;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

function listQuery(q: URLSearchParams): ListOrdersQuery {
  const authorized = q.get('authorized');
  return {
    count: intParam(q, 'count', 1, 100),
    skip: intParam(q, 'skip', 0, Number.MAX_SAFE_INTEGER),
    from: intParam(q, 'from', 0, Number.MAX_SAFE_INTEGER),
    to: intParam(q, 'to', 0, Number.MAX_SAFE_INTEGER),
    receipt: q.get('receipt') ?? undefined,
    authorized: authorized === null || authorized === '' ? undefined : authorized === '1' || authorized === 'true',
  };
}

const EMIT_NAMES: ReadonlySet<string> = new Set<WebhookEventName>(['payment.captured', 'order.paid']);

/**
 * A stateful Razorpay (REST API v1; in memory, or kept in `stateFile`) for the calls Tollgate
 * makes: orders (create, fetch, list, their payments), payments (fetch), Payment Links (create,
 * fetch, list, cancel, expiry, and their hosted page at `/i/<code>`), Basic auth with the key id
 * and secret, Razorpay's error envelope, and test-only ways to pay an order
 * (`POST /v1/test_helpers/orders/:id/pay`) or a link (`…/payment_links/:id/pay`) that send
 * `payment.captured`, `order.paid` and `payment_link.paid` signed like Razorpay, retried with backoff.
 * Tollgate reaches it through the official SDK with only the base URL changed.
 */
export async function startRazorpayEmulator(opts: RazorpayEmulatorOptions = {}): Promise<RazorpayEmulator> {
  const keyId = opts.keyId ?? DEFAULT_KEY_ID;
  const keySecret = opts.keySecret ?? DEFAULT_KEY_SECRET;
  const now = opts.now ?? Date.now;
  let file: StateFile | undefined;
  const store = new RazorpayStore(now, () => file?.changed());
  const saved = opts.stateFile ? (readStateFile(opts.stateFile) as SavedState | undefined) : undefined;
  if (saved) {
    if (saved.version !== 1)
      throw new Error(`${opts.stateFile}: unsupported Razorpay emulator state version ${String(saved.version)}`);
    store.restore(saved.store);
  }
  let origin = '';
  const links = new PaymentLinkBook(
    store,
    now,
    () => file?.changed(),
    () => origin,
  );
  links.restore(saved?.payment_links);
  const accountId = opts.accountId ?? saved?.account_id ?? razorpayId('acc');
  // Webhook deliveries are not kept: those pending or waiting for a retry when the previous
  // emulator stopped are dropped, and `resend` only knows events emitted since this start.
  if (opts.stateFile)
    file = openStateFile(
      opts.stateFile,
      (): SavedState => ({
        version: 1,
        account_id: accountId,
        store: store.snapshot(),
        payment_links: links.snapshot(),
      }),
      { delayMs: opts.saveDelayMs },
    );
  const sender = new WebhookSender({
    url: opts.webhookUrl,
    secret: opts.webhookSecret,
    accountId,
    retryDelaysMs: opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: opts.webhookTimeoutMs ?? 5_000,
    now,
  });
  const linkRoutes = paymentLinkRoutes({ links, sender, keySecret });

  function pay(orderId: string, options: PayOptions, emit: WebhookEventName[] | undefined): PaidOrder {
    for (const name of emit ?? []) {
      if (!EMIT_NAMES.has(name)) throw badRequest(`Unknown webhook event ${String(name)}`, 'emit');
    }
    const { payment, order } = store.pay(orderId, options);
    const events = emit ?? (order.status === 'paid' ? ['payment.captured', 'order.paid'] : ['payment.captured']);
    const webhooks = events.map((name) =>
      name === 'order.paid'
        ? sender.emit(name, ['payment', 'order'], { payment, order })
        : sender.emit(name, ['payment'], { payment }),
    );
    return { payment, order, webhooks };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (path === '/__emulator/health' && method === 'GET') {
      return send(res, 200, { status: 'ok', ...store.counts(), webhook_url: sender.webhookUrl ?? null });
    }
    if (path === '/__emulator/webhook' && method === 'POST') {
      const body = (await readBody(req)) as { url?: unknown; secret?: unknown };
      if (typeof body.url !== 'string' || typeof body.secret !== 'string')
        throw badRequest('url and secret are required', 'url');
      sender.setWebhook(body.url, body.secret);
      return send(res, 200, { url: sender.webhookUrl });
    }
    if (path === '/__emulator/deliveries' && method === 'GET') {
      return send(res, 200, collection(sender.deliveries.map(({ signature: _s, ...d }) => d)));
    }
    if (await linkRoutes.page(req, res, path, method)) return;

    if (!path.startsWith('/v1/')) throw routeNotFound();
    checkAuth(req, keyId, keySecret);
    if (await linkRoutes.api(req, res, path, method, url.searchParams)) return;

    let m: RegExpExecArray | null;
    if (path === '/v1/orders') {
      if (method === 'POST') return send(res, 200, store.createOrder(await readBody(req)));
      if (method === 'GET') return send(res, 200, collection(store.listOrders(listQuery(url.searchParams))));
    } else if ((m = /^\/v1\/orders\/([^/]+)$/.exec(path)) && method === 'GET') {
      return send(res, 200, store.getOrder(m[1]));
    } else if ((m = /^\/v1\/orders\/([^/]+)\/payments$/.exec(path)) && method === 'GET') {
      return send(res, 200, collection(store.orderPayments(m[1])));
    } else if ((m = /^\/v1\/payments\/([^/]+)$/.exec(path)) && method === 'GET') {
      return send(res, 200, store.getPayment(m[1]));
    } else if ((m = /^\/v1\/test_helpers\/orders\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      const body = (await readBody(req)) as Record<string, unknown>;
      const emit =
        body.webhooks === false ? [] : Array.isArray(body.emit) ? (body.emit as WebhookEventName[]) : undefined;
      const paid = pay(
        m[1],
        {
          method: typeof body.method === 'string' ? body.method : undefined,
          amount: body.amount as number | undefined,
          email: typeof body.email === 'string' ? body.email : undefined,
          contact: typeof body.contact === 'string' ? body.contact : undefined,
          notes: body.notes as PayOptions['notes'],
        },
        emit,
      );
      return send(res, 200, {
        payment: paid.payment,
        order: paid.order,
        webhook_event_ids: paid.webhooks.map((w) => w.eventId),
      });
    }
    // Razorpay answers unknown routes with a 400 in its envelope, not a 404.
    throw routeNotFound();
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      if (e instanceof RazorpayApiError) return send(res, e.status, e.envelope());
      const err = new RazorpayApiError(
        500,
        'We are facing some trouble completing your request at the moment. Please try again shortly.',
        undefined,
        'SERVER_ERROR',
        'NA',
        'NA',
        'NA',
      );
      send(res, 500, err.envelope());
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 12112, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  origin = url;

  const maybe = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof RazorpayApiError) return undefined;
      throw e;
    }
  };

  return {
    url,
    port,
    keyId,
    keySecret,
    async close() {
      sender.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await file?.close();
    },
    save: async () => file?.flush(),
    setWebhook: (u, s) => sender.setWebhook(u, s),
    flush: () => sender.flush(),
    get deliveries() {
      return sender.deliveries;
    },
    payOrder: async (orderId, o = {}) => {
      const { emit, ...rest } = o;
      return pay(orderId, rest, emit);
    },
    payOrderSilently: async (orderId, o = {}) => pay(orderId, o, []),
    payPaymentLink: async (linkId, o = {}) => linkRoutes.pay(linkId, o),
    getPaymentLink: (id) => maybe(() => links.get(id)),
    paymentLinks: () => links.all(),
    resend: (eventId) => sender.resend(eventId),
    getOrder: (id) => maybe(() => store.getOrder(id)),
    getPayment: (id) => maybe(() => store.getPayment(id)),
    orders: () => store.allOrders(),
    payments: () => store.allPayments(),
    reset: () => {
      store.reset();
      links.reset();
    },
  };
}
