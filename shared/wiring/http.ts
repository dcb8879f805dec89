import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { idempotencyRepository } from '#shared/adapters/dynamodb/repositories/idempotency';
import { config } from '#shared/config';
import { apiKeyAuthenticator } from '#shared/http/middleware/api-key-auth';
import type { HttpPorts } from '#shared/http/ports';
import { lazy } from './lazy';

/** The HTTP pipeline's ports over the table: API keys (cached per container) and Idempotency-Key records. */
export const httpPorts = lazy((): HttpPorts => {
  const table = tableFromConfig();
  return {
    authenticate: apiKeyAuthenticator(apiKeyRepository(table), { cacheSeconds: config().API_KEY_CACHE_SECONDS }),
    idempotency: idempotencyRepository(table),
    nowSeconds: () => Math.floor(Date.now() / 1000),
  };
});
