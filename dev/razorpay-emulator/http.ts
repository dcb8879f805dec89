import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, RazorpayApiError } from './store';

/** The request and answer plumbing of the emulator: bodies as Razorpay reads them, its error envelope, Basic auth. */

const MAX_BODY = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RazorpayApiError(413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw.trim()) return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return fromForm(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** Razorpay also takes form bodies (`curl -d amount=100 -d notes[k]=v`); nested keys are one level deep. */
function fromForm(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const m = /^(\w+)\[(\w*)\]$/.exec(key);
    if (m) {
      const bag = (out[m[1]] ??= {}) as Record<string, unknown>;
      bag[m[2]] = value;
    } else out[key] = value;
  }
  return out;
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(html);
}

export const routeNotFound = () =>
  new RazorpayApiError(
    400,
    'The requested URL was not found on the server.',
    undefined,
    'BAD_REQUEST_ERROR',
    'NA',
    'NA',
    'NA',
  );

function authError(description: string): RazorpayApiError {
  return new RazorpayApiError(401, description, undefined, 'BAD_REQUEST_ERROR', 'NA', 'NA', 'NA');
}

export function checkAuth(req: IncomingMessage, keyId: string, keySecret: string): void {
  const header = req.headers.authorization ?? '';
  const m = /^Basic\s+(\S+)$/i.exec(header);
  if (!m) throw authError('Please provide your api key for authentication purposes.');
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const id = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  if (id !== keyId) throw authError('The api key provided is invalid');
  if (secret !== keySecret) throw authError('The api secret provided is invalid');
}

export function intParam(q: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`The ${name} must be an integer.`, name);
  const n = Number(v);
  if (n < min) throw badRequest(`The ${name} must be at least ${min}.`, name);
  if (n > max) throw badRequest(`The ${name} may not be greater than ${max}.`, name);
  return n;
}

export function collection<T>(items: T[]) {
  return { entity: 'collection', count: items.length, items };
}
