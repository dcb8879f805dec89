import { DOCS_HTML, type DocsAsset, readDocsAsset } from '#shared/http/docs-page';
import { httpHandler } from '#shared/http/handler';
import { html, text } from '#shared/http/response';
import { httpRouter } from '#shared/http/router';
import { docsAsset, docsPage } from '#shared/http/routes/docs';

const MEDIA_TYPE = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
} as const satisfies Record<DocsAsset, string>;
const cached = { 'cache-control': 'public, max-age=3600' };

const page = httpHandler(docsPage, async () => html(DOCS_HTML, { headers: cached }));
const asset = httpHandler(docsAsset, async ({ params }) =>
  text(readDocsAsset(params.asset), MEDIA_TYPE[params.asset], { headers: cached }),
);

/** One function serves the page and its two assets. */
export const handler = httpRouter(page, asset);
