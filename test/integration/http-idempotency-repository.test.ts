import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { type IdempotencyStore, idempotencyRepository } from '#shared/adapters/dynamodb/repositories/idempotency';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, idempotencyLeaseSeconds } from '#shared/time-budgets';
import { freshTable } from '../support/local';

const NOW = 1_800_000_000;
const DAY = 24 * 3600;
const LEASE = idempotencyLeaseSeconds(HTTP_FUNCTION_TIMEOUT_SECONDS);

describe('idempotency repository on DynamoDB Local', () => {
  let table: TableContext;
  let store: IdempotencyStore;
  beforeAll(async () => {
    table = await freshTable('idem');
    store = idempotencyRepository(table);
  });
  const raw = async (projectId: string, key: string) =>
    (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.httpIdempotency(projectId, key) })))
      .Item;

  it('starts a new key, then reports it in progress until completed', async () => {
    // Act
    const first = await store.begin('p1', 'k-progress', 'fp-a', NOW);
    const second = await store.begin('p1', 'k-progress', 'fp-a', NOW + 1);
    // Assess
    expect(first).toEqual({ state: 'started' });
    expect(second).toEqual({ state: 'in_progress', leaseUntil: NOW + LEASE });
    expect(await raw('p1', 'k-progress')).toMatchObject({
      entity: 'http_idempotency',
      status: 'in_progress',
      fingerprint: 'fp-a',
      expires_at: NOW + DAY,
      lease_until: NOW + LEASE,
    });
  });

  it('replays the completed response for the same fingerprint', async () => {
    // Prepare
    const response = {
      statusCode: 201,
      body: '{"workspace_id":"ws_1"}',
      headers: { 'content-type': 'application/json' },
    };
    await store.begin('p1', 'k-replay', 'fp-a', NOW);
    // Act
    await store.complete('p1', 'k-replay', response);
    const again = await store.begin('p1', 'k-replay', 'fp-a', NOW + 60);
    // Assess
    expect(again).toEqual({ state: 'replay', response });
  });

  it('reports a mismatch for another fingerprint, in progress or completed, and keeps the record', async () => {
    // Prepare
    await store.begin('p1', 'k-mismatch', 'fp-a', NOW);
    // Act
    const whileRunning = await store.begin('p1', 'k-mismatch', 'fp-b', NOW);
    await store.complete('p1', 'k-mismatch', { statusCode: 200, body: '{}' });
    const afterwards = await store.begin('p1', 'k-mismatch', 'fp-b', NOW);
    // Assess
    expect([whileRunning, afterwards]).toEqual([{ state: 'mismatch' }, { state: 'mismatch' }]);
    expect(await raw('p1', 'k-mismatch')).toMatchObject({ fingerprint: 'fp-a', status: 'completed' });
  });

  it('treats an expired record as absent, since DynamoDB deletes expired items late (or, locally, never)', async () => {
    // Prepare
    await store.begin('p1', 'k-expired', 'fp-a', NOW);
    await store.complete('p1', 'k-expired', { statusCode: 200, body: '{"old":true}' });
    // Act
    const atExpiry = await store.begin('p1', 'k-expired', 'fp-b', NOW + DAY);
    const afterExpiry = await store.begin('p1', 'k-expired', 'fp-b', NOW + DAY + 1);
    // Assess
    expect(atExpiry).toEqual({ state: 'mismatch' });
    expect(afterExpiry).toEqual({ state: 'started' });
    expect(await raw('p1', 'k-expired')).toMatchObject({
      fingerprint: 'fp-b',
      status: 'in_progress',
      expires_at: NOW + 2 * DAY + 1,
    });
    expect((await raw('p1', 'k-expired'))?.response).toBeUndefined();
  });

  it('frees the key on abandon', async () => {
    // Prepare
    await store.begin('p1', 'k-abandon', 'fp-a', NOW);
    // Act
    await store.abandon('p1', 'k-abandon');
    const gone = await raw('p1', 'k-abandon');
    const retry = await store.begin('p1', 'k-abandon', 'fp-b', NOW);
    // Assess
    expect(gone).toBeUndefined();
    expect(retry).toEqual({ state: 'started' });
  });

  it('keeps the same key apart for different projects', async () => {
    // Act
    const p1 = await store.begin('p1', 'k-shared', 'fp-a', NOW);
    const p2 = await store.begin('p2', 'k-shared', 'fp-b', NOW);
    // Assess
    expect([p1, p2]).toEqual([{ state: 'started' }, { state: 'started' }]);
  });

  it('lets exactly one of many concurrent first attempts start', async () => {
    // Act
    const results = await Promise.all(Array.from({ length: 8 }, () => store.begin('p1', 'k-race', 'fp-a', NOW)));
    // Assess
    expect(results.filter((r) => r.state === 'started')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'in_progress')).toHaveLength(7);
  });

  it('hands an unanswered key to a retry of the same request once the lease is over, and only then', async () => {
    // Prepare: the first attempt begins and is never heard of again (killed by a timeout)
    await store.begin('p1', 'k-lease', 'fp-a', NOW, { leaseSeconds: 15, attempt: 'first' });
    // Act
    const atLeaseEnd = await store.begin('p1', 'k-lease', 'fp-a', NOW + 15, { leaseSeconds: 15, attempt: 'second' });
    const otherBody = await store.begin('p1', 'k-lease', 'fp-b', NOW + 16, { leaseSeconds: 15, attempt: 'other' });
    const afterLease = await store.begin('p1', 'k-lease', 'fp-a', NOW + 16, { leaseSeconds: 15, attempt: 'second' });
    // Assess
    expect(atLeaseEnd).toEqual({ state: 'in_progress', leaseUntil: NOW + 15 });
    expect(otherBody).toEqual({ state: 'mismatch' });
    expect(afterLease).toEqual({ state: 'started' });
    expect(await raw('p1', 'k-lease')).toMatchObject({
      attempt: 'second',
      lease_until: NOW + 31,
      status: 'in_progress',
    });
  });

  it('drops the late answer of an attempt that lost its key, keeping the answer of the retry', async () => {
    // Prepare
    await store.begin('p1', 'k-late', 'fp-a', NOW, { leaseSeconds: 15, attempt: 'slow' });
    await store.begin('p1', 'k-late', 'fp-a', NOW + 20, { leaseSeconds: 15, attempt: 'retry' });
    await store.complete('p1', 'k-late', { statusCode: 201, body: '{"by":"retry"}' }, 'retry');
    // Act
    await store.complete('p1', 'k-late', { statusCode: 201, body: '{"by":"slow"}' }, 'slow');
    await store.abandon('p1', 'k-late', 'slow');
    const replay = await store.begin('p1', 'k-late', 'fp-a', NOW + 30, { leaseSeconds: 15, attempt: 'third' });
    // Assess
    expect(replay).toEqual({ state: 'replay', response: { statusCode: 201, body: '{"by":"retry"}' } });
    expect((await raw('p1', 'k-late'))?.lease_until).toBeUndefined();
  });

  it('treats an in-progress record without a lease (written before leases) as lapsed', async () => {
    // Prepare
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.httpIdempotency('p1', 'k-legacy'),
          entity: 'http_idempotency',
          fingerprint: 'fp-a',
          status: 'in_progress',
          expires_at: NOW + DAY,
        },
      }),
    );
    // Act
    const retry = await store.begin('p1', 'k-legacy', 'fp-a', NOW + 1);
    // Assess
    expect(retry).toEqual({ state: 'started' });
  });
});
