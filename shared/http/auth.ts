import { ForbiddenError, UnauthorizedError } from '../errors';
import { extractApiKey, hashApiKey } from '../domain/tenancy/api-keys';
import { hasScopes, type Scope } from '../domain/tenancy/scopes';
import type { ApiKeyRecord, AuthContext } from '../domain/tenancy/types';

export interface ApiKeyLookup {
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
}

/**
 * Resolves the caller from its key. Validated keys are cached per container for `cacheSeconds`
 * so the hot path (entitlement checks) costs no extra DynamoDB read; a revocation therefore
 * takes effect within that many seconds.
 */
export function apiKeyAuthenticator(lookup: ApiKeyLookup, opts: { cacheSeconds: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { record: ApiKeyRecord | undefined; at: number }>();

  return async function authenticate(headers: Record<string, string | undefined>, required: readonly Scope[]): Promise<AuthContext> {
    const key = extractApiKey(headers);
    if (!key) throw new UnauthorizedError('Missing API key: send Authorization: Bearer <key> or x-api-key', 'missing_api_key');
    const hash = hashApiKey(key);
    let hit = cache.get(hash);
    if (!hit || now() - hit.at >= opts.cacheSeconds * 1000) {
      hit = { record: await lookup.findApiKeyByHash(hash), at: now() };
      if (cache.size > 1000) cache.clear();
      cache.set(hash, hit);
    }
    const record = hit.record;
    if (!record) throw new UnauthorizedError('Unknown API key', 'invalid_api_key');
    if (record.revokedAt) throw new UnauthorizedError('This API key has been revoked', 'api_key_revoked');
    if (!hasScopes(record.scopes, required)) {
      throw new ForbiddenError(`This API key lacks the scope(s): ${required.filter((s) => !record.scopes.includes(s)).join(', ')}`, {
        required,
      });
    }
    return { projectId: record.projectId, appId: record.appId, keyId: record.keyId, scopes: record.scopes };
  };
}

export type Authenticate = ReturnType<typeof apiKeyAuthenticator>;
