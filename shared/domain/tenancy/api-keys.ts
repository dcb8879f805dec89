import { createHash, randomBytes } from 'node:crypto';

/**
 * Keys look like `tg_<env>_<32 base62 chars>`. Only the SHA-256 of the whole key is stored;
 * the first 12 characters stay visible so an operator can tell keys apart in listings.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function generateApiKey(env = 'live'): string {
  const bytes = randomBytes(32);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `tg_${env}_${out}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function visiblePrefix(key: string): string {
  return key.slice(0, 12);
}

/** Pulls the key from `Authorization: Bearer …` or `x-api-key` (headers already lower-cased). */
export function extractApiKey(headers: Record<string, string | undefined>): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const k = headers['x-api-key']?.trim();
  return k || undefined;
}
