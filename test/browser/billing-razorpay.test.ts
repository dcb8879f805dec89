import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';
import { type Api, apiOf, launchChromium, screenshot } from './support';

const RETURN = 'https://app.example/settings';

interface Invoice {
  id: string;
  number: string | null;
  status: string;
  amount_remaining: number;
}

/**
 * An open INR invoice paid through a Razorpay Payment Link, as a customer does it: headless Debian
 * chromium against `npm start`, the link's hosted page played by the Razorpay emulator, whose
 * signed `payment_link.paid` settles the Stripe invoice out of band.
 */
describe('paying an INR invoice with Razorpay from the billing page', () => {
  let stack: StackProcess;
  let browser: Browser;
  let ctx: BrowserContext;
  let api: Api;
  const problems: string[] = [];

  /** A workspace on a send_invoice subscription: its first invoice is open, to be paid by transfer or link. */
  const invoicedWorkspace = async (ws: string): Promise<Invoice> => {
    const profile = { name: `${ws} Pvt Ltd`, email: `${ws}@example.com`, country: 'IN', currency: 'inr' };
    expect((await api('PUT', `/api/v1/workspaces/${ws}`, profile)).status).toBeLessThan(300);
    const sub = await api('POST', '/api/v1/subscriptions/', {
      workspace_id: ws,
      plan: 'pro',
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    return until(`an open invoice of ${ws}`, async () => {
      const r = await api('GET', `/api/v1/checkout/invoices/${ws}`);
      return (r.body.invoices as Invoice[] | undefined)?.find((i) => i.status === 'open');
    });
  };
  const mint = async (ws: string) => {
    const r = await api('POST', '/api/v1/billing-page/session', { workspace_id: ws, return_url: RETURN });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return (r.body as { url: string }).url;
  };

  beforeAll(async () => {
    stack = await startStackProcess({ STREAM_POLL_MS: '200' });
    api = apiOf(stack);
    browser = await launchChromium();
    ctx = await browser.newContext({ locale: 'en-IN' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('follows the Razorpay link, pays on its page, and sees the invoice paid', async () => {
    // Prepare
    const invoice = await invoicedWorkspace('ws_rzp_page');
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.goto(await mint('ws_rzp_page'));
    const row = page.getByRole('row', { name: new RegExp(invoice.number ?? invoice.id) });
    // Act
    const [razorpay] = await Promise.all([
      ctx.waitForEvent('page'),
      row.getByRole('button', { name: 'Pay ₹3,999.00 with Razorpay (opens a new tab)' }).click(),
    ]);
    await razorpay.waitForURL(/\/i\/[A-Za-z0-9]+$/);
    const shown = {
      origin: new URL(razorpay.url()).origin,
      heading: await razorpay.getByRole('heading', { level: 1 }).textContent(),
      amount: await razorpay.locator('.amount').textContent(),
    };
    await screenshot(razorpay, 'razorpay-payment-link');
    await razorpay.getByRole('button', { name: 'Pay ₹3,999.00' }).click();
    const receipt = await razorpay.getByRole('status').textContent();
    // The billing page, left open in its tab, updates itself from the event stream.
    await row.locator('[data-invoice-status="paid"]').waitFor({ timeout: 120_000 });
    const detail = await api('GET', `/api/v1/checkout/invoices/detail/${invoice.id}`);
    // Assess
    expect(shown.origin).toBe(`http://127.0.0.1:${stack.ports.razorpay}`);
    expect(shown.heading).toBe(`Invoice ${invoice.number ?? invoice.id}`);
    expect(shown.amount).toBe('₹3,999.00');
    expect(receipt).toContain('₹3,999.00 paid');
    expect(detail.body).toMatchObject({ status: 'paid', amount_remaining: 0 });
    expect(await row.getByRole('button', { name: /with Razorpay/ }).count()).toBe(0);
    expect(problems).toEqual([]);
    await razorpay.close();
    await page.close();
  });

  it('hands out the same link again while the invoice is due, and no link for another workspace’s invoice', async () => {
    // Prepare
    const mine = await invoicedWorkspace('ws_rzp_again');
    const theirs = await invoicedWorkspace('ws_rzp_other');
    const token = new URL(await mint('ws_rzp_again')).pathname;
    const post = (invoice: string) =>
      fetch(`${stack.baseUrl}${token}/razorpay`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `nonce=n${Date.now()}abc&invoice=${invoice}`,
        redirect: 'manual',
      });
    // Act
    const first = await post(mine.id);
    const again = await post(mine.id);
    const foreign = await post(theirs.id);
    // Assess
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${stack.ports.razorpay}/i/`));
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(foreign.status).toBe(303);
    expect(foreign.headers.get('location')).toBe(`${token}?error=unavailable`);
  });
});
