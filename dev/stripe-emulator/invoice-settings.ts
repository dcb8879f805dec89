import type Stripe from 'stripe';
import { type ApiError, errors } from './errors';
import type { Params } from './form';

/**
 * Stripe's documented limits on what invoices print: at most 4 custom fields, each a name of up
 * to 40 characters and a value of up to 140; a footer of up to 5000 characters. The same rules hold
 * wherever custom fields are set: on an invoice, a subscription's or a customer's invoice_settings.
 */
export const CUSTOM_FIELD_LIMITS = { count: 4, name: 40, value: 140, footer: 5000 } as const;

export type CustomField = Stripe.Invoice.CustomField;

/** Stripe shows a long refused string by its first and last ten characters. */
const shown = (s: string) => (s.length > 23 ? `${s.slice(0, 10)}...${s.slice(-10)}` : s);

function tooLong(value: string, max: number, param: string): ApiError {
  return errors.invalid(`Invalid string: ${shown(value)}; must be at most ${max} characters`, param);
}

function boundedString(p: Params, key: string, max: number): string {
  const v = p.req(key);
  if (v.length > max) throw tooLong(v, max, p.name(key));
  return v;
}

/**
 * `custom_fields` as Stripe takes it: absent (undefined), `custom_fields=` to remove them all
 * (null), or a list of `{ name, value }`. Over the limits is a 400 naming the parameter, before
 * anything changes.
 */
export function customFieldsParam(p: Params, key = 'custom_fields'): CustomField[] | null | undefined {
  if (!p.has(key)) return undefined;
  if (p.isEmpty(key)) return null;
  const items = p.list(key);
  if (items.length > CUSTOM_FIELD_LIMITS.count)
    throw errors.invalid(
      `Array ${p.name(key)} exceeded maximum ${CUSTOM_FIELD_LIMITS.count} allowed elements.`,
      p.name(key),
    );
  return items.map((it) => ({
    name: boundedString(it, 'name', CUSTOM_FIELD_LIMITS.name),
    value: boundedString(it, 'value', CUSTOM_FIELD_LIMITS.value),
  }));
}

/** `footer`: absent (undefined), `footer=` to remove it (null), or the text (at most 5000 characters). */
export function footerParam(p: Params, key = 'footer'): string | null | undefined {
  const v = p.str(key);
  if (v === undefined) return undefined;
  if (v === '') return null;
  if (v.length > CUSTOM_FIELD_LIMITS.footer) throw tooLong(v, CUSTOM_FIELD_LIMITS.footer, p.name(key));
  return v;
}

/** What an `invoice_settings` hash (subscription or customer) asks to change of what invoices print. */
export function printedSettings(p: Params, key = 'invoice_settings') {
  const s = p.obj(key);
  return { customFields: s ? customFieldsParam(s) : undefined, footer: s ? footerParam(s) : undefined };
}

/**
 * What a new invoice prints unless its own parameters say otherwise: a subscription's
 * invoice_settings apply to the invoices it generates, else the customer's defaults (Stripe
 * copies them onto the draft; a finalized invoice keeps its copy whatever changes later).
 */
export function inheritedPrinting(
  customer: Stripe.Customer,
  sub: Stripe.Subscription | null,
): { custom_fields: CustomField[] | null; footer: string | null } {
  const fields = sub?.invoice_settings.custom_fields ?? customer.invoice_settings.custom_fields;
  const footer = sub?.invoice_settings.footer ?? customer.invoice_settings.footer;
  return { custom_fields: fields ? structuredClone(fields) : null, footer: footer ?? null };
}
