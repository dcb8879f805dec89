import type Stripe from 'stripe';
import { ApiError, errors } from './errors';

/** A decoded `application/x-www-form-urlencoded` value, nested the way Stripe's qs encoding nests it. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw errors.invalid(`Invalid URL encoding: ${s}`);
  }
}

function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  re.lastIndex = open;
  while ((m = re.exec(key)) !== null) segments.push(m[1]);
  return segments;
}

/**
 * Indexed objects (`{ "0": …, "1": … }`) become arrays in index order, as qs does; gaps collapse
 * because the SDK never sends sparse arrays and Stripe compacts them too.
 */
function normalise(v: FormValue | Record<string, FormValue>): FormValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(normalise);
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalise((v as FormObject)[String(k)]));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = normalise((v as FormObject)[k]);
  return out;
}

/** Decodes `a[b][0][c]=x&expand[]=y` into nested objects and arrays. */
export function decodeForm(input: string): FormObject {
  // Built with plain objects first (`[]` appends the next numeric key), then indexed objects
  // become arrays in one pass, so `a[0]=x&a[]=y` and `a[]=x&a[]=y` decode alike.
  const root: Record<string, unknown> = {};
  if (!input) return root as FormObject;
  for (const pair of input.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const segments = splitKey(decodeComponent(eq === -1 ? pair : pair.slice(0, eq)));
    const value = decodeComponent(eq === -1 ? '' : pair.slice(eq + 1));
    if (segments.some((s) => FORBIDDEN_KEYS.has(s))) continue;
    let cursor = root;
    for (let i = 0; i < segments.length; i++) {
      let seg = segments[i];
      if (seg === '') seg = String(Object.keys(cursor).filter((k) => /^\d+$/.test(k)).length);
      if (i === segments.length - 1) {
        cursor[seg] = value;
        break;
      }
      let next = cursor[seg];
      if (typeof next !== 'object' || next === null) {
        next = {};
        cursor[seg] = next;
      }
      cursor = next as Record<string, unknown>;
    }
  }
  return normalise(root as FormObject) as FormObject;
}

const INT_RE = /^-?\d+$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Typed, error-reporting access to decoded request parameters; errors name the full bracketed param. */
export class Params {
  constructor(
    readonly raw: FormObject,
    readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** True when the client sent `key=` (Stripe's way to unset a field). */
  isEmpty(key: string): boolean {
    return this.raw[key] === '';
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw errors.invalid(`Invalid string: ${JSON.stringify(v)}`, this.name(key));
    return v;
  }

  req(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === '') throw errors.paramMissing(this.name(key));
    return v;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined || v === '') return undefined;
    if (!INT_RE.test(v))
      throw new ApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        message: `Invalid integer: ${v}`,
        param: this.name(key),
      });
    return Number(v);
  }

  reqInt(key: string): number {
    const v = this.int(key);
    if (v === undefined) throw errors.paramMissing(this.name(key));
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined || v === '') return undefined;
    if (v !== 'true' && v !== 'false') throw errors.invalid(`Invalid boolean: ${v}`, this.name(key));
    return v === 'true';
  }

  decimal(key: string): string | undefined {
    const v = this.str(key);
    if (v === undefined || v === '') return undefined;
    if (!DECIMAL_RE.test(v))
      throw new ApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_decimal',
        message: `Invalid decimal: ${v}`,
        param: this.name(key),
      });
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined || v === '') return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw errors.invalid(`Invalid ${this.name(key)}: must be one of ${allowed.join(', ')}`, this.name(key));
    }
    return v as T;
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string' || Array.isArray(v)) throw errors.invalid(`Invalid object`, this.name(key));
    return new Params(v, this.name(key));
  }

  list(key: string): Params[] {
    const v = this.raw[key];
    if (v === undefined || v === '') return [];
    const arr = Array.isArray(v) ? v : typeof v === 'object' ? [v] : null;
    if (!arr) throw errors.invalid(`Invalid array`, this.name(key));
    return arr.map((item, i) => {
      if (typeof item !== 'object' || Array.isArray(item))
        throw errors.invalid(`Invalid object`, `${this.name(key)}[${i}]`);
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strings(key: string): string[] {
    const v = this.raw[key];
    if (v === undefined || v === '') return [];
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw errors.invalid(`Invalid array`, this.name(key));
    return v as string[];
  }

  get expand(): string[] {
    return this.strings('expand');
  }

  /** Applies `metadata[k]=v` updates the way Stripe does: `''` removes a key, `metadata=` clears all. */
  metadata(base: Stripe.Metadata | null = {}): Stripe.Metadata {
    const current: Stripe.Metadata = { ...(base ?? {}) };
    const v = this.raw.metadata;
    if (v === undefined) return current;
    if (v === '') return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw errors.invalid('Invalid hash', this.name('metadata'));
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string')
        throw errors.invalid('Metadata values must be strings', `${this.name('metadata')}[${k}]`);
      if (val === '') delete current[k];
      else current[k] = val;
    }
    if (Object.keys(current).length > 50)
      throw errors.invalid('Metadata can have up to 50 keys', this.name('metadata'));
    return current;
  }
}
