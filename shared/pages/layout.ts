import { PAGE_ASSETS } from './assets.generated';
import { esc } from './format';

export type PageScript = 'billing' | 'console';

/** Same-origin assets only; a versioned URL so a new build is never served from a stale cache. */
export const assetUrl = (name: keyof typeof PAGE_ASSETS) => `/pages/${name}?v=${PAGE_ASSETS[name].hash}`;

/**
 * Headers every page answers with. Nothing is loaded from another origin; the billing page may be
 * framed by the app it returns to (`frameAncestors`), the console by nobody. The link's token is
 * in the path, so no Referer leaves the page.
 */
export function pageHeaders(opts: { frameAncestors?: string } = {}): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      `frame-ancestors ${opts.frameAncestors ?? "'none'"}`,
    ].join('; '),
  };
}

export function layout(opts: {
  title: string;
  lang?: string;
  script?: PageScript;
  body: string;
  bodyAttrs?: Record<string, string>;
}): string {
  const attrs = Object.entries(opts.bodyAttrs ?? {})
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="${esc(opts.lang ?? 'en')}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${esc(opts.title)}</title>
<link rel="stylesheet" href="${assetUrl('pages.css')}">
${opts.script ? `<script type="module" src="${assetUrl(`${opts.script}.js`)}"></script>` : ''}
</head><body${attrs}>
<a class="skip" href="#main">Skip to content</a>
${opts.body}
</body></html>`;
}

/** A page that says what went wrong and nothing else (no workspace, no project, no detail). */
export function errorPage(title: string, message: string): string {
  return layout({ title, body: `<main id="main" class="narrow"><h1>${esc(title)}</h1><p>${esc(message)}</p></main>` });
}
