import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The billing page's link: a signed, expiring grant to one workspace of one project. It is the
 * only credential the customer's browser holds (never an API key). The payload is readable (it
 * names the workspace and where to return) but any change to it, or to the signature, fails
 * verification; so does a link past `expires_at`.
 *
 * Form: `v1.<payload base64url>.<HMAC-SHA256 base64url>`. Signatures are compared as the
 * encoded strings, so a link that decodes to the same bytes but is spelled differently is refused.
 */
export interface PageGrant {
  projectId: string;
  workspaceId: string;
  returnUrl: string;
  /** Epoch seconds. */
  expiresAt: number;
  /** The key and app that asked for the link (for the request log). */
  keyId: string;
  appId: string;
}

export type PageLinkProblem = 'invalid' | 'expired';

export class PageLinkError extends Error {
  constructor(readonly problem: PageLinkProblem) {
    super(problem === 'expired' ? 'This billing link has expired' : 'This billing link is not valid');
  }
}

const VERSION = 'v1';
export const PAGE_TOKEN = /^v1\.[A-Za-z0-9_-]{10,1500}\.[A-Za-z0-9_-]{43}$/;

/** The signing key: derived from the service's key material, for this use only. */
export function pageLinkKey(material: string): Buffer {
  return createHmac('sha256', material).update('tollgate billing page link v1').digest();
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

/** Signs a payload in the links' one scheme: `v1.<payload base64url>.<HMAC-SHA256 base64url>`. */
export function signToken(key: Buffer, payload: Record<string, unknown>): string {
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return `${body}.${sign(key, body)}`;
}

/** The payload of a token signed with `key`, or PageLinkError('invalid') for anything forged or malformed. */
export function verifyToken(key: Buffer, token: string): Record<string, unknown> {
  if (typeof token !== 'string' || !PAGE_TOKEN.test(token)) throw new PageLinkError('invalid');
  const cut = token.lastIndexOf('.');
  const body = token.slice(0, cut);
  const expected = Buffer.from(sign(key, body), 'utf8');
  const given = Buffer.from(token.slice(cut + 1), 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new PageLinkError('invalid');
  try {
    const raw: unknown = JSON.parse(Buffer.from(body.slice(VERSION.length + 1), 'base64url').toString('utf8'));
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  } catch {
    // not JSON: refused below
  }
  throw new PageLinkError('invalid');
}

export function signPageLink(key: Buffer, g: PageGrant): string {
  return signToken(key, { p: g.projectId, w: g.workspaceId, r: g.returnUrl, e: g.expiresAt, k: g.keyId, a: g.appId });
}

/** The grant a token carries, or a PageLinkError: `invalid` for anything forged or malformed, `expired` after its time. */
export function openPageLink(key: Buffer, token: string, nowSeconds: number): PageGrant {
  const { p, w, r, e, k, a } = verifyToken(key, token);
  if (
    typeof p !== 'string' ||
    typeof w !== 'string' ||
    typeof r !== 'string' ||
    typeof e !== 'number' ||
    typeof k !== 'string' ||
    typeof a !== 'string'
  ) {
    throw new PageLinkError('invalid');
  }
  if (nowSeconds >= e) throw new PageLinkError('expired');
  return { projectId: p, workspaceId: w, returnUrl: r, expiresAt: e, keyId: k, appId: a };
}
