import type { AuthContext } from '#shared/domain/tenancy/types';
import type { WorkspaceLookup } from '#shared/domain/workspaces/ports';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { openPageLink, type PageGrant, signPageLink } from './link';

export interface PageLinkPorts {
  workspaces: WorkspaceLookup;
  /** The link signing key (derived from the service's secret; read per call so a rotation applies). */
  signingKey: () => Promise<Buffer>;
  clock: () => Date;
}

/**
 * A link to one workspace's billing page for the caller's project: a workspace of another
 * project is a 404, like one that does not exist.
 */
export async function createPageLink(
  ports: PageLinkPorts,
  auth: AuthContext,
  input: { workspace_id: string; return_url: string; expires_in: number },
  baseUrl: string,
): Promise<{ url: string; expires_at: string }> {
  await requireWorkspace(ports, auth.projectId, input.workspace_id);
  const expiresAt = Math.floor(ports.clock().getTime() / 1000) + input.expires_in;
  const token = signPageLink(await ports.signingKey(), {
    projectId: auth.projectId,
    workspaceId: input.workspace_id,
    returnUrl: input.return_url,
    expiresAt,
    keyId: auth.keyId,
    appId: auth.appId,
  });
  return { url: `${baseUrl}/billing/${token}`, expires_at: new Date(expiresAt * 1000).toISOString() };
}

/** The grant behind a page request's token (PageLinkError when forged, malformed or expired). */
export async function openPageGrant(
  ports: Pick<PageLinkPorts, 'signingKey' | 'clock'>,
  token: string,
): Promise<PageGrant> {
  return openPageLink(await ports.signingKey(), token, Math.floor(ports.clock().getTime() / 1000));
}
