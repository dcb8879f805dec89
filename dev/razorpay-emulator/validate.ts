import { randomBytes } from 'node:crypto';

/** What every Razorpay entity shares in the emulator: ids, notes, amounts and the error envelope. */

/** Razorpay returns empty notes as `[]`, a habit clients must survive, so the emulator keeps it. */
export type Notes = Record<string, string | number> | [];

/** An error in Razorpay's envelope; `status` is the HTTP status to answer with. */
export class RazorpayApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly field?: string,
    readonly code = 'BAD_REQUEST_ERROR',
    readonly reason = 'input_validation_failed',
    readonly source = 'business',
    readonly step = 'payment_initiation',
  ) {
    super(description);
    this.name = 'RazorpayApiError';
  }

  envelope() {
    return {
      error: {
        code: this.code,
        description: this.description,
        source: this.source,
        step: this.step,
        reason: this.reason,
        metadata: {},
        ...(this.field ? { field: this.field } : {}),
      },
    };
  }
}

export const badRequest = (description: string, field?: string) => new RazorpayApiError(400, description, field);
export const notExist = () => badRequest('The id provided does not exist', 'id');

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Razorpay ids are a prefix and 14 base62 characters, e.g. `order_EKwxwAgItmmXdp`. */
export function razorpayId(prefix: string): string {
  return `${prefix}_${[...randomBytes(14)].map((b) => BASE62[b % 62]).join('')}`;
}

export const ORDER_FIELDS = new Set([
  'amount',
  'currency',
  'receipt',
  'notes',
  'partial_payment',
  'first_payment_min_amount',
  'payment_capture',
  'method',
]);
export const CURRENCIES = new Set(['INR', 'USD', 'EUR', 'GBP', 'SGD', 'AED', 'AUD', 'CAD', 'JPY', 'MYR']);
export const METHODS = new Set(['upi', 'card', 'netbanking', 'wallet', 'emi', 'bank_transfer']);
export const MIN_AMOUNT = 100;
export const MAX_AMOUNT = 100_000_000_000;
const NOTES_MAX_KEYS = 15;
const NOTES_MAX_VALUE = 256;
export const RECEIPT_MAX = 40;

export function integerAmount(v: unknown, field: string): number {
  if (v === undefined || v === null || v === '') throw badRequest(`The ${field} field is required.`, field);
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw badRequest(`The ${field} must be an integer.`, field);
  return n;
}

export function checkNotes(v: unknown): Notes {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    if (v.length === 0) return [];
    throw badRequest('The notes must be an object of key-value pairs.', 'notes');
  }
  if (typeof v !== 'object') throw badRequest('The notes must be an object of key-value pairs.', 'notes');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > NOTES_MAX_KEYS)
    throw badRequest(`Number of fields in notes should be less than or equal to ${NOTES_MAX_KEYS}`, 'notes');
  for (const [k, val] of entries) {
    if (typeof val !== 'string' && typeof val !== 'number')
      throw badRequest(`The notes.${k} must be a string or a number.`, 'notes');
    if (String(val).length > NOTES_MAX_VALUE)
      throw badRequest(`The notes.${k} may not be greater than ${NOTES_MAX_VALUE} characters.`, 'notes');
  }
  return entries.length ? (Object.fromEntries(entries) as Record<string, string | number>) : [];
}
