import { PageLinkError } from '#shared/domain/billing-page/link';
import { consoleApiKey, openConsoleLink } from '#shared/domain/tenancy/console-link';
import { html } from '#shared/http/response';
import { errorPage, layout, pageHeaders } from './layout';

const shell = (bodyAttrs?: Record<string, string>) =>
  layout({
    title: 'Tollgate console',
    script: 'console',
    bodyAttrs,
    body: `<header class="top"><h1>Tollgate console</h1></header>
<p id="status" class="muted" role="status" aria-live="polite"></p>
<main id="main" tabindex="-1"><noscript><p>The console needs JavaScript: it calls the API from this page.</p></noscript></main>`,
  });

/**
 * The operator console's shell. Its script asks for an admin API key once, keeps it in the tab's
 * sessionStorage, and calls the public API with it: the console can do nothing curl cannot.
 */
export const CONSOLE_HTML = shell();

export const consoleHeaders = () => pageHeaders();

export interface ConsoleLinkPorts {
  signingKey: () => Promise<Buffer>;
  clock: () => Date;
}

/**
 * `/console/<token>`: a signed console link hands the console its short-lived admin key and
 * project (the script keeps them for the tab and leaves the address bar at `/console`). A link
 * altered in any character answers 404, an expired one 410, each with a page that names nothing.
 */
export async function openConsole(ports: ConsoleLinkPorts, token: string) {
  const key = await ports.signingKey();
  try {
    const g = openConsoleLink(key, token, Math.floor(ports.clock().getTime() / 1000));
    return html(
      shell({
        'data-key': consoleApiKey(key, g.keyId),
        'data-project': g.projectId,
        'data-expires': new Date(g.expiresAt * 1000).toISOString(),
      }),
      { headers: pageHeaders() },
    );
  } catch (e) {
    if (!(e instanceof PageLinkError)) throw e;
    const ask = 'Ask for a new one: npm run console -- link --project <project>.';
    return e.problem === 'expired'
      ? html(errorPage('This console link has expired', `Console links are short-lived. ${ask}`), {
          status: 410,
          headers: pageHeaders(),
        })
      : html(errorPage('This console link is not valid', ask), { status: 404, headers: pageHeaders() });
  }
}
