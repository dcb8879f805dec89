// What every console panel uses: the API call with the tab's key, status messages, small builders.
import { h } from './dom';

export const KEY = 'tollgate.console.key';
/** The project a signed console link was made for (typed by hand otherwise). */
export const PROJECT = 'tollgate.console.project';
export const root = document.getElementById('main')!;
export const status = document.getElementById('status')!;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  key = sessionStorage.getItem(KEY) ?? '',
): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'omit',
    cache: 'no-store',
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? `HTTP ${res.status}`);
  return data as T;
}

export const say = (msg: string) => (status.textContent = msg);
export const fail = (e: unknown) => say(e instanceof Error ? `Error: ${e.message}` : 'Error');
export const section = (id: string, title: string, ...children: (Node | string)[]) =>
  h('section', { id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), ...children);
export const btn = (label: string, onclick: () => void, extra: Record<string, string> = {}) =>
  h('button', { type: 'button', onclick, ...extra }, label);
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '');
