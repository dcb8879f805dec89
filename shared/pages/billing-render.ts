import type { BillingPageView, PageSubscription } from '#shared/domain/billing-page/view';
import type { Plan } from '#shared/domain/catalog/plans';
import type { MeterStatus } from '#shared/domain/metering/limits';
import { esc, formatDate, formatMoney, formatQuantity } from './format';
import { layout } from './layout';

/** Messages after an action (`?done=`) or a refusal (`?error=`), by code: nothing else reaches the page from the query. */
export const NOTICES = {
  plan_changed: 'Your plan has been changed.',
  plan_scheduled: 'Your plan will change at the end of the period.',
  cancel_scheduled: 'Your subscription will end at the end of the period.',
  cancel_undone: 'Your subscription will continue.',
  checkout_complete: 'Thank you! Your payment is being confirmed; this page updates when it lands.',
  checkout_canceled: 'Checkout was canceled; nothing was charged.',
} as const;
export const PROBLEMS = {
  conflict: 'That change is not possible in the current state of the subscription.',
  unavailable: 'That option is not available for this workspace.',
  provider: 'The payment provider did not answer; please try again.',
  invalid: 'The form was incomplete; please try again.',
  invoice_settled: 'That invoice is already paid or being settled.',
} as const;
export type NoticeCode = keyof typeof NOTICES;
export type ProblemCode = keyof typeof PROBLEMS;

export interface BillingPageContext {
  /** `/billing/<token>`: every link and form of the page starts here. */
  base: string;
  locale: string;
  returnUrl: string;
  /** Where the live updates resume from: the event feed's position when the page was read. */
  eventsAfter: string;
  /** A fresh value per render: forms carry it as their idempotency key. */
  nonce: string;
  notice?: NoticeCode;
  problem?: ProblemCode;
}

const STATUS_TEXT: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment overdue',
  unpaid: 'Unpaid',
  paused: 'Paused',
  incomplete: 'Awaiting payment',
  incomplete_expired: 'Expired',
  canceled: 'Canceled',
};

const hidden = (name: string, value: string) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

function planSection(v: BillingPageView, c: BillingPageContext): string {
  const s = v.subscription;
  const planName = (key: string | null) => v.plans.find((p) => p.plan === key)?.name ?? key ?? 'Free';
  if (!s || ['canceled', 'incomplete_expired'].includes(s.stripe_status)) {
    return `<section aria-labelledby="plan-h"><h2 id="plan-h">Plan</h2>
<p class="plan"><span class="plan-name" data-plan="${esc(v.usage.plan)}">${esc(planName(v.usage.plan))}</span> <span class="badge">No subscription</span></p>
<p>Pick a plan below to subscribe.</p></section>`;
  }
  const facts: string[] = [];
  if (s.stripe_status === 'trialing' && s.trial_end)
    facts.push(`Trial ends on <time datetime="${esc(s.trial_end)}">${esc(formatDate(s.trial_end, c.locale))}</time>.`);
  if (s.stripe_status === 'past_due') {
    facts.push(
      s.grace_ends_at && s.has_access
        ? `Your last payment failed. Pay by <time datetime="${esc(s.grace_ends_at)}">${esc(formatDate(s.grace_ends_at, c.locale))}</time> to keep access.`
        : 'Your last payment failed and access has stopped until it is paid.',
    );
  }
  if (s.pending_payment) {
    const pay = s.pending_payment.hosted_invoice_url
      ? ` <a href="${esc(s.pending_payment.hosted_invoice_url)}">Pay now</a>`
      : '';
    facts.push(`${esc(formatMoney(s.pending_payment.amount_due, s.pending_payment.currency, c.locale))} is due.${pay}`);
  }
  if (s.cancel_at_period_end) {
    facts.push(
      `Ends on <time datetime="${esc(s.current_period_end)}">${esc(formatDate(s.current_period_end, c.locale))}</time>.`,
    );
  } else if (s.pending_plan && s.pending_plan !== s.plan) {
    facts.push(
      `Changes to ${esc(planName(s.pending_plan))} on <time datetime="${esc(s.current_period_end)}">${esc(formatDate(s.current_period_end, c.locale))}</time>.`,
    );
  } else if (s.stripe_status !== 'incomplete' && s.stripe_status !== 'trialing') {
    facts.push(
      `Renews on <time datetime="${esc(s.current_period_end)}">${esc(formatDate(s.current_period_end, c.locale))}</time>.`,
    );
  }
  const price = currentPrice(v, s, c.locale);
  const actions = s.cancel_at_period_end
    ? `<form method="post" action="${esc(c.base)}/undo-cancel">${hidden('nonce', c.nonce)}<button type="submit">Keep my subscription</button></form>`
    : `<a class="button secondary" href="${esc(c.base)}/cancel">Cancel subscription</a>`;
  return `<section aria-labelledby="plan-h"><h2 id="plan-h">Plan</h2>
<p class="plan"><span class="plan-name" data-plan="${esc(s.plan ?? '')}">${esc(planName(s.plan))}</span>
<span class="badge status-${esc(s.status)}">${esc(STATUS_TEXT[s.status] ?? s.status)}${s.cancel_at_period_end ? ' · cancels at period end' : ''}</span></p>
${price ? `<p class="price">${esc(price)}</p>` : ''}
${facts.map((f) => `<p>${f}</p>`).join('\n')}
<div class="actions">${actions}
<form method="post" action="${esc(c.base)}/portal">${hidden('nonce', c.nonce)}<button type="submit" class="secondary">Payment methods</button></form></div></section>`;
}

function currentPrice(v: BillingPageView, s: PageSubscription, locale: string): string | null {
  const plan = v.plans.find((p) => p.plan === s.plan);
  const price = plan?.prices.find((p) => p.id === s.price_id);
  if (!price) return null;
  const seats = s.seats > 1 ? ` × ${s.seats} seats` : '';
  return `${formatMoney(price.unit_amount, price.currency, locale)} per ${price.interval}${seats}`;
}

function meterRow(name: string, m: MeterStatus, c: BillingPageContext, id: string): string {
  const used = formatQuantity(m.used, c.locale);
  const resets = `resets <time datetime="${esc(m.resets_at)}">${esc(formatDate(m.resets_at, c.locale))}</time>`;
  if (m.limit === null) {
    return `<li class="meter"><span id="${id}" class="meter-name">${esc(name)}</span>
<span class="meter-text">${used} used · no limit · ${resets}</span></li>`;
  }
  const pct = Math.min(100, Number(m.limit) > 0 ? (Number(m.used) / Number(m.limit)) * 100 : 100);
  const level = m.exceeded ? 'over' : pct >= 80 ? 'high' : 'ok';
  return `<li class="meter"><span id="${id}" class="meter-name">${esc(name)}</span>
<div class="bar ${level}" role="meter" aria-labelledby="${id}" aria-valuemin="0" aria-valuemax="${esc(m.limit)}" aria-valuenow="${esc(Math.min(Number(m.used), Number(m.limit)))}" aria-valuetext="${esc(`${m.used} of ${m.limit}`)}"><svg viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="fill" width="${pct.toFixed(1)}" height="4"/></svg></div>
<span class="meter-text">${used} of ${formatQuantity(m.limit, c.locale)}${m.mode === 'hard' ? ' (hard limit)' : ''} · ${resets}</span></li>`;
}

function usageSection(v: BillingPageView, c: BillingPageContext): string {
  const rows = v.usage.meters.filter((m) => m.limit).map((m, i) => meterRow(m.name, m.limit!, c, `meter-${i}`));
  return `<section aria-labelledby="usage-h"><h2 id="usage-h">Usage</h2>
<p class="muted">This period: ${esc(formatDate(v.usage.period.start, c.locale))} – ${esc(formatDate(v.usage.period.end, c.locale))}</p>
<ul class="meters">${rows.join('\n')}</ul></section>`;
}

function creditsSection(v: BillingPageView, c: BillingPageContext): string {
  const packs = v.packs.length
    ? `<form method="post" action="${esc(c.base)}/checkout" class="buy">${hidden('nonce', c.nonce)}
<label for="pack">Credit pack</label>
<select id="pack" name="pack">${v.packs.map((p) => `<option value="${esc(p.key)}">${esc(p.name)} · ${esc(formatMoney(p.amount, p.currency, c.locale))}</option>`).join('')}</select>
<label for="quantity">Quantity</label><input id="quantity" name="quantity" type="number" min="1" max="100" value="1" inputmode="numeric">
<button type="submit">Buy credits</button></form>`
    : '';
  const b = v.credits;
  const balance = b
    ? `<dl class="credits"><div><dt>Balance</dt><dd data-credits="total">${esc(formatQuantity(b.balance, c.locale))}</dd></div>
<div><dt>Purchased (never expire)</dt><dd data-credits="purchased">${esc(formatQuantity(b.purchased.balance, c.locale))}</dd></div>
<div><dt>From your plan${b.subscription.expires_at ? `, expire ${esc(formatDate(b.subscription.expires_at, c.locale))}` : ''}</dt><dd data-credits="subscription">${esc(formatQuantity(b.subscription.balance, c.locale))}</dd></div></dl>`
    : '';
  if (!packs && !balance) return '';
  return `<section aria-labelledby="credits-h"><h2 id="credits-h">Credits</h2>${balance}${packs}</section>`;
}

function invoicesSection(v: BillingPageView, c: BillingPageContext): string {
  const next = v.upcoming
    ? `<p class="upcoming">Next invoice: <strong>${esc(formatMoney(v.upcoming.amount_due, v.upcoming.currency, c.locale))}</strong> on <time datetime="${esc(v.upcoming.at)}">${esc(formatDate(v.upcoming.at, c.locale))}</time></p>`
    : '';
  if (!v.invoices.length)
    return `<section aria-labelledby="inv-h"><h2 id="inv-h">Invoices</h2>${next}<p class="muted">No invoices yet.</p></section>`;
  const rows = v.invoices.map((i) => {
    const due = i.status === 'open' && i.amount_remaining > 0;
    const amount = esc(formatMoney(i.amount_remaining, i.currency, c.locale));
    const pay =
      due && i.hosted_invoice_url
        ? `<a href="${esc(i.hosted_invoice_url)}">Pay ${amount}</a>`
        : i.hosted_invoice_url
          ? `<a href="${esc(i.hosted_invoice_url)}">View</a>`
          : '';
    // Razorpay's hosted page opens beside this one, which updates itself when the payment lands.
    const razorpay =
      due && v.razorpay && i.currency === 'inr'
        ? `<form method="post" action="${esc(c.base)}/razorpay" target="_blank" class="inline">${hidden('nonce', c.nonce)}${hidden('invoice', i.id)}<button type="submit" class="secondary" aria-label="Pay ${amount} with Razorpay (opens a new tab)">Pay with Razorpay</button></form>`
        : '';
    return `<tr><td>${esc(formatDate(i.created, c.locale))}</td><td>${esc(i.number ?? i.id)}</td><td class="num">${esc(formatMoney(i.total, i.currency, c.locale))}</td><td data-invoice-status="${esc(i.status ?? '')}">${esc(i.status ?? '')}</td><td>${pay}${razorpay}</td></tr>`;
  });
  return `<section aria-labelledby="inv-h"><h2 id="inv-h">Invoices</h2>${next}
<div class="scroll"><table><caption class="visually-hidden">Invoices, newest first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Number</th><th scope="col" class="num">Amount</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Link</span></th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div></section>`;
}

function planCard(p: Plan, v: BillingPageView, c: BillingPageContext): string {
  const s = v.subscription;
  const live = s && !['canceled', 'incomplete_expired'].includes(s.stripe_status);
  const price = p.prices.find((x) => x.currency === v.workspace.currency && x.interval === (s?.interval ?? 'month'));
  const current = live && s.plan === p.plan;
  const action = current
    ? '<p class="badge">Current plan</p>'
    : live
      ? `<a class="button" href="${esc(c.base)}/change-plan?plan=${esc(p.plan)}" aria-label="Switch to ${esc(p.name)}">Switch</a>`
      : `<form method="post" action="${esc(c.base)}/checkout">${hidden('nonce', c.nonce)}${hidden('plan', p.plan)}<button type="submit" aria-label="Subscribe to ${esc(p.name)}">Subscribe</button></form>`;
  return `<li class="card${current ? ' current' : ''}"><h3>${esc(p.name)}</h3>
<p class="price">${price ? `${esc(formatMoney(price.unit_amount, price.currency, c.locale))} / ${esc(price.interval)}` : ''}</p>
<p class="muted">${esc(p.description)}</p>${action}</li>`;
}

function plansSection(v: BillingPageView, c: BillingPageContext): string {
  const paid = v.plans.filter((p) => p.prices.some((x) => x.unit_amount > 0));
  if (!paid.length) return '';
  return `<section aria-labelledby="plans-h"><h2 id="plans-h">Plans</h2><ul class="cards">${paid.map((p) => planCard(p, v, c)).join('\n')}</ul></section>`;
}

/** The page's changing part: what a live update replaces. */
export function billingMain(v: BillingPageView, c: BillingPageContext): string {
  const notice = c.notice ? `<p class="notice" role="status">${esc(NOTICES[c.notice])}</p>` : '';
  const problem = c.problem ? `<p class="problem" role="alert">${esc(PROBLEMS[c.problem])}</p>` : '';
  return `${notice}${problem}${planSection(v, c)}
${usageSection(v, c)}
${creditsSection(v, c)}
${invoicesSection(v, c)}
${plansSection(v, c)}`;
}

export function billingPage(v: BillingPageView, c: BillingPageContext): string {
  return layout({
    title: `Billing · ${v.workspace.name}`,
    lang: c.locale,
    script: 'billing',
    bodyAttrs: { 'data-events': `${c.base}/events?after=${c.eventsAfter}` },
    body: `<header class="top"><a href="${esc(c.returnUrl)}" class="back">← Back</a><h1>Billing <span class="muted">· ${esc(v.workspace.name)}</span></h1>
<p class="live muted" id="live" aria-live="polite"></p></header>
<main id="main" tabindex="-1">${billingMain(v, c)}</main>`,
  });
}
