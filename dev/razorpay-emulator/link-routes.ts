import type { IncomingMessage, ServerResponse } from 'node:http';
import { intParam, readBody, send, sendHtml } from './http';
import { callbackLocation, errorPage, linkPage, paidPage } from './link-page';
import type { EmulatorPaymentLink, LinkPayOptions, PaymentLinkBook } from './links';
import type { EmulatorOrder, EmulatorPayment } from './store';
import { badRequest, RazorpayApiError } from './validate';
import type { WebhookDelivery, WebhookEventName, WebhookSender } from './webhooks';

export interface PayLinkOptions extends LinkPayOptions {
  /**
   * Which webhooks to send, in this order. Default: `payment.captured`, `order.paid` and
   * `payment_link.paid` when the payment completes the link; `payment.captured` and
   * `payment_link.partially_paid` for a part of it. `[]` pays without any webhook.
   */
  emit?: WebhookEventName[];
}

export interface PaidLink {
  link: EmulatorPaymentLink;
  order: EmulatorOrder;
  payment: EmulatorPayment;
  webhooks: WebhookDelivery[];
}

const LINK_EVENTS: ReadonlySet<string> = new Set<WebhookEventName>([
  'payment.captured',
  'order.paid',
  'payment_link.paid',
  'payment_link.partially_paid',
]);

/** Payment Links: the API (key-authenticated), the test helper, and the hosted page `/i/<code>` (public). */
export function paymentLinkRoutes(ctx: { links: PaymentLinkBook; sender: WebhookSender; keySecret: string }) {
  const { links, sender } = ctx;

  /** Links past their expiry become `expired` (and say so by webhook) before anything reads them. */
  function sweep(): void {
    for (const link of links.expireDue()) sender.emit('payment_link.expired', ['payment_link'], { payment_link: link });
  }

  function pay(linkId: string, opts: PayLinkOptions = {}): PaidLink {
    const { emit, ...payOpts } = opts;
    for (const name of emit ?? [])
      if (!LINK_EVENTS.has(name)) throw badRequest(`Unknown webhook event ${String(name)}`, 'emit');
    sweep();
    const { link, order, payment } = links.pay(linkId, payOpts);
    const entities = { payment, order, payment_link: link };
    const events =
      emit ??
      (link.status === 'paid'
        ? (['payment.captured', 'order.paid', 'payment_link.paid'] as const)
        : (['payment.captured', 'payment_link.partially_paid'] as const));
    const contains: Record<string, string[]> = {
      'payment.captured': ['payment'],
      'order.paid': ['payment', 'order'],
      'payment_link.paid': ['payment_link', 'order', 'payment'],
      'payment_link.partially_paid': ['payment_link', 'order', 'payment'],
    };
    const webhooks = events.map((name) => sender.emit(name, contains[name], entities));
    return { link, order, payment, webhooks };
  }

  const formOptions = (body: Record<string, unknown>): LinkPayOptions => ({
    method: typeof body.method === 'string' ? body.method : undefined,
    amount: body.amount === undefined || body.amount === '' ? undefined : (body.amount as number),
    email: typeof body.email === 'string' ? body.email : undefined,
    contact: typeof body.contact === 'string' ? body.contact : undefined,
  });

  /** The hosted page; true when the request was one of its. */
  async function page(req: IncomingMessage, res: ServerResponse, path: string, method: string): Promise<boolean> {
    const m = /^\/i\/([A-Za-z0-9]{1,20})(\/pay)?$/.exec(path);
    if (!m) return false;
    sweep();
    const link = links.byCode(m[1]);
    if (!link) return (sendHtml(res, 404, errorPage('This payment link does not exist.')), true);
    if (!m[2] && method === 'GET') return (sendHtml(res, 200, linkPage(link, m[1])), true);
    if (!m[2] || method !== 'POST') return false;
    try {
      const paid = pay(link.id, formOptions((await readBody(req)) as Record<string, unknown>));
      if (paid.link.callback_url) {
        res.writeHead(303, { location: callbackLocation(paid.link, paid.payment.id, ctx.keySecret) }).end();
      } else sendHtml(res, 200, paidPage(paid.link, paid.payment.id));
    } catch (e) {
      if (!(e instanceof RazorpayApiError)) throw e;
      sendHtml(res, 400, errorPage(e.description));
    }
    return true;
  }

  /** The REST routes (after Basic auth); true when the request was one of them. */
  async function api(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    method: string,
    q: URLSearchParams,
  ): Promise<boolean> {
    let m: RegExpExecArray | null;
    if (path === '/v1/payment_links') {
      sweep();
      if (method === 'POST') return (send(res, 200, links.create(await readBody(req))), true);
      if (method === 'GET') {
        const list = links.list({
          payment_id: q.get('payment_id') || undefined,
          reference_id: q.get('reference_id') || undefined,
          count: intParam(q, 'count', 1, 100),
          skip: intParam(q, 'skip', 0, Number.MAX_SAFE_INTEGER),
        });
        return (send(res, 200, { payment_links: list }), true);
      }
    } else if ((m = /^\/v1\/payment_links\/([^/]+)$/.exec(path)) && method === 'GET') {
      sweep();
      return (send(res, 200, links.get(m[1])), true);
    } else if ((m = /^\/v1\/payment_links\/([^/]+)\/cancel$/.exec(path)) && method === 'POST') {
      sweep();
      const link = links.cancel(m[1]);
      sender.emit('payment_link.cancelled', ['payment_link'], { payment_link: link });
      return (send(res, 200, link), true);
    } else if ((m = /^\/v1\/test_helpers\/payment_links\/([^/]+)\/pay$/.exec(path)) && method === 'POST') {
      const body = (await readBody(req)) as Record<string, unknown>;
      const emit =
        body.webhooks === false ? [] : Array.isArray(body.emit) ? (body.emit as WebhookEventName[]) : undefined;
      const paid = pay(m[1], { ...formOptions(body), emit });
      return (
        send(res, 200, {
          payment_link: paid.link,
          order: paid.order,
          payment: paid.payment,
          webhook_event_ids: paid.webhooks.map((w) => w.eventId),
        }),
        true
      );
    }
    return false;
  }

  return { page, api, pay, sweep };
}
