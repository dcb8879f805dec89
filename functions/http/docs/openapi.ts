import { httpHandler } from '#shared/http/handler';
import { routes } from '#shared/http/manifest';
import { buildOpenApi } from '#shared/http/openapi';
import { openapiJson } from '#shared/http/routes/docs';

// Built once per container: the manifest cannot change while it runs.
let doc: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpHandler(openapiJson, async () => (doc ??= buildOpenApi(routes)));
