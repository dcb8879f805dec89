import { idOf, type State } from './state';

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  `${((amount ?? 0) / 100).toFixed(2)} ${esc((currency ?? 'usd').toUpperCase())}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
table{width:100%;border-collapse:collapse}td{padding:.4rem 0;border-bottom:1px solid #eee}
button{font-size:1rem;padding:.6rem 1.2rem;margin-top:1rem}.muted{color:#666;font-size:.9rem}</style></head>
<body><p class="muted">Stripe emulator (test mode)</p>${body}</body></html>`;
}

/** A stand-in for Stripe's hosted checkout: pay with a test card, or go back. */
export function checkoutPage(state: State, id: string): string | null {
  const session = state.checkoutSessions.get(id);
  if (!session) return null;
  const items = state.checkoutLineItems.get(id)?.data ?? [];
  const rows = items
    .map(
      (li) =>
        `<tr><td>${esc(li.description)} × ${li.quantity ?? 'usage'}</td><td>${money(li.amount_total, li.currency)}</td></tr>`,
    )
    .join('');
  if (session.status !== 'open') return layout('Checkout', `<h1>This checkout session is ${esc(session.status)}.</h1>`);
  return layout(
    'Checkout',
    `<h1>Checkout</h1><table>${rows}<tr><td><b>Total due today</b></td><td><b>${money(session.amount_total, session.currency)}</b></td></tr></table>
<form method="post" action="/checkout/${esc(id)}/complete">
<p><label>Email <input name="email" type="email" value="${esc(session.customer_email ?? '')}"></label></p>
<p><label>Card <select name="payment_method"><option value="pm_card_visa">Visa 4242 (succeeds)</option>
<option value="pm_card_chargeDeclined">Visa 0002 (declined)</option></select></label></p>
<button type="submit">Pay</button></form>
${session.cancel_url ? `<p><a href="${esc(session.cancel_url)}">Cancel</a></p>` : ''}`,
  );
}

export function portalPage(state: State, id: string): string | null {
  const session = state.portalSessions.get(id);
  if (!session) return null;
  const subs = [...state.subscriptions.values()].filter((s) => s.customer === session.customer);
  const rows = subs
    .map(
      (s) =>
        `<tr><td>${esc(s.id)}</td><td>${esc(s.items.data.map((i) => i.price.lookup_key ?? i.price.id).join(', '))}</td><td>${esc(s.status)}</td></tr>`,
    )
    .join('');
  return layout(
    'Billing portal',
    `<h1>Billing portal</h1><p>Customer ${esc(session.customer)}</p><table>${rows}</table>${session.return_url ? `<p><a href="${esc(session.return_url)}">Return</a></p>` : ''}`,
  );
}

export function invoicePage(state: State, id: string): string | null {
  const inv = state.invoices.get(id.replace(/\/pdf$/, ''));
  if (!inv) return null;
  const rows = inv.lines.data
    .map((l) => `<tr><td>${esc(l.description)}</td><td>${money(l.amount, l.currency)}</td></tr>`)
    .join('');
  return layout(
    `Invoice ${inv.number ?? inv.id}`,
    `<h1>Invoice ${esc(inv.number ?? inv.id)}</h1><p>Customer ${esc(idOf(inv.customer as string))} · status <b>${esc(inv.status)}</b></p>
<table>${rows}<tr><td><b>Amount due</b></td><td><b>${money(inv.amount_due, inv.currency)}</b></td></tr><tr><td>Amount remaining</td><td>${money(inv.amount_remaining, inv.currency)}</td></tr></table>`,
  );
}
