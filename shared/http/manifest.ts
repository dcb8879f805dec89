import type { RouteDef } from './route';
import { docsAsset, docsPage, openapiJson } from './routes/docs';
import { health, live, ready } from './routes/health';
import { getWorkspace, putWorkspace } from './routes/workspaces';

/**
 * The route manifest: the one list of HTTP routes. lib/ turns it into API Gateway routes and
 * Function URLs, dev/ into the local gateway, shared/http/openapi.ts into the OpenAPI document.
 */
export const routes: RouteDef[] = [health, ready, live, openapiJson, docsPage, docsAsset, putWorkspace, getWorkspace];
