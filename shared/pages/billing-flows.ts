import { randomBytes } from 'node:crypto';
import { type PageGrant, PageLinkError } from '#shared/domain/billing-page/link';
import { openPageGrant, type PageLinkPorts } from '#shared/domain/billing-page/session';
import { type BillingPagePorts, readBillingPage } from '#shared/domain/billing-page/view';
import { createCheckoutSession, createPortalSession } from '#shared/domain/checkout/sessions';
import { LAST_EVENT_ID, type StreamOptions, type StreamPorts, seqAt } from '#shared/domain/outbound/stream';
import {
  cancelSubscription,
  changePlan,
  previewChange,
  revokeCancellation,
} from '#shared/domain/subscriptions/lifecycle';
import { AppError, ConflictError, NotFoundError } from '#shared/errors';
import { eventStream, html, type ServerSentEvent } from '#shared/http/response';
import { billingPage, NOTICES, type NoticeCode, PROBLEMS, type ProblemCode } from './billing-render';
import { cancelPage, changePlanPage } from './confirm-render';
import { localeFor } from './format';
import { errorPage, pageHeaders } from './layout';

/**
 * What the billing page's routes do: open the link's grant (a forged, malformed or expired link,
 * or one whose workspace is gone, gets an error page that names nothing), then read, render or
 * act for that one workspace of that one project.
 */
export interface PageRequest {
  token: string;
  headers: Record<string, string | undefined>;
  /** This API's origin as the client reached it (for the URLs handed to Stripe). */
  baseUrl: string;
}

type Ports = { link: Pick<PageLinkPorts, 'signingKey' | 'clock'>; page: BillingPagePorts };

const refused = (e: PageLinkError) =>
  e.problem === 'expired'
    ? html(
        errorPage('This link has expired', 'Billing links are short-lived. Go back to the app and open billing again.'),
        { status: 410, headers: pageHeaders() },
      )
    : html(errorPage('This link is not valid', 'Go back to the app and open billing again.'), {
        status: 404,
        headers: pageHeaders(),
      });

async function withGrant<T>(ports: Ports, req: PageRequest, fn: (g: PageGrant) => Promise<T>) {
  let grant: PageGrant;
  try {
    grant = await openPageGrant(ports.link, req.token);
  } catch (e) {
    if (e instanceof PageLinkError) return refused(e);
    throw e;
  }
  try {
    return await fn(grant);
  } catch (e) {
    // The workspace was removed after the link was made: the link is simply no longer valid.
    if (e instanceof NotFoundError && e.message.includes(grant.workspaceId))
      return refused(new PageLinkError('invalid'));
    throw e;
  }
}

const frameAncestors = (g: PageGrant) => {
  try {
    return new URL(g.returnUrl).origin;
  } catch {
    return "'none'";
  }
};
const nonce = () => randomBytes(12).toString('base64url');
const context = (req: PageRequest, g: PageGrant, country: string) => ({
  base: `/billing/${req.token}`,
  locale: localeFor(country, req.headers['accept-language']),
  returnUrl: g.returnUrl,
  nonce: nonce(),
});

export function showPage(ports: Ports, req: PageRequest, query: { done?: string; error?: string }) {
  return withGrant(ports, req, async (g) => {
    const view = await readBillingPage(ports.page, g.projectId, g.workspaceId);
    const body = billingPage(view, {
      ...context(req, g, view.workspace.country),
      eventsAfter: seqAt(ports.link.clock().getTime()),
      notice: query.done && query.done in NOTICES ? (query.done as NoticeCode) : undefined,
      problem: query.error && query.error in PROBLEMS ? (query.error as ProblemCode) : undefined,
    });
    return html(body, { headers: pageHeaders({ frameAncestors: frameAncestors(g) }) });
  });
}

export function showPlanChange(ports: Ports, req: PageRequest, plan: string) {
  return withGrant(ports, req, async (g) => {
    const view = await readBillingPage(ports.page, g.projectId, g.workspaceId);
    if (!view.plans.some((p) => p.plan === plan) || !view.subscription)
      return redirect(`/billing/${req.token}?error=unavailable`);
    const preview = await previewChange(ports.page.sync, g.projectId, g.workspaceId, { plan }).catch((e) => {
      if (e instanceof AppError && e.statusCode < 500) return undefined;
      throw e;
    });
    if (!preview) return redirect(`/billing/${req.token}?error=unavailable`);
    return html(changePlanPage(view, plan, preview, context(req, g, view.workspace.country)), {
      headers: pageHeaders({ frameAncestors: frameAncestors(g) }),
    });
  });
}

export function showCancel(ports: Ports, req: PageRequest) {
  return withGrant(ports, req, async (g) => {
    const view = await readBillingPage(ports.page, g.projectId, g.workspaceId);
    if (!view.subscription || view.subscription.cancel_at_period_end) return redirect(`/billing/${req.token}`);
    return html(cancelPage(view, context(req, g, view.workspace.country)), {
      headers: pageHeaders({ frameAncestors: frameAncestors(g) }),
    });
  });
}

const redirect = (location: string) =>
  html('', { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });

const FORM_NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const KEY = /^[a-z][a-z0-9_]{1,30}$/;
const INVOICE = /^in_[A-Za-z0-9_]{1,250}$/;

function problemOf(e: unknown): ProblemCode {
  if (!(e instanceof AppError)) throw e;
  if (e.statusCode === 409) return 'conflict';
  if (e.statusCode === 404 || e.statusCode === 422) return 'unavailable';
  if (e.statusCode >= 500) return 'provider';
  return 'invalid';
}

/** A form of the page: acts for the grant's workspace, then sends the browser on (303). */
export function pageAction(ports: Ports, req: PageRequest, action: string, rawBody: string) {
  return withGrant(ports, req, async (g) => {
    const form = new URLSearchParams(rawBody);
    const page = `/billing/${req.token}`;
    const n = form.get('nonce') ?? '';
    if (!FORM_NONCE.test(n)) return redirect(`${page}?error=invalid`);
    const key = `page:${n}`;
    const { sync } = ports.page;
    const ws = g.workspaceId;
    try {
      switch (action) {
        case 'checkout': {
          const pack = form.get('pack');
          const plan = form.get('plan');
          const quantity = Number(form.get('quantity') ?? '1');
          if (
            (pack && !KEY.test(pack)) ||
            (plan && !KEY.test(plan)) ||
            !pack === !plan ||
            !Number.isInteger(quantity) ||
            quantity < 1 ||
            quantity > 100
          ) {
            return redirect(`${page}?error=invalid`);
          }
          const session = await createCheckoutSession(
            sync,
            g.projectId,
            {
              workspace_id: ws,
              ...(pack ? { pack, quantity } : { plan: plan! }),
              success_url: `${req.baseUrl}${page}?done=checkout_complete`,
              cancel_url: `${req.baseUrl}${page}?done=checkout_canceled`,
            },
            key,
          );
          return redirect(session.url);
        }
        case 'change-plan': {
          const plan = form.get('plan') ?? '';
          if (!KEY.test(plan)) return redirect(`${page}?error=invalid`);
          await changePlan(sync, g.projectId, ws, { plan, at_period_end: false }, key);
          return redirect(`${page}?done=plan_changed`);
        }
        case 'cancel':
          await cancelSubscription(sync, g.projectId, ws, true, key);
          return redirect(`${page}?done=cancel_scheduled`);
        case 'undo-cancel':
          await revokeCancellation(sync, g.projectId, ws, key);
          return redirect(`${page}?done=cancel_undone`);
        case 'razorpay': {
          // A Payment Link for one open INR invoice of this workspace; the same link while it is due.
          const invoice = form.get('invoice') ?? '';
          if (!INVOICE.test(invoice)) return redirect(`${page}?error=invalid`);
          if (!ports.page.razorpay) return redirect(`${page}?error=unavailable`);
          const link = await ports.page.razorpay.paymentLink(g.projectId, ws, invoice).catch((e) => {
            if (e instanceof ConflictError) return undefined;
            throw e;
          });
          return redirect(link ? link.url : `${page}?error=invoice_settled`);
        }
        case 'portal': {
          const portal = await createPortalSession(
            sync,
            g.projectId,
            { workspace_id: ws, return_url: `${req.baseUrl}${page}` },
            key,
          );
          return redirect(portal.url);
        }
        default:
          return redirect(`${page}?error=invalid`);
      }
    } catch (e) {
      if (e instanceof NotFoundError && e.message.includes(ws) && !e.message.includes('subscription')) throw e;
      return redirect(`${page}?error=${problemOf(e)}`);
    }
  });
}

/**
 * The workspace's events after `after` (or the browser's Last-Event-ID), as Server-Sent Events.
 * The answer ends as soon as there are some, so a buffered transport (API Gateway) delivers them
 * at once; with none it ends empty before the function's time is up. Either way the browser
 * reconnects and resumes. Only each event's type is sent: the page reads itself again.
 */
export function pageEvents(
  ports: Ports & { events: StreamPorts & { options: StreamOptions } },
  req: PageRequest,
  after: string | undefined,
) {
  return withGrant(ports, req, async (g) => {
    const last =
      [req.headers['last-event-id']?.trim(), after].find((x) => x && LAST_EVENT_ID.test(x)) ??
      seqAt(ports.events.clock().getTime());
    const { feed, clock, sleep, options } = ports.events;
    async function* events(): AsyncGenerator<ServerSentEvent> {
      for (;;) {
        const until = seqAt(clock().getTime() - options.settleMs);
        const entries = (await feed.after(g.projectId, g.workspaceId, last, until, options.batch)).filter(
          (e) => e.seq > last,
        );
        if (entries.length) {
          for (const e of entries) yield { id: e.seq, data: { type: e.event.type }, retry: options.retryMs };
          return;
        }
        await sleep(options.pollMs);
      }
    }
    return eventStream(events(), { headers: { 'referrer-policy': 'no-referrer' } });
  });
}
