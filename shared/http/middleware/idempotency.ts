import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '#shared/errors';
import { decodeBody } from '#shared/http/body';
import type { HttpPorts } from '#shared/http/ports';
import type { RouteDef } from '#shared/http/route';
import { functionTimeoutSeconds, idempotencyLeaseSeconds } from '#shared/time-budgets';
import { type HttpMiddleware, requestState } from './request-context';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on mutations of authenticated routes: the same key and request replay the
 * stored answer; the same key with another request is a 409; while an attempt runs, a retry is a
 * 409 with Retry-After until the attempt's lease ends. The key belongs to the caller's project.
 */
export function idempotency(
  route: RouteDef,
  ports: () => Pick<HttpPorts, 'idempotency' | 'nowSeconds'>,
): HttpMiddleware {
  // An unanswered attempt holds its Idempotency-Key a little longer than this function can run.
  const leaseSeconds = idempotencyLeaseSeconds(functionTimeoutSeconds([route]));
  const applies = MUTATIONS.has(route.method);

  return {
    before: async (request) => {
      if (!applies) return;
      const key = request.event.headers?.['idempotency-key'];
      const state = requestState(request);
      if (key === undefined || !state.auth) return;
      if (!IDEMPOTENCY_KEY.test(key))
        throw new ValidationError('Idempotency-Key must be 1-255 printable ASCII characters', {
          field: 'header.idempotency-key',
        });
      const raw = decodeBody(request.event.body, request.event.isBase64Encoded);
      const fingerprint = createHash('sha256').update(`${route.method} ${request.event.rawPath}\n${raw}`).digest('hex');
      const { idempotency: store, nowSeconds } = ports();
      const now = nowSeconds();
      const attempt = randomUUID();
      const begun = await store.begin(state.auth.projectId, key, fingerprint, now, { leaseSeconds, attempt });
      if (begun.state === 'mismatch') {
        throw new ConflictError(
          'This Idempotency-Key was already used with a different request',
          'idempotency_key_reused',
        );
      }
      if (begun.state === 'in_progress') {
        const err = new ConflictError(
          'A request with this Idempotency-Key is still being processed',
          'idempotency_key_in_progress',
        );
        // Then the attempt has answered, or its lease is over and a retry is processed.
        if (begun.leaseUntil !== undefined) err.retryAfterSeconds = Math.max(1, begun.leaseUntil - now + 1);
        throw err;
      }
      if (begun.state === 'replay') {
        const r = begun.response;
        return {
          statusCode: r.statusCode,
          body: r.body,
          headers: { ...r.headers, 'x-request-id': state.requestId, 'idempotent-replayed': 'true' },
        };
      }
      state.idempotency = { projectId: state.auth.projectId, key, attempt };
    },
    after: async (request) => {
      const idem = requestState(request).idempotency;
      const res = request.response;
      if (!idem || !res) return;
      const status = res.statusCode ?? 200;
      const store = ports().idempotency;
      // A record that cannot be released (the table is what failed) lapses with its lease.
      if (status >= 500) await store.abandon(idem.projectId, idem.key, idem.attempt).catch(() => undefined);
      else
        await store.complete(
          idem.projectId,
          idem.key,
          { statusCode: status, body: res.body ?? '', headers: res.headers as Record<string, string> },
          idem.attempt,
        );
    },
    onError: async (request) => {
      // A failed attempt must not pin the key: the client may retry with the same key.
      const idem = requestState(request)?.idempotency;
      if (idem)
        await ports()
          .idempotency.abandon(idem.projectId, idem.key, idem.attempt)
          .catch(() => undefined);
    },
  };
}
