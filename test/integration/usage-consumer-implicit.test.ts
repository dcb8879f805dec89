import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { projectSettingsRepository } from '#shared/adapters/dynamodb/repositories/project-settings';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { counterCutOff } from '#shared/domain/metering/windows';
import { DEFAULT_SETTINGS } from '#shared/domain/settings/project-settings';
import { snapshotPredictions } from '#shared/domain/usage/ingest/plan';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { freshTable } from '../support/local';
import { MemoryPoison, sqsEvent, sqsRecord, usageMessage, usagePorts } from '../support/usage-fixtures';

/** Producers that publish straight to the usage queue skip the HTTP check that registers workspaces. */
describe('usage-events consumer: implicit workspaces', () => {
  let table: TableContext;

  beforeAll(async () => {
    table = await freshTable('usage-implicit');
    const settings = projectSettingsRepository(table);
    const at = new Date().toISOString();
    await settings.put('p_on', {
      ...DEFAULT_SETTINGS,
      implicit_workspaces: true,
      implicit_currency: 'inr',
      implicit_country: 'IN',
      updated_at: at,
    });
    await settings.put('p_off', { ...DEFAULT_SETTINGS, implicit_workspaces: false, updated_at: at });
  });

  function consumer() {
    const implicit = {
      settings: projectSettingsRepository(table),
      workspaces: workspaceRepository(table),
      clock: () => new Date(),
    };
    const { ports } = usagePorts(table, { implicit });
    const poison = new MemoryPoison();
    const handler = usageEventsConsumer(ports, {
      consumer: { poison, now: () => new Date() },
      predictions: snapshotPredictions(),
    });
    return { handler, poison };
  }

  const used = async (projectId: string, ws: string) => {
    const c = await usageStore(table).readWorkspace(projectId, ws, {
      cutOff: counterCutOff(new Date(Date.now() - 40 * 86_400_000)),
      consistent: true,
    });
    return c.counters.filter((x) => x.meter === 'ai_credits').map((x) => x.total);
  };

  it("registers an unknown workspace of an implicit project on its first queued event and counts it; another project's unknown id stays poison", async () => {
    // Prepare: two consumers race on copies of the first events of one new workspace.
    const a = consumer();
    const b = consumer();
    const batch = () =>
      sqsEvent([
        sqsRecord(usageMessage({ project_id: 'p_on', workspace_id: 'ws_first', idempotency_key: 'k1', value: '2' })),
        sqsRecord(usageMessage({ project_id: 'p_on', workspace_id: 'ws_first', idempotency_key: 'k2', value: '3' })),
        sqsRecord(usageMessage({ project_id: 'p_off', workspace_id: 'ws_first', idempotency_key: 'k1', value: '7' })),
      ]);
    // Act
    const [ra, rb] = await Promise.all([a.handler(batch()), b.handler(batch())]);
    // Assess
    expect([...ra.batchItemFailures, ...rb.batchItemFailures]).toEqual([]);
    const ws = await workspaceRepository(table).get('p_on', 'ws_first', { consistent: true });
    expect(ws).toMatchObject({ workspaceId: 'ws_first', currency: 'inr', country: 'IN' });
    expect(await used('p_on', 'ws_first')).toEqual(['5']);
    expect(await workspaceRepository(table).get('p_off', 'ws_first', { consistent: true })).toBeUndefined();
    expect(await used('p_off', 'ws_first')).toEqual([]);
    const reasons = [...a.poison.records, ...b.poison.records].map((p) => p.reason);
    expect(reasons).toEqual([
      "workspace_id: unknown workspace 'ws_first' in project 'p_off'",
      "workspace_id: unknown workspace 'ws_first' in project 'p_off'",
    ]);
  });
});
