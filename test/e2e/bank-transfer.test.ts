import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { manualPaymentFields } from '#shared/domain/payments/contracts';
import { createKey, resolveTarget } from '../../dev/cli/keys';
import { STACK_READY_MS, type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';

// The service's and the emulator's JSON answers, asserted field by field below.
const json = (r: Response) => r.json() as Promise<any>;

/** The demo project's bank details, as dev/seed.ts stores them. */
const DEMO_BANK = { account_name: 'Demo Project Pvt Ltd', account_number: '000123456789', ifsc: 'HDFC0000123' };

/**
 * Bank-transfer invoices through `npm start`: a rupee subscription sent its invoices prints the
 * project's bank account on them in Stripe and answers it in the invoice API; another project's
 * key cannot read that invoice, and a project without bank details prints nothing.
 */
describe('bank-transfer invoices through the local stack', () => {
  let stack: StackProcess;
  let otherKey = '';
  const call = (key: string, path: string, init: RequestInit = {}) =>
    fetch(`${stack.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
  const api = (path: string, init: RequestInit = {}) => call(stack.apiKey, path, init);
  const stripe = async (path: string) =>
    json(
      await fetch(`http://127.0.0.1:${stack.ports.stripe}${path}`, { headers: { authorization: 'Bearer sk_test_x' } }),
    );
  const logTail = () => stack.logs().slice(-3000);

  /** An Indian workspace on a send_invoice subscription, and its open invoice as the API lists it. */
  const bankTransferInvoice = async (key: string, ws: string, plan: string) => {
    const profile = { name: 'Bank Co', email: 'bank@example.com', country: 'IN', currency: 'inr' };
    expect((await call(key, `/api/v1/workspaces/${ws}`, { method: 'PUT', body: JSON.stringify(profile) })).status).toBe(
      201,
    );
    const created = await call(key, '/api/v1/subscriptions/', {
      method: 'POST',
      body: JSON.stringify({ workspace_id: ws, plan, collection_method: 'send_invoice', days_until_due: 7 }),
    });
    expect(created.status).toBe(201);
    const { subscription_id } = await json(created);
    const listed = await until(
      'the invoice to be listed',
      async () => (await json(await call(key, `/api/v1/checkout/invoices/${ws}?status=open`))).invoices?.[0],
      undefined,
      logTail,
    );
    return { subscriptionId: subscription_id as string, listed };
  };

  beforeAll(async () => {
    stack = await startStackProcess();
    // A second project, with its own key and a copy of the demo catalog under other plan keys.
    const table = createTableContext(resolveTarget({}, { DYNAMODB_PORT: String(stack.ports.dynamodb) }, undefined));
    otherKey = (
      await createKey(table, { projectId: 'e2e_nobank', appId: 'app', name: 'e2e', scopes: ['admin'], keyEnv: 'test' })
    ).apiKey;
    table.doc.destroy();
    const doc = await json(await api('/api/v1/admin/catalog'));
    for (const p of doc.plans) p.key = `nb${p.key}`;
    const pushed = await call(otherKey, '/api/v1/admin/catalog', { method: 'PUT', body: JSON.stringify(doc) });
    expect(pushed.status, await pushed.clone().text()).toBeLessThan(300);
  }, STACK_READY_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  it("prints the project's bank details on the invoice in Stripe and answers them in the invoice API", async () => {
    // Act
    const { subscriptionId, listed } = await bankTransferInvoice(stack.apiKey, 'ws_e2e_neft', 'pro');
    const detail = await json(await api(`/api/v1/checkout/invoices/detail/${listed.id}`));
    const inStripe = await stripe(`/v1/invoices/${listed.id}`);
    const subscription = await stripe(`/v1/subscriptions/${subscriptionId}`);
    // Assess: Stripe prints the account and the reference to quote, the API answers them.
    const printed = [
      { name: 'Account name', value: DEMO_BANK.account_name },
      { name: 'Account number', value: DEMO_BANK.account_number },
      { name: 'IFSC', value: DEMO_BANK.ifsc },
      { name: 'Payment reference', value: 'Quote the invoice number' },
    ];
    expect(subscription.invoice_settings.custom_fields).toEqual(printed);
    expect(inStripe).toMatchObject({ status: 'open', collection_method: 'send_invoice', custom_fields: printed });
    expect(inStripe.number).toMatch(/^[A-Z0-9]+-\d{4}$/);
    expect(inStripe.footer).toContain(
      `to ${DEMO_BANK.account_name}, account ${DEMO_BANK.account_number}, IFSC ${DEMO_BANK.ifsc} (HDFC Bank)`,
    );
    expect(inStripe.footer).toContain('Quote the invoice number as the payment reference');
    const expected = { ...DEMO_BANK, reference: inStripe.number };
    expect(detail.bank_transfer).toEqual(expected);
    expect(listed.bank_transfer).toEqual(expected);
    expect(manualPaymentFields.reference.safeParse(detail.bank_transfer.reference).success).toBe(true);
  });

  it('settles the invoice from a transfer recorded under the quoted reference, once', async () => {
    // Prepare
    const { listed } = await bankTransferInvoice(stack.apiKey, 'ws_e2e_quote', 'pro');
    const transfer = {
      invoice_id: listed.id,
      amount: listed.amount_remaining,
      currency: listed.currency,
      reference: listed.bank_transfer.reference,
      method: 'neft',
      paid_at: '2026-11-20T10:00:00Z',
    };
    // Act
    const first = await api('/api/v1/checkout/reconcile', { method: 'POST', body: JSON.stringify(transfer) });
    const again = await api('/api/v1/checkout/reconcile', { method: 'POST', body: JSON.stringify(transfer) });
    // Assess
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await json(first)).toMatchObject({ reference: transfer.reference, status: 'settled' });
    expect((await stripe(`/v1/invoices/${listed.id}`)).status).toBe('paid');
  });

  it("answers 404 to another project's key and prints nothing for a project without bank details", async () => {
    // Prepare
    const { listed: demo } = await bankTransferInvoice(stack.apiKey, 'ws_e2e_mine', 'pro');
    // Act
    const foreign = await call(otherKey, `/api/v1/checkout/invoices/detail/${demo.id}`);
    const { subscriptionId, listed: plain } = await bankTransferInvoice(otherKey, 'ws_e2e_nobank', 'nbpro');
    const detail = await json(await call(otherKey, `/api/v1/checkout/invoices/detail/${plain.id}`));
    const inStripe = await stripe(`/v1/invoices/${plain.id}`);
    const subscription = await stripe(`/v1/subscriptions/${subscriptionId}`);
    const back = await api(`/api/v1/checkout/invoices/detail/${plain.id}`);
    // Assess
    expect(foreign.status).toBe(404);
    expect((await json(foreign)).error).toMatchObject({ code: 'not_found' });
    expect(demo.bank_transfer).toMatchObject(DEMO_BANK);
    expect(detail).toMatchObject({ id: plain.id, collection_method: 'send_invoice', currency: 'inr' });
    expect(detail.bank_transfer).toBeNull();
    expect(plain.bank_transfer).toBeNull();
    expect(inStripe).toMatchObject({ status: 'open', custom_fields: null, footer: null });
    expect(subscription.invoice_settings).toMatchObject({ custom_fields: null, footer: null });
    expect(back.status).toBe(404);
  });
});
