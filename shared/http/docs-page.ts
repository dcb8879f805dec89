import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js'] as const;
export type DocsAsset = (typeof DOCS_ASSETS)[number];

/**
 * Swagger UI comes from the `swagger-ui-dist` package, never a CDN. In a Lambda bundle the
 * build copies the two assets next to the handler; locally they are read from node_modules.
 */
function assetPath(name: DocsAsset): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, name);
  if (existsSync(bundled)) return bundled;
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve('swagger-ui-dist/package.json')), name);
}

const cache = new Map<DocsAsset, string>();
export function readDocsAsset(name: DocsAsset): string {
  let v = cache.get(name);
  if (v === undefined) cache.set(name, (v = readFileSync(assetPath(name), 'utf8')));
  return v;
}

export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tollgate API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui' });</script></body></html>`;
