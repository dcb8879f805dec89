import type { BillingPageView } from '#shared/domain/billing-page/view';
import { esc, formatDate, formatMoney } from './format';
import { layout } from './layout';

export interface PlanPreview {
  currency: string;
  amount_due: number;
  total: number;
  lines: { description: string | null; amount: number; proration: boolean; period_start: string; period_end: string }[];
}

interface ConfirmContext {
  base: string;
  locale: string;
  nonce: string;
}

const frame = (title: string, c: ConfirmContext & { lang?: string }, body: string) =>
  layout({
    title,
    lang: c.locale,
    script: 'billing',
    body: `<main id="main" class="narrow" tabindex="-1"><h1>${esc(title)}</h1>${body}</main>`,
  });

/** The change of plan, with Stripe's preview of what it costs, before the customer confirms it. */
export function changePlanPage(v: BillingPageView, planKey: string, preview: PlanPreview, c: ConfirmContext): string {
  const target = v.plans.find((p) => p.plan === planKey);
  const from = v.plans.find((p) => p.plan === v.subscription?.plan);
  const interval = v.subscription?.interval ?? 'month';
  const price = target?.prices.find((p) => p.currency === v.workspace.currency && p.interval === interval);
  const rows = preview.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.description ?? '')}</td><td class="num">${esc(formatMoney(l.amount, preview.currency, c.locale))}</td></tr>`,
    )
    .join('');
  const dueNow = preview.lines.some((l) => l.proration);
  return frame(
    `Switch to ${target?.name ?? planKey}`,
    c,
    `<p>From ${esc(from?.name ?? v.subscription?.plan ?? '')} to <strong>${esc(target?.name ?? planKey)}</strong>${price ? `, ${esc(formatMoney(price.unit_amount, price.currency, c.locale))} per ${esc(interval)}` : ''}.</p>
<div class="scroll"><table><caption>Your next invoice</caption><thead><tr><th scope="col">Item</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><th scope="row">Total</th><td class="num" data-preview-total>${esc(formatMoney(preview.amount_due, preview.currency, c.locale))}</td></tr></tfoot></table></div>
<p class="muted">${dueNow ? 'The change applies now; the difference for the rest of this period is on the next invoice.' : 'The change applies now.'}${v.subscription ? ` Next invoice on ${esc(formatDate(v.subscription.current_period_end, c.locale))}.` : ''}</p>
<form method="post" action="${esc(c.base)}/change-plan" class="actions">
<input type="hidden" name="nonce" value="${esc(c.nonce)}"><input type="hidden" name="plan" value="${esc(planKey)}">
<button type="submit">Confirm switch to ${esc(target?.name ?? planKey)}</button> <a class="button secondary" href="${esc(c.base)}">Keep my plan</a></form>`,
  );
}

export function cancelPage(v: BillingPageView, c: ConfirmContext): string {
  const end = v.subscription?.current_period_end;
  return frame(
    'Cancel subscription',
    c,
    `<p>Your ${esc(v.plans.find((p) => p.plan === v.subscription?.plan)?.name ?? 'current')} plan stays active until ${esc(formatDate(end, c.locale))}; after that nothing more is charged. You can change your mind until then.</p>
<form method="post" action="${esc(c.base)}/cancel" class="actions"><input type="hidden" name="nonce" value="${esc(c.nonce)}">
<button type="submit" class="danger">Cancel at period end</button> <a class="button secondary" href="${esc(c.base)}">Keep my subscription</a></form>`,
  );
}
