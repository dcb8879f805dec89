import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The typed client's types (client/schema.ts) from the OpenAPI document: `paths`, `components`
 * and `operations` as openapi-typescript writes them, behind a header that says where they come
 * from. `npm run docs` writes the file; a test regenerates it and fails when the copy in the
 * repository is stale.
 */
export async function clientTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
    rootTypes: false,
    exportType: false,
  });
  const header =
    '/**\n * Generated from docs/openapi.json by `npm run docs` (openapi-typescript). Do not edit.\n */\n\n';
  return `${header}${astToString(ast)}`;
}
