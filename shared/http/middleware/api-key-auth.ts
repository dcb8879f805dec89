import { extractApiKey, hashApiKey } from '#shared/domain/tenancy/api-keys';
import { hasScopes, type Scope } from '#shared/domain/tenancy/scopes';
import type { ApiKeyRecord, AuthContext } from '#shared/domain/tenancy/types';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import type { ApiKeyLookup, Authenticate } from '#shared/http/ports';
import type { RouteDef } from '#shared/http/route';
import { type HttpMiddleware, requestState } from './request-context';

/** More distinct keys than this in one container (someone guessing) starts the cache afresh. */
const MAX_CACHED_KEYS = 1000;

/**
 * Resolves the caller from its key. Validated keys are cached per container for `cacheSeconds`
 * so the hot path (entitlement checks) costs no extra DynamoDB read and no hashing; a revocation
 * therefore takes effect within that many seconds. The cache is keyed by the key as presented
 * (it is in this process's memory for the request anyway) and holds the stored record.
 */
export function apiKeyAuthenticator(
  lookup: ApiKeyLookup,
  opts: { cacheSeconds: number; now?: () => number },
): Authenticate {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { record: ApiKeyRecord | undefined; at: number }>();

  return async function authenticate(
    headers: Record<string, string | undefined>,
    required: readonly Scope[],
  ): Promise<AuthContext> {
    const key = extractApiKey(headers);
    if (!key)
      throw new UnauthorizedError('Missing API key: send Authorization: Bearer <key> or x-api-key', 'missing_api_key');
    let hit = cache.get(key);
    if (!hit || now() - hit.at >= opts.cacheSeconds * 1000) {
      hit = { record: await lookup.findApiKeyByHash(hashApiKey(key)), at: now() };
      if (cache.size >= MAX_CACHED_KEYS) cache.clear();
      cache.set(key, hit);
    }
    const record = hit.record;
    if (!record) throw new UnauthorizedError('Unknown API key', 'invalid_api_key');
    if (record.revokedAt) throw new UnauthorizedError('This API key has been revoked', 'api_key_revoked');
    if (record.expiresAt && now() >= Date.parse(record.expiresAt))
      throw new UnauthorizedError('This API key has expired', 'api_key_expired');
    if (!hasScopes(record.scopes, required)) {
      throw new ForbiddenError(
        `This API key lacks the scope(s): ${required.filter((s) => !record.scopes.includes(s)).join(', ')}`,
        {
          required,
        },
      );
    }
    return { projectId: record.projectId, appId: record.appId, keyId: record.keyId, scopes: record.scopes };
  };
}

/**
 * On `api-key` routes, before anything reads the body: the caller's project and scopes, or a
 * 401/403. Routes with `auth: 'none'` (probes, docs, webhooks that verify a signature) pass.
 */
export function apiKeyAuth(route: RouteDef, authenticate: () => Authenticate): HttpMiddleware {
  return {
    before: async (request) => {
      if (route.auth !== 'api-key') return;
      requestState(request).auth = await authenticate()(
        request.event.headers as Record<string, string | undefined>,
        route.scopes,
      );
    },
  };
}
