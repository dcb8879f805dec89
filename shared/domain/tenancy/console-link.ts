import { createHmac } from 'node:crypto';
import { PageLinkError, signToken, verifyToken } from '#shared/domain/billing-page/link';

/**
 * A signed console link: opens `/console` for one project's admin without typing a key. It is
 * signed like the billing page's links (`v1.<payload>.<signature>`) with a key of its own, derived
 * from the same service secret, so neither kind of link opens the other. The link names an API
 * key that the CLI stored with the `admin` scope and the link's expiry; the key itself is derived
 * from the link's key id with the signing key, so it is not in the URL and only the service (and
 * whoever made the link) can compute it. Opening the link hands that key to the console, which
 * then calls the public API with it like any admin key, until it expires.
 */
export interface ConsoleGrant {
  projectId: string;
  /** The stored API key the console will call the API with. */
  keyId: string;
  /** Epoch seconds; the key expires at the same moment. */
  expiresAt: number;
}

export function consoleLinkKey(material: string): Buffer {
  return createHmac('sha256', material).update('tollgate console link v1').digest();
}

export const signConsoleLink = (key: Buffer, g: ConsoleGrant): string =>
  signToken(key, { c: 'console', p: g.projectId, k: g.keyId, e: g.expiresAt });

/** The grant of a console link, or PageLinkError: `invalid` when forged or malformed, `expired` after its time. */
export function openConsoleLink(key: Buffer, token: string, nowSeconds: number): ConsoleGrant {
  const { c, p, k, e } = verifyToken(key, token);
  if (c !== 'console' || typeof p !== 'string' || typeof k !== 'string' || typeof e !== 'number')
    throw new PageLinkError('invalid');
  if (nowSeconds >= e) throw new PageLinkError('expired');
  return { projectId: p, keyId: k, expiresAt: e };
}

/** The API key behind a console link's key id (stored as its hash, like every key). */
export function consoleApiKey(key: Buffer, keyId: string): string {
  return `tg_console_${createHmac('sha256', key).update(`api key ${keyId}`).digest('base64url')}`;
}
