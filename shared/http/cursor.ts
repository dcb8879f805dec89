import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ValidationError } from '#shared/errors';
import { cursorKeyMaterial } from '#shared/wiring/cursors';

/**
 * Pagination cursors as clients see them: opaque and bound to who asked. The position a
 * repository hands back (a DynamoDB key, a Stripe object id) is sealed with AES-256-GCM; the
 * list it belongs to, the caller's project and (where the list is a workspace's) the workspace
 * are the associated data. A cursor therefore reveals no key, cannot be edited, and opens only
 * for the same list of the same project and workspace: anything else is a 400 `invalid_cursor`.
 */
export interface CursorBinding {
  /** Which list the cursor pages through, e.g. `workspace-events` or `webhook-events:stripe`. */
  list: string;
  projectId: string;
  workspaceId?: string;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

let keyPromise: Promise<Buffer> | undefined;

/** The sealing key, derived from the configured key material (shared/wiring/cursors.ts). */
function cursorKey(): Promise<Buffer> {
  if (!keyPromise) {
    keyPromise = cursorKeyMaterial().then((m) =>
      createHmac('sha256', m).update('tollgate pagination cursor v1').digest(),
    );
    keyPromise.catch(() => (keyPromise = undefined));
  }
  return keyPromise;
}

/** Drops the derived key, for tests that change the configuration. */
export function resetCursorKey(): void {
  keyPromise = undefined;
}

const aad = (b: CursorBinding) => Buffer.from(`${b.list}\n${b.projectId}\n${b.workspaceId ?? ''}`, 'utf8');

/** Seals a repository's position for the client; `null` (no more pages) stays `null`. */
export async function sealCursor(binding: CursorBinding, position: string | null): Promise<string | null> {
  if (position === null) return null;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', await cursorKey(), iv);
  cipher.setAAD(aad(binding));
  const body = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64url');
}

const invalid = () =>
  new ValidationError(
    'query.cursor: not a cursor this list issued to this caller; start again without a cursor',
    [{ field: 'query.cursor', message: 'invalid or foreign cursor' }],
    'invalid_cursor',
  );

/** Opens a client's cursor back into the repository's position; a forged or foreign one is a 400. */
export async function openCursor(binding: CursorBinding, cursor: string | undefined): Promise<string | undefined> {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length < 1 + IV_BYTES + TAG_BYTES + 1 || raw[0] !== VERSION) throw invalid();
  const iv = raw.subarray(1, 1 + IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const body = raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', await cursorKey(), iv);
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw invalid();
  }
}
