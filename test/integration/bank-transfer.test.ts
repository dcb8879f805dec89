import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { projectSettingsRepository } from '#shared/adapters/dynamodb/repositories/project-settings';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { reloadConfig } from '#shared/config';
import { catalog } from '#shared/domain/catalog/catalog';
import { BANK_FIELDS } from '#shared/domain/payments/bank-transfer';
import { manualPaymentFields } from '#shared/domain/payments/contracts';
import { getInvoice, listInvoices } from '#shared/domain/payments/invoices';
import { DEFAULT_SETTINGS } from '#shared/domain/settings/project-settings';
import { createSubscription } from '#shared/domain/subscriptions/lifecycle';
import { BankDetailsBody } from '#shared/http/routes/settings';
import type { paymentPorts } from '#shared/wiring/payments';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshTable } from '../support/local';

/** The longest bank details PATCH /admin/settings accepts: what Tollgate prints must still fit Stripe's limits. */
const LONGEST = BankDetailsBody.parse({
  account_name: 'A'.repeat(100),
  account_number: '9'.repeat(18),
  ifsc: 'HDFC0ABC123',
  bank_name: 'B'.repeat(100),
});

/**
 * What bank-transfer subscriptions print on their invoices, on DynamoDB Local and the Stripe
 * emulator (which refuses custom fields and footers over Stripe's limits, as Stripe does).
 */
describe('bank-transfer invoices', () => {
  let table: TableContext;
  let emulator: StripeEmulator;
  let ports: ReturnType<typeof paymentPorts>;

  beforeAll(async () => {
    table = await freshTable('bank');
    emulator = await startStripeEmulator({ port: 0 });
    await applyCatalog(createStripeClient({ secretKey: 'sk_test_bank', apiBase: emulator.url }), catalog);
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY: 'sk_test_bank',
    });
    reloadConfig();
    await projectSettingsRepository(table).put('proj_bank', { ...DEFAULT_SETTINGS, bank_details: LONGEST });
    ports = (await import('#shared/wiring/payments')).paymentPorts();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const subscribe = async (
    workspaceId: string,
    currency: 'inr' | 'usd',
    collection: 'send_invoice' | 'charge_automatically',
  ) => {
    const now = new Date().toISOString();
    await ports.workspaces.upsert(
      'proj_bank',
      workspaceId,
      { name: 'Bank Co', email: '', country: 'IN', currency },
      now,
    );
    const sub = await createSubscription(ports, 'proj_bank', {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: collection,
      ...(collection === 'send_invoice' ? { days_until_due: 7 } : {}),
    });
    const stripe = await ports.stripe();
    const [invoice] = (await stripe.invoices.list({ subscription: sub.subscription_id })).data;
    return { sub, invoice, stripe };
  };

  it('prints the longest bank details the settings accept within Stripe’s limits, and a reference per invoice', async () => {
    // Prepare
    const { sub, invoice, stripe } = await subscribe('ws_long', 'inr', 'send_invoice');
    await stripe.invoiceItems.create({ customer: sub.customer_id, amount: 5000, currency: 'inr' });
    // Act: a second invoice of the subscription, first as a draft, then finalized.
    const draft = await stripe.invoices.create({
      customer: sub.customer_id,
      subscription: sub.subscription_id,
      currency: 'inr',
      collection_method: 'send_invoice',
      days_until_due: 3,
      pending_invoice_items_behavior: 'include',
    });
    const whileDraft = await listInvoices(ports, 'proj_bank', 'ws_long', { limit: 10, status: 'draft' });
    await stripe.invoices.finalizeInvoice(draft.id);
    const first = await getInvoice(ports, 'proj_bank', invoice.id);
    const second = await getInvoice(ports, 'proj_bank', draft.id);
    // Assess
    expect(invoice.custom_fields).toEqual([
      { name: BANK_FIELDS.account_name, value: LONGEST.account_name },
      { name: BANK_FIELDS.account_number, value: LONGEST.account_number },
      { name: BANK_FIELDS.ifsc, value: LONGEST.ifsc },
      { name: BANK_FIELDS.reference, value: 'Quote the invoice number' },
    ]);
    expect(invoice.footer).toContain(`(${LONGEST.bank_name})`);
    const bank = { account_name: LONGEST.account_name, account_number: LONGEST.account_number, ifsc: LONGEST.ifsc };
    expect(whileDraft.invoices.map((i) => i.bank_transfer)).toEqual([{ ...bank, reference: null }]);
    expect(first.bank_transfer).toEqual({ ...bank, reference: invoice.number });
    expect(second.bank_transfer).toEqual({ ...bank, reference: second.number });
    expect(second.bank_transfer?.reference).not.toBe(first.bank_transfer?.reference);
    for (const ref of [first.bank_transfer?.reference, second.bank_transfer?.reference])
      expect(manualPaymentFields.reference.safeParse(ref).success).toBe(true);
  });

  it('prints nothing on invoices not paid by bank transfer: in dollars, or charged to a card', async () => {
    // Act
    const dollars = await subscribe('ws_usd', 'usd', 'send_invoice');
    const card = await subscribe('ws_card', 'inr', 'charge_automatically');
    const answers = await Promise.all([dollars, card].map(({ invoice }) => getInvoice(ports, 'proj_bank', invoice.id)));
    const subs = await Promise.all(
      [dollars, card].map(({ stripe, sub }) => stripe.subscriptions.retrieve(sub.subscription_id)),
    );
    // Assess
    expect([dollars.invoice, card.invoice].map((i) => [i.currency, i.custom_fields, i.footer])).toEqual([
      ['usd', null, null],
      ['inr', null, null],
    ]);
    expect(subs.map((s) => s.invoice_settings.custom_fields)).toEqual([null, null]);
    expect(answers.map((a) => a.bank_transfer)).toEqual([null, null]);
  });
});
