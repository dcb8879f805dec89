import type { Scope } from '#shared/domain/tenancy/scopes';
import type { ApiKeyRecord, AuthContext } from '#shared/domain/tenancy/types';

/**
 * What the HTTP pipeline needs from outside: the caller's key resolved to a project and scopes,
 * and a store for Idempotency-Key records. shared/wiring/http.ts builds the real ones over the
 * table; tests pass fakes.
 */
export interface HttpPorts {
  authenticate: Authenticate;
  idempotency: IdempotencyStore;
  nowSeconds: () => number;
}

/** Resolves the caller from the request's headers, or throws 401/403. */
export type Authenticate = (
  headers: Record<string, string | undefined>,
  required: readonly Scope[],
) => Promise<AuthContext>;

export interface ApiKeyLookup {
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
}

/** The answer stored for an Idempotency-Key, replayed as it was sent. */
export interface StoredResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

export type BeginResult =
  | { state: 'started' }
  | { state: 'replay'; response: StoredResponse }
  /** Another attempt holds the key until `leaseUntil` (epoch seconds); after that a retry takes over. */
  | { state: 'in_progress'; leaseUntil?: number }
  | { state: 'mismatch' };

export interface BeginOptions {
  /** Seconds an unanswered attempt holds the key (default: an HTTP function's timeout plus a little). */
  leaseSeconds?: number;
  /** Names this attempt: only it may complete or abandon the record (a late answer of an attempt whose lease ran out is dropped). */
  attempt?: string;
}

export interface IdempotencyStore {
  begin(projectId: string, key: string, fingerprint: string, nowSec: number, opts?: BeginOptions): Promise<BeginResult>;
  complete(projectId: string, key: string, response: StoredResponse, attempt?: string): Promise<void>;
  abandon(projectId: string, key: string, attempt?: string): Promise<void>;
}
