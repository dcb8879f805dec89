import { createHmac } from 'node:crypto';
import type { EmulatorPaymentLink } from './links';

/**
 * The hosted page a Payment Link's `short_url` opens: the amount, the description and a Pay button
 * (a test payment, no card details), then Razorpay's success page, or a redirect to the link's
 * `callback_url` with the query parameters and signature Razorpay documents.
 */

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const linkMoney = (amount: number, currency: string) =>
  new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en', { style: 'currency', currency }).format(amount / 100);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
.amount{font-size:2rem;font-weight:600;margin:.5rem 0}label{display:block;margin:.75rem 0 .25rem}
input,select{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.7rem 1.4rem;margin-top:1.25rem;background:#0b5cad;color:#fff;border:0;border-radius:4px}
.muted{color:#555;font-size:.9rem}</style></head>
<body><p class="muted">Razorpay emulator (test mode)</p>${body}</body></html>`;
}

export function linkPage(link: EmulatorPaymentLink, code: string): string {
  const due = link.amount - link.amount_paid;
  const head = `<h1>${esc(link.description || 'Payment request')}</h1>
<p class="amount" data-amount="${due}">${esc(linkMoney(due, link.currency))}</p>
<p class="muted">Payment Link ${esc(link.id)}${link.reference_id ? ` · reference ${esc(link.reference_id)}` : ''}</p>`;
  if (link.status === 'paid') return layout('Paid', `${head}<p role="status">This payment link has been paid.</p>`);
  if (link.status === 'expired' || link.status === 'cancelled')
    return layout(
      'Unavailable',
      `${head}<p role="alert">This payment link has ${esc(link.status === 'expired' ? 'expired' : 'been cancelled')}.</p>`,
    );
  const partial = link.accept_partial
    ? `<label for="amount">Amount to pay now (${esc(link.currency)}, smallest unit)</label><input id="amount" name="amount" inputmode="numeric" value="${due}">`
    : '';
  return layout(
    `Pay ${linkMoney(due, link.currency)}`,
    `${head}<form method="post" action="/i/${esc(code)}/pay">
<label for="method">Pay with</label><select id="method" name="method"><option value="upi">UPI</option><option value="card">Card</option><option value="netbanking">Netbanking</option></select>
<label for="email">Email</label><input id="email" name="email" type="email" value="${esc(link.customer.email ?? 'gaurav.kumar@example.com')}">
<label for="contact">Phone</label><input id="contact" name="contact" value="${esc(link.customer.contact ?? '+919000090000')}">
${partial}<button type="submit">Pay ${esc(linkMoney(due, link.currency))}</button></form>`,
  );
}

export function paidPage(link: EmulatorPaymentLink, paymentId: string): string {
  return layout(
    'Payment successful',
    `<h1>Payment successful</h1><p role="status">${esc(linkMoney(link.amount_paid, link.currency))} paid for ${esc(link.description || link.id)}.</p>
<p class="muted">Payment ID <span data-payment-id>${esc(paymentId)}</span></p>`,
  );
}

export function errorPage(message: string): string {
  return layout('Payment failed', `<h1>Payment failed</h1><p role="alert">${esc(message)}</p>`);
}

/** Where the customer goes after paying a link with a `callback_url`, signed with the key secret. */
export function callbackLocation(link: EmulatorPaymentLink, paymentId: string, keySecret: string): string {
  const signature = createHmac('sha256', keySecret)
    .update(`${link.id}|${link.reference_id}|${link.status}|${paymentId}`)
    .digest('hex');
  const u = new URL(link.callback_url);
  u.searchParams.set('razorpay_payment_id', paymentId);
  u.searchParams.set('razorpay_payment_link_id', link.id);
  u.searchParams.set('razorpay_payment_link_reference_id', link.reference_id);
  u.searchParams.set('razorpay_payment_link_status', link.status);
  u.searchParams.set('razorpay_signature', signature);
  return u.toString();
}
