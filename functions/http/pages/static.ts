import { httpHandler } from '#shared/http/handler';
import { html, text } from '#shared/http/response';
import { httpRouter } from '#shared/http/router';
import { consoleLinkRoute, consoleRoute, pageAssetRoute } from '#shared/http/routes/billing-page';
import { PAGE_ASSETS } from '#shared/pages/assets.generated';
import { CONSOLE_HTML, consoleHeaders, openConsole } from '#shared/pages/console-render';
import { consoleLinkPorts } from '#shared/wiring/console-links';

const MEDIA = {
  'billing.js': 'application/javascript',
  'console.js': 'application/javascript',
  'pages.css': 'text/css',
} as const;

/** A versioned URL (the page names the current hash) is cached for good; anything else is revalidated. */
const asset = httpHandler(pageAssetRoute, async ({ params, query }) => {
  const a = PAGE_ASSETS[params.asset];
  const cache = query.v === a.hash ? 'public, max-age=31536000, immutable' : 'no-cache';
  return text(a.body, MEDIA[params.asset], {
    headers: { 'cache-control': cache, etag: `"${a.hash}"`, 'x-content-type-options': 'nosniff' },
  });
});
const consolePage = httpHandler(consoleRoute, async () => html(CONSOLE_HTML, { headers: consoleHeaders() }));
const consoleLink = httpHandler(consoleLinkRoute, async ({ params }) => openConsole(consoleLinkPorts(), params.token));

/** The console page, its signed links and the pages' assets: no table, nothing of a tenant but what a link names. */
export const handler = httpRouter(asset, consolePage, consoleLink);
