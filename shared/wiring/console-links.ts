import { consoleLinkKey } from '#shared/domain/tenancy/console-link';
import type { ConsoleLinkPorts } from '#shared/pages/console-render';
import { cursorKeyMaterial } from './cursors';
import { lazy } from './lazy';

/** Opening signed console links: a key derived from the cursor secret (no table; the link names everything). */
export const consoleLinkPorts = lazy(
  (): ConsoleLinkPorts => ({
    signingKey: async () => consoleLinkKey(await cursorKeyMaterial()),
    clock: () => new Date(),
  }),
);
