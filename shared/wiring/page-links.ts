import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { pageLinkKey } from '#shared/domain/billing-page/link';
import type { PageLinkPorts } from '#shared/domain/billing-page/session';
import { cursorKeyMaterial } from './cursors';
import { lazy } from './lazy';

/** Signing and opening billing-page links: the workspace (table only) and a key derived from the cursor secret. */
const clock = () => new Date();

export const pageLinkPorts = lazy(
  (): PageLinkPorts => ({
    workspaces: workspaceRepository(tableFromConfig()),
    signingKey: async () => pageLinkKey(await cursorKeyMaterial()),
    clock,
  }),
);
