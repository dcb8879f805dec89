import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, clocked, DAY, subscriptionInvoices, T0, useHarness } from './support';

const refusal = (e: unknown) => {
  const err = e as Stripe.errors.StripeError;
  return { status: err.statusCode, type: err.type, param: err.param, message: err.message };
};

const fields = (n: number, name = 'Field', value = 'value') =>
  Array.from({ length: n }, (_, i) => ({ name: `${name} ${i + 1}`, value: `${value} ${i + 1}` }));

describe('stripe emulator: invoice custom fields and footers', () => {
  const now = T0;
  const h = useHarness({ clock: () => now * 1000 });

  it('refuses more than 4 custom fields, names over 40 and values over 140 characters, footers over 5000, and changes nothing', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'limits@example.com' });
    const { price } = await catalog(h.stripe);
    const refused = (p: Promise<unknown>) => p.then(() => 'accepted', refusal);
    // Act
    const fiveOnInvoice = await refused(h.stripe.invoices.create({ customer: customer.id, custom_fields: fields(5) }));
    const longName = await refused(
      h.stripe.invoices.create({ customer: customer.id, custom_fields: [{ name: 'N'.repeat(41), value: 'v' }] }),
    );
    const longValue = await refused(
      h.stripe.invoices.create({
        customer: customer.id,
        custom_fields: [
          { name: 'ok', value: 'ok' },
          { name: 'IFSC', value: `${'x'.repeat(132)}-the-rest` },
        ],
      }),
    );
    const longFooter = await refused(h.stripe.invoices.create({ customer: customer.id, footer: 'f'.repeat(5001) }));
    const noValue = await refused(
      h.stripe.invoices.create({ customer: customer.id, custom_fields: [{ name: 'Only a name' } as never] }),
    );
    const fiveOnSubscription = await refused(
      h.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        collection_method: 'send_invoice',
        days_until_due: 7,
        invoice_settings: { custom_fields: fields(5) },
      }),
    );
    const longOnCustomer = await refused(
      h.stripe.customers.update(customer.id, {
        invoice_settings: { custom_fields: [{ name: 'Account', value: 'v'.repeat(141) }], footer: 'kept out' },
      }),
    );
    const atTheLimits = await h.stripe.invoices.create({
      customer: customer.id,
      custom_fields: fields(4).map((f, i) => (i === 0 ? { name: 'N'.repeat(40), value: 'v'.repeat(140) } : f)),
      footer: 'f'.repeat(5000),
    });
    // Assess
    expect(fiveOnInvoice).toEqual({
      status: 400,
      type: 'StripeInvalidRequestError',
      param: 'custom_fields',
      message: 'Array custom_fields exceeded maximum 4 allowed elements.',
    });
    expect(longName).toMatchObject({
      status: 400,
      param: 'custom_fields[0][name]',
      message: 'Invalid string: NNNNNNNNNN...NNNNNNNNNN; must be at most 40 characters',
    });
    expect(longValue).toMatchObject({
      status: 400,
      param: 'custom_fields[1][value]',
      message: 'Invalid string: xxxxxxxxxx...x-the-rest; must be at most 140 characters',
    });
    expect(longFooter).toMatchObject({ status: 400, param: 'footer', message: /must be at most 5000 characters$/ });
    expect(noValue).toMatchObject({ status: 400, param: 'custom_fields[0][value]' });
    expect(fiveOnSubscription).toMatchObject({
      status: 400,
      param: 'invoice_settings[custom_fields]',
      message: 'Array invoice_settings[custom_fields] exceeded maximum 4 allowed elements.',
    });
    expect(longOnCustomer).toMatchObject({ status: 400, param: 'invoice_settings[custom_fields][0][value]' });
    // Only the request at the limits left anything behind.
    expect((await h.stripe.invoices.list({ customer: customer.id })).data.map((i) => i.id)).toEqual([atTheLimits.id]);
    expect((await h.stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { custom_fields: null, footer: null },
    });
    expect(atTheLimits.custom_fields).toHaveLength(4);
    expect(atTheLimits.footer).toHaveLength(5000);
  });

  it("prints a subscription's invoice_settings on each invoice it generates, over the customer's defaults", async () => {
    // Prepare: customer defaults, and a subscription with its own.
    const { clock, customer } = await clocked(h.stripe, null);
    await h.stripe.customers.update(customer.id, {
      invoice_settings: { custom_fields: [{ name: 'PO number', value: 'PO-77' }], footer: 'Customer footer' },
    });
    const { price } = await catalog(h.stripe, { amount: 1500 });
    const bank = [
      { name: 'Account name', value: 'Acme Tools Pvt Ltd' },
      { name: 'IFSC', value: 'HDFC0000123' },
    ];
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: 'send_invoice',
      days_until_due: 7,
      invoice_settings: { custom_fields: bank, footer: 'Pay by bank transfer' },
    });
    const plain = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    // Act: a renewal, then a change that only later invoices see.
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 32 * DAY });
    await h.stripe.subscriptions.update(sub.id, {
      invoice_settings: { custom_fields: [{ name: 'IFSC', value: 'ICIC0000001' }], footer: '' },
    });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 61 * DAY });
    const [third, second, first] = await subscriptionInvoices(h.stripe, sub.id);
    const [plainFirst] = (await subscriptionInvoices(h.stripe, plain.id)).reverse();
    const own = await h.stripe.invoices.create({
      customer: customer.id,
      subscription: sub.id,
      custom_fields: [{ name: 'Own', value: 'field' }],
    });
    // Assess
    expect(sub.invoice_settings).toMatchObject({ custom_fields: bank, footer: 'Pay by bank transfer' });
    expect([first.billing_reason, second.billing_reason, third.billing_reason]).toEqual([
      'subscription_create',
      'subscription_cycle',
      'subscription_cycle',
    ]);
    expect([first, second].map((i) => [i.status, i.custom_fields, i.footer])).toEqual([
      ['open', bank, 'Pay by bank transfer'],
      ['open', bank, 'Pay by bank transfer'],
    ]);
    // The change reached the next invoice only; a removed footer falls back to the customer's.
    expect(third).toMatchObject({
      custom_fields: [{ name: 'IFSC', value: 'ICIC0000001' }],
      footer: 'Customer footer',
    });
    expect(plainFirst).toMatchObject({
      custom_fields: [{ name: 'PO number', value: 'PO-77' }],
      footer: 'Customer footer',
    });
    expect(own).toMatchObject({ custom_fields: [{ name: 'Own', value: 'field' }], footer: 'Customer footer' });
  });

  it("changes a draft's custom fields ('' removes them) and refuses to change a finalized invoice's", async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'edit@example.com' });
    await h.stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' });
    const draft = await h.stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      collection_method: 'send_invoice',
      days_until_due: 3,
      custom_fields: fields(2),
    });
    // Act
    const changed = await h.stripe.invoices.update(draft.id, { custom_fields: [{ name: 'Reference', value: 'R-1' }] });
    const cleared = await h.stripe.invoices.update(draft.id, { custom_fields: '' });
    const set = await h.stripe.invoices.update(draft.id, { custom_fields: [{ name: 'Reference', value: 'R-2' }] });
    const open = await h.stripe.invoices.finalizeInvoice(draft.id);
    const late = await h.stripe.invoices
      .update(draft.id, { custom_fields: [{ name: 'Reference', value: 'R-3' }] })
      .then(() => 'accepted', refusal);
    const footer = await h.stripe.invoices.update(draft.id, { footer: 'Thank you' });
    // Assess
    expect(draft.custom_fields).toEqual(fields(2));
    expect(changed.custom_fields).toEqual([{ name: 'Reference', value: 'R-1' }]);
    expect(cleared.custom_fields).toBeNull();
    expect(set.custom_fields).toEqual([{ name: 'Reference', value: 'R-2' }]);
    expect(open.status).toBe('open');
    expect(late).toMatchObject({ status: 400 });
    expect(footer).toMatchObject({ footer: 'Thank you', custom_fields: [{ name: 'Reference', value: 'R-2' }] });
  });
});
