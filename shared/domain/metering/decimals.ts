import Big from 'big.js';

/**
 * Usage quantities are exact decimals end to end: parsed from their text, added with big.js,
 * stored as DynamoDB numbers written from strings, and sent to Stripe as strings. A float never
 * touches them, so adding 0.1 a million times is exactly 100000.
 */
export const MAX_USAGE_VALUE = '1000000000000';
export const MAX_DECIMAL_PLACES = 12;
/**
 * Stripe refuses a meter event value with more than 15 significant digits, so a value Tollgate
 * counts must fit in 15 to be billed as counted. A JSON number arrives as a double, whose
 * shortest round-trip text equals what the producer wrote only up to 15 digits as well.
 */
export const MAX_NUMBER_SIGNIFICANT_DIGITS = 15;

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

export type ParsedValue = { ok: true; value: string } | { ok: false; reason: string };

export function parseUsageValue(input: unknown): ParsedValue {
  let text: string;
  let fromNumber = false;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'must be a finite number' };
    text = String(input);
    fromNumber = true;
  } else if (typeof input === 'string') {
    if (!PLAIN_DECIMAL.test(input))
      return { ok: false, reason: 'must be a positive decimal such as "2.5" (digits and an optional fraction)' };
    text = input;
  } else {
    return { ok: false, reason: 'must be a number or a decimal string' };
  }
  let big: Big;
  try {
    big = new Big(text);
  } catch {
    return { ok: false, reason: 'is not a decimal number' };
  }
  if (big.lte(0)) return { ok: false, reason: 'must be greater than 0' };
  if (big.gt(MAX_USAGE_VALUE)) return { ok: false, reason: `must be at most ${MAX_USAGE_VALUE}` };
  if (decimalPlaces(big) > MAX_DECIMAL_PLACES)
    return { ok: false, reason: `must have at most ${MAX_DECIMAL_PLACES} decimal places` };
  if (big.c.length > MAX_NUMBER_SIGNIFICANT_DIGITS) {
    return {
      ok: false,
      reason: fromNumber
        ? `has more than ${MAX_NUMBER_SIGNIFICANT_DIGITS} significant digits; a JSON number keeps no more, and Stripe's meters take no more`
        : `has more than ${MAX_NUMBER_SIGNIFICANT_DIGITS} significant digits, more than Stripe's meters take`,
    };
  }
  return { ok: true, value: big.toFixed() };
}

/** Digits after the point of a normalised Big (trailing zeros are already gone). */
export function decimalPlaces(b: Big): number {
  return Math.max(0, b.c.length - b.e - 1);
}

export const dec = (v: string | number | Big | undefined | null): Big => new Big(v ?? 0);

export function sumDecimals(values: Iterable<string>): string {
  let acc = new Big(0);
  for (const v of values) acc = acc.plus(v);
  return acc.toFixed();
}

export const addDecimals = (a: string, b: string): string => new Big(a).plus(b).toFixed();
