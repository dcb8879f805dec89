import { describe, expect, it } from 'vitest';
import { openPageLink, PageLinkError, pageLinkKey, signPageLink } from '#shared/domain/billing-page/link';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { consoleApiKey, consoleLinkKey, openConsoleLink, signConsoleLink } from '#shared/domain/tenancy/console-link';
import { AppError } from '#shared/errors';
import { apiKeyAuthenticator } from '#shared/http/middleware/api-key-auth';
import { parseTtl } from '../../dev/cli/console';

const MATERIAL = 'unit-test-material';
const KEY = consoleLinkKey(MATERIAL);
const GRANT = { projectId: 'proj_a', keyId: 'key_console_01', expiresAt: 2_000_000_000 };
const problem = (fn: () => unknown) => {
  try {
    fn();
    return 'opened';
  } catch (e) {
    return e instanceof PageLinkError ? e.problem : String(e);
  }
};

describe('signed console links', () => {
  it('opens what it signed until it expires, in the billing links’ token form', () => {
    // Act
    const token = signConsoleLink(KEY, GRANT);
    // Assess
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(openConsoleLink(KEY, token, GRANT.expiresAt - 1)).toEqual(GRANT);
    expect(problem(() => openConsoleLink(KEY, token, GRANT.expiresAt))).toBe('expired');
  });

  it('refuses a link with any one character changed, or signed with another key', () => {
    // Prepare
    const token = signConsoleLink(KEY, GRANT);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Act
    const outcomes = new Set<string>();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const other = alphabet[(alphabet.indexOf(token[i]) + 1 + (i % 63)) % 64];
      outcomes.add(problem(() => openConsoleLink(KEY, token.slice(0, i) + other + token.slice(i + 1), 0)));
    }
    // Assess
    expect([...outcomes]).toEqual(['invalid']);
    expect(problem(() => openConsoleLink(consoleLinkKey('other material'), token, 0))).toBe('invalid');
  });

  it('is no billing page link, and a billing page link opens no console', () => {
    // Prepare: both kinds from the same service secret.
    const pageKey = pageLinkKey(MATERIAL);
    const page = signPageLink(pageKey, {
      projectId: 'proj_a',
      workspaceId: 'ws_1',
      returnUrl: 'https://app.example',
      expiresAt: GRANT.expiresAt,
      keyId: 'k',
      appId: 'a',
    });
    const console = signConsoleLink(KEY, GRANT);
    // Act + Assess
    expect(problem(() => openConsoleLink(KEY, page, 0))).toBe('invalid');
    expect(problem(() => openPageLink(pageKey, console, 0))).toBe('invalid');
    // Even a console payload signed with the console key but of another shape is refused.
    expect(problem(() => openConsoleLink(pageKey, page, 0))).toBe('invalid');
  });

  it("derives the link's API key from its key id and the signing key only", () => {
    // Act
    const a = consoleApiKey(KEY, 'key_console_01');
    // Assess
    expect(a).toMatch(/^tg_console_[A-Za-z0-9_-]{43}$/);
    expect(consoleApiKey(KEY, 'key_console_01')).toBe(a);
    expect(consoleApiKey(KEY, 'key_console_02')).not.toBe(a);
    expect(consoleApiKey(consoleLinkKey('other material'), 'key_console_01')).not.toBe(a);
    expect(signConsoleLink(KEY, GRANT)).not.toContain(a.slice('tg_console_'.length));
  });

  it('takes a lifetime between a minute and a day', () => {
    expect(parseTtl('15m')).toBe(900);
    expect(parseTtl('1m')).toBe(60);
    expect(parseTtl('24h')).toBe(86_400);
    for (const bad of ['30s', '25h', '15', 'm', '-5m', '1.5h']) expect(() => parseTtl(bad), bad).toThrow(/--ttl must/);
  });

  it('stops its key at the link’s expiry: 401 api_key_expired', async () => {
    // Prepare
    const apiKey = consoleApiKey(KEY, GRANT.keyId);
    const record = {
      keyId: GRANT.keyId,
      hash: hashApiKey(apiKey),
      prefix: apiKey.slice(0, 12),
      projectId: 'proj_a',
      appId: 'console',
      name: 'console link',
      scopes: ['admin' as const],
      createdAt: '2033-05-18T00:00:00.000Z',
      expiresAt: new Date(GRANT.expiresAt * 1000).toISOString(),
    };
    let now = GRANT.expiresAt * 1000 - 1000;
    const authenticate = apiKeyAuthenticator(
      { findApiKeyByHash: async (h) => (h === record.hash ? record : undefined) },
      { cacheSeconds: 60, now: () => now },
    );
    const headers = { authorization: `Bearer ${apiKey}` };
    // Act
    const before = await authenticate(headers, ['admin']);
    now += 1000;
    const after = await authenticate(headers, ['admin']).catch((e: AppError) => e);
    // Assess
    expect(before).toMatchObject({ projectId: 'proj_a', keyId: GRANT.keyId, scopes: ['admin'] });
    expect(after).toBeInstanceOf(AppError);
    expect([(after as AppError).statusCode, (after as AppError).code]).toEqual([401, 'api_key_expired']);
  });
});
