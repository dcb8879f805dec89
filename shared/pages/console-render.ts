import { layout, pageHeaders } from './layout';

/**
 * The operator console's shell. Its script asks for an admin API key once, keeps it in the tab's
 * sessionStorage, and calls the public API with it: the console can do nothing curl cannot.
 */
export const CONSOLE_HTML = layout({
  title: 'Tollgate console',
  script: 'console',
  body: `<header class="top"><h1>Tollgate console</h1></header>
<p id="status" class="muted" role="status" aria-live="polite"></p>
<main id="main" tabindex="-1"><noscript><p>The console needs JavaScript: it calls the API from this page.</p></noscript></main>`,
});

export const consoleHeaders = () => pageHeaders();
