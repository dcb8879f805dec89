import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionRepository } from '#shared/adapters/dynamodb/repositories/attention';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';
import { type Api, apiOf, launchChromium, screenshot, stackTable } from './support';

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
    const row = section.locator('tr', { hasText: failedId });
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
});
