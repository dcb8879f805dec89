import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { idempotencyRepository } from '#shared/adapters/dynamodb/repositories/idempotency';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { type HttpRequest, httpHandler } from '#shared/http/handler';
import { putWorkspace } from '#shared/http/routes/workspaces';
import { functionTimeoutSeconds, idempotencyLeaseSeconds } from '#shared/time-budgets';
import { freshTable } from '../support/local';
import { call, errorOf, withStandInAnswers, workspaceEvent } from '../unit/support/apigw';

const BODY = JSON.stringify({ name: 'Acme', email: 'billing@acme.example', country: 'IN', currency: 'inr' });
const AUTH: AuthContext = { projectId: 'p1', appId: 'a1', keyId: 'k1', scopes: ['admin'] };

describe('Idempotency-Key lease through the pipeline, on DynamoDB Local', () => {
  let table: TableContext;
  beforeAll(async () => {
    table = await freshTable('idem-lease');
  });

  it('answers 409 with Retry-After while a killed attempt holds the key, and processes the retry once its lease is over', async () => {
    // Prepare: the first attempt begins and then never answers, as when Lambda kills it at its timeout
    let now = 1_800_000_000;
    const lease = idempotencyLeaseSeconds(functionTimeoutSeconds([putWorkspace]));
    let n = 0;
    const fn = vi.fn(async (req: HttpRequest<typeof putWorkspace>) => {
      n += 1;
      if (n === 1) return new Promise<never>(() => undefined);
      return { workspace_id: req.params.workspace_id, attempt: n };
    });
    const handler = httpHandler(withStandInAnswers(putWorkspace), fn, {
      authenticate: async () => AUTH,
      idempotency: idempotencyRepository(table),
      nowSeconds: () => now,
    });
    const put = () =>
      call(
        handler,
        workspaceEvent('PUT', 'ws_lease', {
          body: BODY,
          headers: { authorization: 'Bearer k', 'idempotency-key': 'order-lease' },
        }),
      );
    void put();
    await vi.waitFor(() => expect(fn).toHaveBeenCalledOnce());
    // Act
    now += 1;
    const early = await put();
    now += lease - 1;
    const atLeaseEnd = await put();
    now += 1;
    const afterLease = await put();
    const replayed = await put();
    // Assess
    expect(early.status).toBe(409);
    expect(errorOf(early).code).toBe('idempotency_key_in_progress');
    expect(early.headers['retry-after']).toBe(String(lease));
    expect(atLeaseEnd.status).toBe(409);
    expect(afterLease.status).toBe(200);
    expect(afterLease.json).toEqual({ workspace_id: 'ws_lease', attempt: 2 });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json).toEqual(afterLease.json);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
