import * as z from 'zod';
import { defineRoute } from '#shared/http/route';

export const openapiJson = defineRoute({
  id: 'openapi',
  method: 'GET',
  path: '/api/v1/openapi.json',
  summary: 'This API as an OpenAPI 3.1 document, generated from the route manifest',
  tag: 'Docs',
  auth: 'none',
  scopes: [],
  handler: 'functions/http/docs/openapi.ts',
  access: { table: 'none' },
});

export const docsPage = defineRoute({
  id: 'docsPage',
  method: 'GET',
  path: '/docs',
  summary: 'Human-readable API docs (Swagger UI, served from the bundle)',
  tag: 'Docs',
  auth: 'none',
  scopes: [],
  produces: ['text/html'],
  handler: 'functions/http/docs/page.ts',
  access: { table: 'none' },
});

export const docsAsset = defineRoute({
  id: 'docsAsset',
  method: 'GET',
  path: '/docs/{asset}',
  summary: 'Static assets of the docs page',
  tag: 'Docs',
  auth: 'none',
  scopes: [],
  params: z.strictObject({ asset: z.enum(['swagger-ui.css', 'swagger-ui-bundle.js']) }),
  produces: ['text/css', 'application/javascript'],
  handler: 'functions/http/docs/page.ts',
  access: { table: 'none' },
});
