import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTableContext, type TableContext } from '#shared/adapters/dynamodb/client';
import { LOCAL_TABLE } from '../../dev/local-stack';
import type { StackProcess } from '../support/stack-process';

/** Debian's chromium (apt-get install -y chromium; .ci/run installs it): nothing is downloaded. */
export function chromiumPath(): string {
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!found) throw new Error('No chromium on this machine: apt-get install -y chromium (.ci/run does it)');
  return found;
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });

export type Api = (
  method: string,
  path: string,
  body?: unknown,
  key?: string,
) => Promise<{ status: number; body: any; headers: Headers }>;

export function apiOf(stack: StackProcess): Api {
  return async (method, path, body, key = stack.apiKey) => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a page)
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

/** The stack's own table, for what a test must arrange that no API offers (a failed event, an attention item). */
export const stackTable = (stack: StackProcess): TableContext =>
  createTableContext({ tableName: LOCAL_TABLE, endpoint: stack.dynamodbEndpoint });

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** `UPDATE_SCREENSHOTS=1 npx vitest run test/browser` refreshes the README's screenshots; other runs take none. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * What the first load of the page cost: the bytes transferred for the document and everything it
 * loaded (Resource Timing), and the first contentful paint after navigation started, waited for
 * (headless chromium records it shortly after the load event).
 */
export async function firstLoadFigures(page: Page): Promise<{ bytes: number; firstPaintMs: number }> {
  await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0", undefined, {
    timeout: 30_000,
  });
  const [bytes, firstPaintMs] = await page.evaluate<[number, number]>(
    "[performance.getEntries().reduce((n, e) => n + (e.transferSize ?? 0), 0), performance.getEntriesByName('first-contentful-paint')[0].startTime]",
  );
  return { bytes, firstPaintMs };
}
