import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionRepository } from '#shared/adapters/dynamodb/repositories/attention';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { consoleLinkKey, signConsoleLink } from '#shared/domain/tenancy/console-link';
import { main as consoleCli } from '../../dev/cli/console';
import { LOCAL_TABLE } from '../../dev/local-stack';
import { type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';
import { type Api, apiOf, firstLoadFigures, launchChromium, screenshot, stackTable } from './support';

const WS = 'ws_console';

/**
 * The operator console in chromium against `npm start`: the admin key typed once and kept for
 * the tab, a failed webhook replayed until it is processed, an attention item resolved with a
 * note, the queues' depth. Each action is a call of the public API with that key.
 */
describe('the operator console in chromium', () => {
  let stack: StackProcess;
  let browser: Browser;
  let api: Api;
  let page: Page;
  const problems: string[] = [];
  let failedId = '';
  const attentionId = `att_${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    stack = await startStackProcess();
    api = apiOf(stack);
    browser = await launchChromium();
    // Prepare: a subscribed workspace whose Stripe events were processed for the demo project...
    expect(
      (
        await api('PUT', `/api/v1/workspaces/${WS}`, {
          name: 'Console Co',
          email: 'c@example.com',
          country: 'US',
          currency: 'usd',
        })
      ).status,
    ).toBeLessThan(300);
    expect((await api('POST', '/api/v1/subscriptions/', { workspace_id: WS, plan: 'pro', trial_days: 7 })).status).toBe(
      201,
    );
    const processed = await until('a processed subscription event of the workspace', async () => {
      const r = await api('GET', `/api/v1/admin/webhook-events?workspace_id=${WS}&type=customer.subscription.created`);
      return (r.body.events as { event_id: string; status: string }[]).find((e) => e.status === 'processed');
    });
    failedId = processed.event_id;
    // ...one of which then failed (as when a dependency was down), and a payment needing a human.
    const table = stackTable(stack);
    await inboxRepository(table).markFailed('stripe', failedId, 'dependency unavailable');
    await attentionRepository(table).raiseAttention({
      id: attentionId,
      reason: 'amount_mismatch',
      message: 'A bank transfer of $10.00 does not match the invoice',
      projectId: 'demo',
      workspaceId: WS,
      invoiceId: null,
      source: 'manual',
      reference: 'UTR123',
      amount: 1000,
      currency: 'usd',
      details: {},
      createdAt: new Date().toISOString(),
    });
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('asks for the admin key once and keeps it for the tab only', async () => {
    // Act
    await page.goto(`${stack.baseUrl}/console`);
    await page.getByLabel('Admin API key').waitFor();
    const { bytes: weight, firstPaintMs } = await firstLoadFigures(page);
    process.stdout.write(
      `console first load: ${weight} bytes transferred, first contentful paint ${firstPaintMs.toFixed(0)} ms\n`,
    );
    await page.getByLabel('Admin API key').fill('tg_wrong_key_0000000000000000');
    await page.getByRole('button', { name: 'Open console' }).click();
    const refused = await page.getByRole('status').filter({ hasText: 'Error' }).textContent();
    await page.getByLabel('Admin API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Webhook events' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Webhook events' }).waitFor();
    const stored = await page.evaluate<[string | null, number]>(
      '[sessionStorage.getItem("tollgate.console.key"), localStorage.length]',
    );
    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(`${stack.baseUrl}/console`);
    const asked = await fresh.getByLabel('Admin API key').count();
    // Assess
    expect(weight).toBeGreaterThan(0);
    expect(weight).toBeLessThan(40_000);
    expect(firstPaintMs).toBeGreaterThan(0);
    expect(refused).toContain('Unknown API key');
    expect(stored).toEqual([stack.apiKey, 0]);
    expect(asked).toBe(1);
    await fresh.close();
  });

  it('replays a failed webhook event, which is then processed', async () => {
    // Act
    const section = page.locator('#webhooks');
    await section.getByLabel('Status').selectOption('failed');
    await section.getByRole('button', { name: 'Show events' }).click();
    await section.getByLabel(`Select ${failedId}`).check();
    await section.getByRole('button', { name: 'Replay selected' }).click();
    await page.getByRole('status').filter({ hasText: 'Replayed' }).waitFor();
    const said = await page.getByRole('status').textContent();
    const settled = await until('the replayed event processed', async () => {
      const r = await api('GET', `/api/v1/admin/webhook-events?workspace_id=${WS}&type=customer.subscription.created`);
      return (r.body.events as { event_id: string; status: string }[]).find(
        (e) => e.event_id === failedId && e.status === 'processed',
      );
    });
    await section.getByLabel('Status').selectOption('');
    await section.getByRole('button', { name: 'Show events' }).click();
    // The list is drawn again from the API; until then the earlier (filtered) one may still show.
    const row = section.locator('tr', { hasText: failedId }).filter({ has: page.locator('[data-status="processed"]') });
    await row.waitFor();
    await screenshot(page, 'console');
    // Assess
    expect(said).toBe(`Replayed 1 event(s): ${failedId}`);
    expect(settled.status).toBe('processed');
    expect(await row.locator('[data-status]').textContent()).toBe('processed');
  });

  it('resolves an attention item with a note', async () => {
    // Act
    const section = page.locator('#reconciliation');
    await section.getByRole('button', { name: 'Show attention items' }).click();
    await section.getByLabel(`Note for ${attentionId}`).fill('Customer paid the rest by card');
    await section
      .getByRole('row', { name: /amount_mismatch/ })
      .getByRole('button', { name: 'Resolve' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `Resolved ${attentionId}` })
      .waitFor();
    const open = (await api('GET', '/api/v1/admin/reconciliation/attention')).body.items as { id: string }[];
    // Assess
    expect(open.map((a) => a.id)).not.toContain(attentionId);
    expect(await section.getByText(attentionId).count()).toBe(0);
  });

  it('shows the queues and their dead letters, and runs a drift check', async () => {
    // Act
    await page.locator('#dlq').getByRole('button', { name: 'Show queues' }).click();
    await page.locator('#dlq tbody tr').first().waitFor();
    const queues = await page.locator('#dlq tbody tr').allTextContents();
    await page.getByRole('button', { name: 'Run drift check' }).click();
    await page.getByRole('status').filter({ hasText: 'Run finished.' }).waitFor({ timeout: 120_000 });
    const run = await page.locator('#run').textContent();
    // Assess
    expect(queues.map((q) => q.split(/\d/)[0])).toEqual(expect.arrayContaining(['usage', 'stripe', 'payment']));
    expect(run).toMatch(/^Run run_[0-9A-Z]{26}: completed, \d+ drift\(s\) found, \d+ fixed\.$/);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it("draws the project's metrics from the API's answers, each chart with a table of its numbers", async () => {
    // Prepare: besides the Pro trial, an Indian workspace on Pro paid by bank transfer.
    const ws = 'ws_console_inr';
    const profile = { name: 'Console India', email: 'ci@example.com', country: 'IN', currency: 'inr' };
    expect((await api('PUT', `/api/v1/workspaces/${ws}`, profile)).status).toBeLessThan(300);
    const sub = { workspace_id: ws, plan: 'pro', collection_method: 'send_invoice', days_until_due: 7 };
    expect((await api('POST', '/api/v1/subscriptions/', sub)).status).toBe(201);
    const invoice = await until('the open invoice', async () =>
      ((await api('GET', `/api/v1/checkout/invoices/${ws}`)).body.invoices as { id: string; status: string }[])?.find(
        (i) => i.status === 'open',
      ),
    );
    const paid = await api('POST', '/api/v1/checkout/reconcile', {
      invoice_id: invoice.id,
      amount: 399900,
      currency: 'inr',
      reference: 'UTRCONSOLE1',
      method: 'neft',
      paid_at: new Date().toISOString(),
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const [revenue, subs] = await until('the metrics counting both subscriptions and the payment', async () => {
      const r = (await api('GET', '/api/v1/metrics/project/demo/revenue')).body;
      const s = (await api('GET', '/api/v1/metrics/project/demo/subscriptions')).body;
      return r.currencies?.inr?.collected === 399900 && r.currencies.inr.mrr === 399900 && s.by_plan?.pro?.active === 1
        ? [r, s]
        : undefined;
    });
    const today = new Date().toISOString().slice(0, 10);
    const rows = (chart: string) =>
      page
        .locator(`[data-chart=${chart}] tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    // Act
    const section = page.locator('#metrics');
    await section.getByLabel('Project').fill('demo');
    await section.getByRole('button', { name: 'Show charts' }).click();
    await page.getByRole('status').filter({ hasText: 'Metrics loaded.' }).waitFor();
    const shown = { mrr: await rows('mrr'), revenue: await rows('revenue'), plans: await rows('plans') };
    const live = await rows('live');
    const labels = await section.getByRole('img').evaluateAll((svgs) => svgs.map((e) => e.getAttribute('aria-label')));
    // Assess: the demo's numbers, as the API answers them.
    expect(shown.mrr).toEqual([['INR', '₹3,999.00', '1']]);
    const money = (n: number, c: string) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: c.toUpperCase() }).format(n / 100);
    const days = revenue.daily as { day: string; currency: string; collected: number; net: number }[];
    expect(shown.revenue).toEqual(
      days.map((d) => [d.day, d.currency.toUpperCase(), money(d.collected, d.currency), money(d.net, d.currency)]),
    );
    expect(shown.revenue).toContainEqual([today, 'INR', '₹3,999.00', '₹3,999.00']);
    expect(shown.plans).toEqual([['pro', '1', '1', '0', '2']]);
    expect(live[0]).toEqual([subs.from.slice(0, 10), '0']);
    expect(live.at(-1)).toEqual([today, '2']);
    expect(revenue.currencies.inr).toMatchObject({ mrr: 399900, mrr_subscriptions: 1, collected: 399900 });
    expect(subs.by_plan.pro).toEqual({ active: 1, trialing: 1 });
    expect(labels).toEqual([
      'MRR now: INR ₹3,999.00',
      `Revenue collected per day: ${[...new Set(days.map((d) => d.currency))]
        .sort()
        .map(
          (c) => `${c.toUpperCase()} ${money(days.filter((d) => d.currency === c).at(-1)!.collected, c)} on ${today}`,
        )
        .join('; ')}`,
      'Live subscriptions by plan: pro 2',
      `Live subscriptions over time: Live 2 on ${today}`,
    ]);
  });

  it('opens from a signed console link without a key, and refuses an expired or altered link', async () => {
    // Prepare
    const out: string[] = [];
    const io = { env: {}, out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    const flags = ['--base-url', stack.baseUrl, '--endpoint', stack.dynamodbEndpoint, '--table', LOCAL_TABLE];
    const code = await consoleCli(['link', '--project', 'demo', '--ttl', '15m', '--json', ...flags], io);
    const link = JSON.parse(out.join('')) as { url: string; expires_at: string };
    const unknown = await consoleCli(['link', '--project', 'nobody', ...flags], io);
    // The local stack signs with its development key (no CURSOR_SECRET is set).
    const key = consoleLinkKey(`tollgate-local-cursors:${LOCAL_TABLE}`);
    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = `${stack.baseUrl}/console/${signConsoleLink(key, { projectId: 'demo', keyId: 'k', expiresAt: past })}`;
    const altered = `${link.url.slice(0, -1)}${link.url.endsWith('A') ? 'B' : 'A'}`;
    const fresh = await browser.newContext();
    const tab = await fresh.newPage();
    // Act
    await tab.goto(link.url);
    await tab.getByRole('heading', { name: 'Dead-letter queues' }).waitFor();
    const opened = {
      path: new URL(tab.url()).pathname,
      askedForKey: await tab.getByLabel('Admin API key').count(),
      status: await tab.getByRole('status').textContent(),
      project: await tab.locator('#metrics').getByLabel('Project').inputValue(),
      key: await tab.evaluate<string | null>('sessionStorage.getItem("tollgate.console.key")'),
    };
    await tab.getByRole('button', { name: 'Show queues' }).click();
    await tab.locator('#dlq tbody tr').first().waitFor();
    const refusals = [];
    for (const u of [expired, altered]) {
      const r = await tab.goto(u);
      refusals.push({
        status: r!.status(),
        h1: await tab.getByRole('heading', { level: 1 }).textContent(),
        html: await tab.content(),
      });
    }
    // Assess
    expect([code, unknown]).toEqual([0, 1]);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(link.url).toMatch(new RegExp(`^${stack.baseUrl}/console/v1\\.`));
    expect(opened).toMatchObject({ path: '/console', askedForKey: 0, project: 'demo' });
    expect(opened.status).toContain('Opened from a console link for project demo');
    expect(opened.key).toMatch(/^tg_console_/);
    expect(refusals.map((r) => [r.status, r.h1])).toEqual([
      [410, 'This console link has expired'],
      [404, 'This console link is not valid'],
    ]);
    for (const r of refusals) expect(r.html).not.toMatch(/demo|tg_console_/);
    await fresh.close();
  });
});
