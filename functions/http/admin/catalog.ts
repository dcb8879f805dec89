import { projectCatalog } from '#shared/domain/catalog/projects';
import { pushCatalog } from '#shared/domain/catalog/push';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { getCatalogRoute, putCatalogRoute } from '#shared/http/routes/catalog';
import { catalogPushPorts, catalogStore } from '#shared/wiring/catalog';

const get = httpHandler(
  getCatalogRoute,
  async ({ auth }) => (await projectCatalog(catalogStore(), auth.projectId)).document,
);

const put = httpHandler(putCatalogRoute, async ({ auth, body, query }) =>
  pushCatalog(catalogPushPorts(), auth.projectId, body, {
    dryRun: query.dry_run === 'true',
    force: query.force === 'true',
  }),
);

export const handler = httpRouter(get, put);
