import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DOCS_HTML, readDocsAsset, type DocsAsset } from '../../../shared/http/docs-page';
import { httpHandler, HttpResult } from '../../../shared/http/handler';
import { docsAsset, docsPage } from '../../../shared/http/routes/docs';

const CONTENT_TYPE: Record<DocsAsset, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const page = httpHandler(docsPage, async () => new HttpResult(200, undefined));
const asset = httpHandler(docsAsset, async ({ params }) => new HttpResult(200, undefined, { asset: params.asset }));

/** One function serves the page and its two assets; bodies are text, not JSON. */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  const isAsset = Boolean(event.pathParameters?.asset);
  const res = await (isAsset ? asset : page)(event, context);
  if (res.statusCode !== 200) return res;
  const name = (res.headers as Record<string, string>).asset as DocsAsset | undefined;
  return {
    statusCode: 200,
    headers: { 'content-type': name ? CONTENT_TYPE[name] : 'text/html; charset=utf-8', 'cache-control': 'public, max-age=3600' },
    body: name ? readDocsAsset(name) : DOCS_HTML,
  };
};
