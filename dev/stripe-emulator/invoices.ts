import type Stripe from 'stripe';
import { amountFor } from './billing';
import { priceFromPriceData } from './catalog';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import {
  createInvoice,
  finalizeInvoice,
  invoiceOfIntent,
  type LineSpec,
  lineFromSpec,
  lineSpecFromItem,
  markPaid,
  markUncollectible,
  payInvoice,
  pendingItems,
  recompute,
  voidInvoice,
} from './invoice-model';
import { customFieldsParam, footerParam } from './invoice-settings';
import { resolvePaymentMethod } from './payment-methods';
import { confirmIntent } from './payments';
import { inRange, newestFirst, paginate } from './render';
import type { Router } from './router';
import { dec, decStr, idOf, type State } from './state';

const STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

function invoice(state: State, id: string): Stripe.Invoice {
  return state.get(state.invoices, 'invoice', id);
}

function create(state: State, p: Params): Stripe.Invoice {
  const customerId = p.req('customer');
  const customer = state.customer(customerId);
  const subId = p.str('subscription');
  const sub = subId ? state.get(state.subscriptions, 'subscription', subId, 'subscription') : null;
  if (sub && sub.customer !== customer.id)
    throw errors.invalid('The subscription does not belong to this customer.', 'subscription');
  const collectionMethod =
    p.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const) ?? 'charge_automatically';
  const daysUntilDue = p.int('days_until_due') ?? null;
  if (collectionMethod === 'send_invoice' && daysUntilDue === null && !p.has('due_date'))
    throw errors.paramMissing('days_until_due');
  const include = p.oneOf('pending_invoice_items_behavior', ['include', 'exclude'] as const) ?? 'exclude';
  const customFields = customFieldsParam(p);
  const footer = footerParam(p);
  const now = state.nowFor(customer.id);
  const pending = include === 'include' ? pendingItems(state, customer.id, sub ? sub.id : 'any') : [];
  const inv = createInvoice(
    state,
    {
      customer: customer.id,
      subscription: sub,
      collectionMethod,
      daysUntilDue,
      billingReason: 'manual',
      lines: [],
      periodStart: now,
      periodEnd: now,
      currency: p.str('currency')?.toLowerCase(),
      metadata: p.metadata(),
      description: p.str('description') ?? null,
      autoAdvance: p.bool('auto_advance') ?? false,
      defaultPaymentMethod: p.str('default_payment_method') ?? null,
      // Sent: what the request says (`''` prints none); not sent: inherited.
      ...(customFields !== undefined ? { customFields } : {}),
      ...(footer !== undefined ? { footer } : {}),
    },
    pending,
  );
  const dueDate = p.int('due_date');
  if (dueDate) inv.due_date = dueDate;
  return inv;
}

function update(state: State, inv: Stripe.Invoice, p: Params): Stripe.Invoice {
  // Stripe: custom fields cannot be updated once an invoice is finalized (they are copied onto it
  // from the subscription or customer while it is a draft).
  const onlyMeta = Object.keys(p.raw).every((k) => ['metadata', 'expand', 'description', 'footer'].includes(k));
  if (inv.status !== 'draft' && !onlyMeta)
    throw errors.state('You can only update metadata and description on a finalized invoice.', 'invoice_not_editable');
  const customFields = customFieldsParam(p);
  const footer = footerParam(p);
  updating(state, 'invoice.updated', inv, () => {
    if (p.has('metadata')) inv.metadata = p.metadata(inv.metadata);
    if (p.has('description')) inv.description = p.str('description') || null;
    if (footer !== undefined) inv.footer = footer;
    if (customFields !== undefined) inv.custom_fields = customFields;
    if (p.has('auto_advance')) inv.auto_advance = p.bool('auto_advance');
    if (p.has('collection_method'))
      inv.collection_method = p.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const)!;
    if (p.has('days_until_due')) state.invExtra(inv.id).daysUntilDue = p.int('days_until_due') ?? null;
    if (p.has('default_payment_method')) inv.default_payment_method = p.str('default_payment_method') || null;
  });
  return inv;
}

/** `POST /v1/invoiceitems`: `amount`, or a price (`pricing[price]`, `price_data`) × `quantity`, or `unit_amount_decimal` × `quantity`. */
function createItem(state: State, p: Params): Stripe.InvoiceItem {
  const customer = state.customer(p.req('customer'));
  const invoiceId = p.str('invoice') ?? null;
  const inv = invoiceId ? state.get(state.invoices, 'invoice', invoiceId, 'invoice') : null;
  if (inv && inv.status !== 'draft')
    throw errors.state('You can only add invoice items to draft invoices.', 'invoice_not_editable', 'invoice');
  if (inv && inv.customer !== customer.id) throw errors.invalid('The invoice belongs to another customer.', 'invoice');
  const subId = p.str('subscription') ?? null;
  if (subId) state.get(state.subscriptions, 'subscription', subId, 'subscription');
  const quantity = p.int('quantity') ?? 1;
  const priceId = p.obj('pricing')?.str('price') ?? p.str('price');
  const priceData = p.obj('price_data');
  const price = priceId
    ? state.get(state.prices, 'price', priceId, 'pricing[price]')
    : priceData
      ? priceFromPriceData(state, priceData)
      : null;
  const amount = p.int('amount');
  const unitDecimal = p.decimal('unit_amount_decimal');
  let total: number;
  if (price) total = amountFor(price, quantity);
  else if (amount !== undefined) total = amount;
  else if (unitDecimal !== undefined)
    total = amountFor({ unit_amount_decimal: dec(unitDecimal), unit_amount: null }, quantity);
  else throw errors.paramMissing('amount');
  const currency = price?.currency ?? p.str('currency')?.toLowerCase() ?? inv?.currency;
  if (!currency) throw errors.paramMissing('currency');
  const now = state.nowFor(customer.id);
  const period = p.obj('period');
  const line: LineSpec = {
    amount: total,
    currency,
    description:
      p.str('description') ??
      (price ? (state.products.get(idOf(price.product as string)!)?.name ?? 'Invoice item') : 'Invoice item'),
    quantity,
    price,
    period: { start: period?.int('start') ?? now, end: period?.int('end') ?? now },
    proration: false,
    subscription: subId,
    subscriptionItem: null,
    invoiceItem: null,
    unitAmountDecimal: price
      ? decStr(price.unit_amount_decimal)
      : (unitDecimal ?? (amount !== undefined ? String(amount / quantity) : null)),
    metadata: p.metadata(),
  };
  const ii = storeInvoiceItem(state, customer.id, line, inv?.id ?? null);
  if (inv) {
    inv.lines.data.push(lineFromSpec(state, inv.id, lineSpecFromItem(ii)));
    recompute(inv);
  }
  return ii;
}

/** Stores a pending invoice item (e.g. a proration) and emits `invoiceitem.created`. */
export function storeInvoiceItem(
  state: State,
  customerId: string,
  l: LineSpec,
  invoiceId: string | null = null,
): Stripe.InvoiceItem {
  const ii: Stripe.InvoiceItem = {
    id: state.id('ii'),
    object: 'invoiceitem',
    amount: l.amount,
    currency: l.currency,
    customer: customerId,
    customer_account: null,
    date: state.nowFor(customerId),
    description: l.description,
    discountable: !l.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: l.metadata ?? {},
    net_amount: l.amount,
    parent: l.subscription
      ? {
          type: 'subscription_details',
          subscription_details: {
            subscription: l.subscription,
            ...(l.subscriptionItem ? { subscription_item: l.subscriptionItem } : {}),
          },
        }
      : null,
    period: l.period,
    pricing: l.price
      ? {
          type: 'price_details',
          price_details: { price: l.price.id, product: idOf(l.price.product as string)! },
          unit_amount_decimal: l.unitAmountDecimal === null ? null : dec(l.unitAmountDecimal),
        }
      : { type: 'price_details', unit_amount_decimal: l.unitAmountDecimal === null ? null : dec(l.unitAmountDecimal) },
    proration: l.proration,
    quantity: l.quantity ?? 1,
    quantity_decimal: dec(l.quantityDecimal ?? String(l.quantity ?? 1)),
    tax_rates: [],
    test_clock: state.clockOf(customerId),
  };
  state.invoiceItems.set(ii.id, ii);
  emit(state, 'invoiceitem.created', ii);
  return ii;
}

export function registerInvoices(r: Router): void {
  r.post('/v1/invoices', ({ state, params }) => create(state, params));
  r.get('/v1/invoices/:id', ({ state, path }) => invoice(state, path.id));
  r.post('/v1/invoices/:id', ({ state, path, params }) => update(state, invoice(state, path.id), params));
  r.delete('/v1/invoices/:id', ({ state, path }) => {
    const inv = invoice(state, path.id);
    if (inv.status !== 'draft') throw errors.state('You can only delete draft invoices.', 'invoice_not_editable');
    state.invoices.delete(inv.id);
    for (const ii of state.invoiceItems.values()) if (ii.invoice === inv.id) ii.invoice = null;
    emit(state, 'invoice.deleted', inv);
    return { id: inv.id, object: 'invoice', deleted: true };
  });
  r.get('/v1/invoices', ({ state, params }) => {
    const customer = params.str('customer');
    const subscription = params.str('subscription');
    const status = params.oneOf('status', STATUSES);
    const collection = params.str('collection_method');
    const items = newestFirst(state.invoices).filter(
      (i) =>
        (!customer || i.customer === customer) &&
        (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
        (!status || i.status === status) &&
        (!collection || i.collection_method === collection) &&
        inRange(params, 'created', i.created),
    );
    return paginate(items, params, '/v1/invoices');
  });
  r.get('/v1/invoices/:id/lines', ({ state, path, params }) =>
    paginate([...invoice(state, path.id).lines.data], params, `/v1/invoices/${path.id}/lines`),
  );
  r.post('/v1/invoices/:id/finalize', ({ state, path, params }) => {
    const inv = invoice(state, path.id);
    if (params.has('auto_advance')) inv.auto_advance = params.bool('auto_advance');
    return finalizeInvoice(state, inv);
  });
  r.post('/v1/invoices/:id/pay', ({ state, path, params }) => {
    const inv = invoice(state, path.id);
    if (inv.status === 'paid') throw errors.state('Invoice is already paid');
    const pm = params.str('payment_method');
    if (pm) resolvePaymentMethod(state, pm);
    payInvoice(state, inv, {
      paymentMethod: pm ?? null,
      outOfBand: params.bool('paid_out_of_band') ?? false,
      throwOnDecline: true,
    });
    return inv;
  });
  r.post('/v1/invoices/:id/send', ({ state, path }) => {
    const inv = invoice(state, path.id);
    if (inv.collection_method !== 'send_invoice')
      throw errors.state("You can only manually send an invoice if its collection method is 'send_invoice'.");
    if (inv.status === 'draft') finalizeInvoice(state, inv);
    if (inv.status !== 'open') throw errors.state(`You can only send open invoices; this invoice is ${inv.status}.`);
    emit(state, 'invoice.sent', inv);
    return inv;
  });
  r.post('/v1/invoices/:id/void', ({ state, path }) => voidInvoice(state, invoice(state, path.id)));
  r.post('/v1/invoices/:id/mark_uncollectible', ({ state, path }) => markUncollectible(state, invoice(state, path.id)));

  // Confirming an invoice's PaymentIntent (the `default_incomplete` flow) pays the invoice.
  r.post('/v1/payment_intents/:id/confirm', ({ state, path, params }) => {
    const intent = confirmIntent(state, state.get(state.paymentIntents, 'payment_intent', path.id), params);
    const inv = invoiceOfIntent(state, intent.id);
    if (inv && (inv.status === 'open' || inv.status === 'uncollectible') && intent.status === 'succeeded') {
      inv.attempted = true;
      inv.attempt_count += 1;
      markPaid(state, inv, { outOfBand: false, intent });
    }
    return intent;
  });

  r.post('/v1/invoiceitems', ({ state, params }) => createItem(state, params));
  r.get('/v1/invoiceitems/:id', ({ state, path }) => state.get(state.invoiceItems, 'invoiceitem', path.id));
  r.post('/v1/invoiceitems/:id', ({ state, path, params }) => {
    const ii = state.get(state.invoiceItems, 'invoiceitem', path.id);
    if (params.has('metadata')) ii.metadata = params.metadata(ii.metadata);
    if (params.has('description')) ii.description = params.str('description') || null;
    return ii;
  });
  r.delete('/v1/invoiceitems/:id', ({ state, path }) => {
    const ii = state.get(state.invoiceItems, 'invoiceitem', path.id);
    const inv = ii.invoice ? state.invoices.get(idOf(ii.invoice as string)!) : undefined;
    if (inv && inv.status !== 'draft')
      throw errors.state('You cannot delete an invoice item on a finalized invoice.', 'invoice_not_editable');
    if (inv) {
      inv.lines.data = inv.lines.data.filter((l) => l.parent?.invoice_item_details?.invoice_item !== ii.id);
      recompute(inv);
    }
    state.invoiceItems.delete(ii.id);
    emit(state, 'invoiceitem.deleted', ii);
    return { id: ii.id, object: 'invoiceitem', deleted: true };
  });
  r.get('/v1/invoiceitems', ({ state, params }) => {
    const customer = params.str('customer');
    const inv = params.str('invoice');
    const pending = params.bool('pending');
    const items = newestFirst(state.invoiceItems).filter(
      (ii) =>
        (!customer || ii.customer === customer) &&
        (!inv || ii.invoice === inv) &&
        (pending === undefined || (ii.invoice === null) === pending),
    );
    return paginate(items, params, '/v1/invoiceitems');
  });
}
