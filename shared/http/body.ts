import type * as z from 'zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#shared/errors';

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function decodeBody(body: string | undefined, isBase64Encoded: boolean | undefined): string {
  if (!body) return '';
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

export function assertSize(raw: string, maxBytes: number): void {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw new PayloadTooLargeError(maxBytes);
}

/** No request of this API nests deeper; a deeper body is an attack on the parser, not data. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing it. */
export function jsonDepth(raw: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Parses a JSON request body. Keys that could reach an object's prototype are refused outright:
 * nothing downstream should ever have to think about them. The parser's own messages are never
 * passed on (they quote the input and the engine); the client gets ours.
 */
export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return {};
  if (!contentType || !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType))
    throw new UnsupportedMediaTypeError(contentType);
  if (jsonDepth(raw) > MAX_JSON_DEPTH) {
    throw new ValidationError(
      `JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`,
      undefined,
      'json_too_deep',
    );
  }
  let forbidden: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw, (k, v) => {
      if (FORBIDDEN_KEYS.has(k)) forbidden ??= k;
      return v;
    });
  } catch {
    throw new ValidationError('Malformed JSON body: not valid JSON (RFC 8259)', undefined, 'invalid_json');
  }
  if (forbidden)
    throw new ValidationError(`Forbidden key '${forbidden}' in body`, { field: forbidden }, 'forbidden_key');
  return parsed;
}

/** Validates one part of the request; the error names every offending field, prefixed by the part. */
export function validatePart<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: 'body' | 'query' | 'path',
): z.infer<T> {
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
