import type { EmulatorPaymentLink } from './links';
import { badRequest } from './validate';

/** The fields a Payment Link is created with, checked as Razorpay checks them. */

export const LINK_FIELDS = new Set([
  'upi_link',
  'amount',
  'currency',
  'accept_partial',
  'first_min_partial_amount',
  'description',
  'customer',
  'expire_by',
  'reference_id',
  'notify',
  'reminder_enable',
  'notes',
  'callback_url',
  'callback_method',
]);

export function bool(v: unknown, field: string): boolean {
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw badRequest(`The ${field} field must be true or false.`, field);
}

export function customerOf(v: unknown): EmulatorPaymentLink['customer'] {
  if (v === undefined) return {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('The customer must be an object.', 'customer');
  const out: EmulatorPaymentLink['customer'] = {};
  for (const [k, val] of Object.entries(v)) {
    if (k !== 'name' && k !== 'email' && k !== 'contact')
      throw badRequest(`customer.${k} is/are not required and should not be sent`, `customer.${k}`);
    if (typeof val !== 'string') throw badRequest(`The customer.${k} must be a string.`, `customer.${k}`);
    if (k === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(val))
      throw badRequest('The customer.email must be a valid email address.', 'customer.email');
    out[k] = val;
  }
  return out;
}

export function notifyOf(v: unknown): EmulatorPaymentLink['notify'] {
  if (v === undefined) return { sms: false, email: false, whatsapp: false };
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('The notify must be an object.', 'notify');
  for (const k of Object.keys(v))
    if (!['sms', 'email', 'whatsapp'].includes(k))
      throw badRequest(`notify.${k} is/are not required and should not be sent`, `notify.${k}`);
  const n = v as Record<string, unknown>;
  return {
    sms: bool(n.sms, 'notify.sms'),
    email: bool(n.email, 'notify.email'),
    whatsapp: bool(n.whatsapp, 'notify.whatsapp'),
  };
}
