import * as z from 'zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function decodeBody(body: string | undefined, isBase64Encoded: boolean | undefined): string {
  if (!body) return '';
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

export function assertSize(raw: string, maxBytes: number): void {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw new PayloadTooLargeError(maxBytes);
}

/**
 * Parses a JSON request body. Keys that could reach an object's prototype are refused outright:
 * nothing downstream should ever have to think about them.
 */
export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return {};
  if (!contentType || !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) throw new UnsupportedMediaTypeError(contentType);
  let forbidden: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw, (k, v) => {
      if (FORBIDDEN_KEYS.has(k)) forbidden ??= k;
      return v;
    });
  } catch (e) {
    throw new ValidationError(`Malformed JSON body: ${(e as Error).message}`, undefined, 'invalid_json');
  }
  if (forbidden) throw new ValidationError(`Forbidden key '${forbidden}' in body`, { field: forbidden }, 'forbidden_key');
  return parsed;
}

/** Validates one part of the request; the error names every offending field, prefixed by the part. */
export function validatePart<T extends z.ZodType>(schema: T, value: unknown, part: 'body' | 'query' | 'path'): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [];
    const field = [part, ...i.path.map(String)].join('.');
    return keys.length
      ? { field: keys.map((k) => `${field}.${k}`).join(', '), message: `unknown field(s): ${keys.join(', ')}` }
      : { field, message: i.message };
  });
  throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}
