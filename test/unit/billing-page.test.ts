import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  openPageLink,
  type PageGrant,
  PageLinkError,
  pageLinkKey,
  signPageLink,
} from '#shared/domain/billing-page/link';
import type { BillingPageView } from '#shared/domain/billing-page/view';
import { PAGE_ASSETS } from '#shared/pages/assets.generated';
import { billingPage } from '#shared/pages/billing-render';
import { formatMoney, formatQuantity, localeFor } from '#shared/pages/format';
import { buildPageAssets, PAGES_ASSETS_MODULE } from '../../dev/pages-build';

const ROOT = join(import.meta.dirname, '..', '..');
const KEY = pageLinkKey('unit-test-material');
const GRANT: PageGrant = {
  projectId: 'proj_a',
  workspaceId: 'ws_1',
  returnUrl: 'https://app.example/billing',
  expiresAt: 2_000_000_000,
  keyId: 'key_1',
  appId: 'app_1',
};
const problem = (fn: () => unknown) => {
  try {
    fn();
    return 'opened';
  } catch (e) {
    return e instanceof PageLinkError ? e.problem : String(e);
  }
};

describe('billing page links', () => {
  it('opens what it signed, until it expires', () => {
    // Act
    const token = signPageLink(KEY, GRANT);
    // Assess
    expect(openPageLink(KEY, token, GRANT.expiresAt - 1)).toEqual(GRANT);
    expect(problem(() => openPageLink(KEY, token, GRANT.expiresAt))).toBe('expired');
  });

  it('refuses a link with any one character changed, or signed with another key', () => {
    // Prepare
    const token = signPageLink(KEY, GRANT);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Act
    const outcomes = new Set<string>();
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const other = alphabet[(alphabet.indexOf(token[i]) + 1 + (i % 63)) % 64];
      outcomes.add(problem(() => openPageLink(KEY, token.slice(0, i) + other + token.slice(i + 1), 0)));
    }
    // Assess
    expect([...outcomes]).toEqual(['invalid']);
    expect(problem(() => openPageLink(pageLinkKey('other-material'), token, 0))).toBe('invalid');
    expect(problem(() => openPageLink(KEY, `${token}x`, 0))).toBe('invalid');
    expect(problem(() => openPageLink(KEY, 'v1..', 0))).toBe('invalid');
  });
});

describe('money, numbers and locales on the pages', () => {
  it('writes amounts in the currency and the reader’s locale', () => {
    expect(formatMoney(399900, 'inr', 'en-IN')).toBe('₹3,999.00');
    expect(formatMoney(10_000_000, 'inr', 'en-IN')).toBe('₹1,00,000.00');
    expect(formatMoney(4900, 'usd', 'en-US')).toBe('$49.00');
    expect(formatMoney(500, 'jpy', 'en-US')).toBe('¥500');
    expect(formatQuantity('1234567.25', 'en-IN')).toBe('12,34,567.25');
    expect(formatQuantity('123456789012345678901', 'en-US')).toBe('123,456,789,012,345,678,901');
    expect(localeFor('IN')).toBe('en-IN');
    expect(localeFor('', 'de-DE,de;q=0.9')).toBe('de-DE');
  });
});

const view = (over: Partial<BillingPageView> = {}): BillingPageView => ({
  workspace: { id: 'ws_1', name: 'Acme <script>alert(1)</script>', country: 'US', currency: 'usd' },
  subscription: null,
  usage: {
    workspace_id: 'ws_1',
    plan: 'free',
    period: {
      kind: 'billing_period',
      label: 'current',
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    },
    meters: [],
  },
  invoices: [],
  plans: [],
  packs: [],
  credits: null,
  upcoming: null,
  razorpay: false,
  ...over,
});
const ctx = {
  base: '/billing/t',
  locale: 'en-US',
  returnUrl: 'https://app.example/"x',
  eventsAfter: '0',
  nonce: 'abcdefghijkl',
};

describe('the billing page as rendered', () => {
  it('escapes what it prints', () => {
    // Act
    const html = billingPage(view(), ctx);
    // Assess
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Acme &#60;script&#62;');
    expect(html).toContain('href="https://app.example/&#34;x"');
  });

  it('shows the credit balance per bucket and the expiry of plan credits when the ledger answers', () => {
    // Act
    const without = billingPage(view(), ctx);
    const html = billingPage(
      view({
        credits: {
          balance: '1500',
          purchased: { balance: '1000' },
          subscription: { balance: '500', expires_at: '2027-01-01T00:00:00.000Z' },
        },
      }),
      ctx,
    );
    // Assess
    expect(without).not.toContain('data-credits');
    expect(html).toContain('data-credits="total">1,500<');
    expect(html).toContain('data-credits="purchased">1,000<');
    expect(html).toContain('data-credits="subscription">500<');
    expect(html).toContain('expire Jan 1, 2027');
  });

  it('offers a Razorpay Payment Link for open INR invoices when Razorpay is configured, beside Stripe’s hosted invoice', () => {
    // Prepare
    const invoice = (id: string, currency: string, status: string) =>
      ({
        id,
        number: id.toUpperCase(),
        status,
        currency,
        total: 399900,
        amount_remaining: status === 'open' ? 399900 : 0,
        created: '2026-12-01T00:00:00.000Z',
        hosted_invoice_url: `https://invoice.example/${id}`,
      }) as BillingPageView['invoices'][number];
    const invoices = [
      invoice('in_inr', 'inr', 'open'),
      invoice('in_usd', 'usd', 'open'),
      invoice('in_paid', 'inr', 'paid'),
    ];
    // Act
    const on = billingPage(view({ invoices, razorpay: true }), { ...ctx, locale: 'en-IN' });
    const off = billingPage(view({ invoices, razorpay: false }), { ...ctx, locale: 'en-IN' });
    // Assess
    const forms = [
      ...on.matchAll(/<form method="post" action="\/billing\/t\/razorpay" target="_blank"[\s\S]*?<\/form>/g),
    ];
    expect(forms).toHaveLength(1);
    expect(forms[0][0]).toContain('name="invoice" value="in_inr"');
    expect(forms[0][0]).toContain('aria-label="Pay ₹3,999.00 with Razorpay (opens a new tab)"');
    expect(on).toContain('href="https://invoice.example/in_inr">Pay ₹3,999.00</a>');
    expect(on).toContain('data-invoice-status="paid"');
    expect(off).not.toContain('/razorpay');
  });
});

describe('the pages’ assets', () => {
  it('are the build of their sources (run `npm run pages` after changing shared/pages/browser)', async () => {
    // Act
    const built = await buildPageAssets(ROOT);
    // Assess
    expect(readFileSync(join(ROOT, PAGES_ASSETS_MODULE), 'utf8')).toBe(built.module);
    expect(built.sizes['billing.js']).toBeLessThan(4_000);
    expect(built.sizes['console.js']).toBeLessThan(16_000);
    expect(built.sizes['pages.css']).toBeLessThan(6_000);
  });

  it('weigh what README.md and docs/billing-page.md say (update both after `npm run pages -- --sizes`)', () => {
    // Prepare
    const stated = (file: string) =>
      Object.fromEntries(
        [
          ...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\| `([a-z]+\.(?:js|css))` +\| +(\d+) \| +(\d+) \|$/gm),
        ].map((m) => [m[1], [Number(m[2]), Number(m[3])]]),
      );
    // Act
    const actual = Object.fromEntries(
      Object.entries(PAGE_ASSETS).map(([name, a]) => [name, [Buffer.byteLength(a.body), gzipSync(a.body).length]]),
    );
    // Assess
    expect(stated('README.md')).toEqual(actual);
    expect(stated('docs/billing-page.md')).toEqual(actual);
  });
});
