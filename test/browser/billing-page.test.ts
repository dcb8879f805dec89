import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageLinkKey, signPageLink } from '#shared/domain/billing-page/link';
import { hashApiKey, visiblePrefix } from '#shared/domain/tenancy/api-keys';
import { SCOPES } from '#shared/domain/tenancy/scopes';
import { formatMoney } from '#shared/pages/format';
import { LOCAL_TABLE } from '../../dev/local-stack';
import { tenancyStore } from '../../dev/seed';
import { type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';
import { type Api, apiOf, firstLoadFigures, launchChromium, screenshot, stackTable } from './support';

const WS = 'ws_browser';
const RETURN = 'https://app.example/settings';

/**
 * The customer billing page as a person meets it: headless Debian chromium (playwright-core)
 * against `npm start`, with Stripe's Checkout played by the emulator's hosted page.
 */
describe('the billing page in chromium', () => {
  let stack: StackProcess;
  let browser: Browser;
  let ctx: BrowserContext;
  let api: Api;
  const problems: string[] = [];

  const mint = async (workspace = WS, key?: string) => {
    const r = await api('POST', '/api/v1/billing-page/session', { workspace_id: workspace, return_url: RETURN }, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { url: string; expires_at: string };
  };
  const open = async (url: string): Promise<Page> => {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on(
      'console',
      (m) => m.type() === 'error' && !page.url().includes('/checkout/') && problems.push(`console: ${m.text()}`),
    );
    await page.goto(url);
    return page;
  };
  const subscription = async () =>
    (await api('GET', `/api/v1/subscriptions/${WS}`)).body as { plan: string; cancel_at_period_end: boolean };

  beforeAll(async () => {
    stack = await startStackProcess({ STREAM_POLL_MS: '200' });
    api = apiOf(stack);
    browser = await launchChromium();
    ctx = await browser.newContext({ locale: 'en-IN' });
    // Prepare: an Indian workspace on a Pro trial that has used 42 AI credits.
    expect(
      (
        await api('PUT', `/api/v1/workspaces/${WS}`, {
          name: 'Browser Co',
          email: 'b@example.com',
          country: 'IN',
          currency: 'inr',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (await api('POST', '/api/v1/subscriptions/', { workspace_id: WS, plan: 'pro', trial_days: 14 })).status,
    ).toBe(201);
    await until('the pro plan in the entitlements', async () =>
      (await api('GET', `/api/v1/entitlements/${WS}`)).body.plan === 'pro' ? true : undefined,
    );
    expect(
      (
        await api('POST', '/api/v1/usage/events', {
          event_type: 'ai_credits',
          workspace_id: WS,
          value: 42,
          idempotency_key: 'b1',
        })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opens a session link and shows the plan, the usage bars against their limits and money in rupees', async () => {
    // Act
    const { url, expires_at } = await mint();
    const res = await fetch(url);
    const page = await open(url);
    const { bytes: weight, firstPaintMs } = await firstLoadFigures(page);
    await screenshot(page, 'billing-page');
    process.stdout.write(
      `billing page first load: ${weight} bytes transferred, first contentful paint ${firstPaintMs.toFixed(0)} ms\n`,
    );
    // Assess
    expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/billing\/v1\./);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://app.example');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    await expect(page.title()).resolves.toBe('Billing · Browser Co');
    expect(await page.locator('.plan-name').textContent()).toBe('Pro');
    expect(await page.locator('.plan .badge').textContent()).toContain('Trial');
    expect(await page.getByText(/Trial ends on/).count()).toBe(1);
    const meter = page.getByRole('meter', { name: 'AI credits' });
    expect(await meter.getAttribute('aria-valuenow')).toBe('42');
    expect(await meter.getAttribute('aria-valuemax')).toBe('5000');
    expect(await page.getByText('42 of 5,000').count()).toBe(1);
    expect(await page.locator('.price').first().textContent()).toBe('₹3,999.00 per month');
    expect(await page.locator('.upcoming').textContent()).toContain('₹3,999.00');
    expect(await page.getByRole('link', { name: '← Back' }).getAttribute('href')).toBe(RETURN);
    expect(weight).toBeGreaterThan(0);
    expect(weight).toBeLessThan(40_000);
    expect(firstPaintMs).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('buys a credit pack through Checkout and comes back to a higher balance', async () => {
    // Prepare
    const page = await open((await mint()).url);
    const purchased = page.locator('[data-credits=purchased]');
    const before = {
      purchased: await purchased.textContent(),
      total: await page.locator('[data-credits=total]').textContent(),
    };
    // Act
    await page.getByLabel('Credit pack').selectOption('credits_1000');
    await page.getByRole('button', { name: 'Buy credits' }).click();
    await page.waitForURL(/\/checkout\/cs_/);
    const total = await page.locator('table').textContent();
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/done=checkout_complete/);
    const notice = await page.getByRole('status').first().textContent();
    // The page looks again by itself until the webhook's grant shows in the ledger's balance.
    await page.locator('[data-credits=purchased]', { hasText: /^1,000$/ }).waitFor({ timeout: 120_000 });
    const after = await page.locator('[data-credits=total]').textContent();
    // Assess
    expect(total).toContain('799.00 INR');
    expect(notice).toContain('Thank you');
    expect(before.purchased).toBe('0');
    expect(Number(after?.replace(/,/g, ''))).toBe(Number(before.total?.replace(/,/g, '')) + 1000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("changes plan after showing the preview's amounts, then shows the new plan", async () => {
    // Prepare
    const page = await open((await mint()).url);
    const preview = (await api('POST', `/api/v1/subscriptions/${WS}/preview`, { plan: 'enterprise' })).body as {
      amount_due: number;
      currency: string;
    };
    // Act
    await page.getByRole('link', { name: 'Switch to Enterprise' }).click();
    await page.waitForURL(/change-plan\?plan=enterprise/);
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    const shown = await page.locator('[data-preview-total]').textContent();
    await screenshot(page, 'billing-change-plan');
    await page.getByRole('button', { name: 'Confirm switch to Enterprise' }).click();
    await page.waitForURL(/done=plan_changed/);
    // Assess
    expect(heading).toBe('Switch to Enterprise');
    expect(shown).toBe(formatMoney(preview.amount_due, preview.currency, 'en-IN'));
    expect(await page.locator('.plan-name').textContent()).toBe('Enterprise');
    expect(await page.getByRole('status').first().textContent()).toBe('Your plan has been changed.');
    expect((await subscription()).plan).toBe('enterprise');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('cancels at the period end and undoes it', async () => {
    // Prepare
    const page = await open((await mint()).url);
    // Act
    await page.getByRole('link', { name: 'Cancel subscription' }).click();
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await page.waitForURL(/done=cancel_scheduled/);
    const scheduled = {
      badge: await page.locator('.plan .badge').textContent(),
      api: (await subscription()).cancel_at_period_end,
    };
    await page.getByRole('button', { name: 'Keep my subscription' }).click();
    await page.waitForURL(/done=cancel_undone/);
    // Assess
    expect(scheduled.badge).toContain('cancels at period end');
    expect(scheduled.api).toBe(true);
    expect(await page.getByRole('link', { name: 'Cancel subscription' }).count()).toBe(1);
    expect((await subscription()).cancel_at_period_end).toBe(false);
    await page.close();
  });

  it('updates live from the event stream when the subscription changes elsewhere', async () => {
    // Prepare
    const page = await open((await mint()).url);
    await page.evaluate('window.marker = 1');
    // Act: the app cancels through the API while the page is open.
    expect((await api('POST', '/api/v1/subscriptions/cancel', { workspace_id: WS })).status).toBe(200);
    await page.getByRole('button', { name: 'Keep my subscription' }).waitFor({ timeout: 60_000 });
    // Assess: the same document (no reload), now showing the scheduled cancellation.
    expect(await page.evaluate('window.marker')).toBe(1);
    expect(await page.locator('#live').textContent()).toMatch(/^Updated at/);
    expect((await api('POST', `/api/v1/subscriptions/${WS}/revoke-cancellation`, {})).status).toBe(200);
    await page.close();
  });

  it('refuses a tampered, re-addressed or expired link with an error page that names nothing', async () => {
    // Prepare
    const { url } = await mint();
    const tampered = url.slice(0, -1) + (url.endsWith('x') ? 'y' : 'x');
    const [head, payload, sig] = new URL(url).pathname.replace('/billing/', '').split('.');
    const other = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const readdressed = `${stack.baseUrl}/billing/${head}.${Buffer.from(JSON.stringify({ ...other, w: 'ws_someone_else' })).toString('base64url')}.${sig}`;
    // The local stack signs with its development key (no CURSOR_SECRET is set).
    const key = pageLinkKey(`tollgate-local-cursors:${LOCAL_TABLE}`);
    const expired = `${stack.baseUrl}/billing/${signPageLink(key, { projectId: 'demo', workspaceId: WS, returnUrl: RETURN, expiresAt: Math.floor(Date.now() / 1000) - 5, keyId: 'k', appId: 'a' })}`;
    const genuine = `${stack.baseUrl}/billing/${signPageLink(key, { projectId: 'demo', workspaceId: WS, returnUrl: RETURN, expiresAt: Math.floor(Date.now() / 1000) + 60, keyId: 'k', appId: 'a' })}`;
    // Act
    const page = await ctx.newPage();
    const seen = [];
    for (const u of [tampered, readdressed, expired, `${tampered}/events`]) {
      const r = await page.goto(u);
      seen.push({
        status: r!.status(),
        h1: await page.getByRole('heading', { level: 1 }).textContent(),
        text: await page.content(),
      });
    }
    const action = await fetch(`${tampered.replace(/\/$/, '')}/cancel`, {
      method: 'POST',
      body: 'nonce=abcdefghij',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    // Assess
    expect(seen.map((s) => s.status)).toEqual([404, 404, 410, 404]);
    expect(seen[0].h1).toBe('This link is not valid');
    expect(seen[2].h1).toBe('This link has expired');
    for (const s of seen) {
      expect(s.text).not.toContain('Browser Co');
      expect(s.text).not.toContain(WS);
      expect(s.text).not.toContain('demo');
    }
    expect(action.status).toBe(404);
    expect((await subscription()).cancel_at_period_end).toBe(false);
    expect((await fetch(genuine)).status).toBe(200);
    await page.close();
  });

  it("mints links for its own project's workspaces only", async () => {
    // Prepare: another project with a key that may manage subscriptions.
    const other = 'tg_test_pagesOtherProject00000001';
    const tenancy = tenancyStore(stackTable(stack));
    const at = new Date().toISOString();
    await tenancy.putProject({ projectId: 'proj_other', name: 'Other', createdAt: at });
    await tenancy.putApp({ projectId: 'proj_other', appId: 'app_other', name: 'Other app', createdAt: at });
    await tenancy.putApiKey({
      keyId: 'key_other',
      hash: hashApiKey(other),
      prefix: visiblePrefix(other),
      projectId: 'proj_other',
      appId: 'app_other',
      name: 'other',
      scopes: [...SCOPES],
      createdAt: at,
    });
    // Act
    const foreign = await api('POST', '/api/v1/billing-page/session', { workspace_id: WS, return_url: RETURN }, other);
    const missing = await api('POST', '/api/v1/billing-page/session', {
      workspace_id: 'ws_nobody',
      return_url: RETURN,
    });
    const badUrl = await api('POST', '/api/v1/billing-page/session', {
      workspace_id: WS,
      return_url: 'javascript:alert(1)',
    });
    // Assess
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(badUrl.status).toBe(400);
  });

  it('works at phone width and from the keyboard, every control labelled', async () => {
    // Prepare
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-IN' });
    const page = await phone.newPage();
    await page.goto((await mint()).url);
    await screenshot(page, 'billing-page-phone');
    // Act
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    await page.keyboard.press('Tab');
    const first = await page.evaluate('document.activeElement?.textContent');
    const unlabelled = await page.evaluate<number>(
      "[...document.querySelectorAll('input:not([type=hidden]), select, button, a')].filter((e) => !e.innerText?.trim() && !e.getAttribute('aria-label') && !e.labels?.length).length",
    );
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement?.textContent')) === 'Buy credits';
    }
    // Assess
    expect(overflow).toBeLessThanOrEqual(0);
    expect(first).toBe('Skip to content');
    expect(unlabelled).toBe(0);
    expect(reached).toBe(true);
    await phone.close();
  });
});
