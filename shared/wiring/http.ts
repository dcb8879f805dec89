import { tableFromConfig } from '../adapters/dynamodb/client';
import { apiKeyRepository } from '../adapters/dynamodb/repositories/api-keys';
import { idempotencyRepository } from '../adapters/dynamodb/repositories/idempotency';
import { config } from '../config';
import { apiKeyAuthenticator } from '../http/middleware/api-key-auth';
import type { HttpPorts } from '../http/ports';
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
