import { readSettings, updateSettings } from '#shared/domain/settings/project-settings';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { getSettingsRoute, patchSettingsRoute } from '#shared/http/routes/settings';
import { settingsPorts } from '#shared/wiring/implicit';

const get = httpHandler(getSettingsRoute, async ({ auth }) => readSettings(settingsPorts(), auth.projectId));
const patch = httpHandler(patchSettingsRoute, async ({ auth, body }) =>
  updateSettings(settingsPorts(), auth.projectId, body),
);

export const handler = httpRouter(get, patch);
