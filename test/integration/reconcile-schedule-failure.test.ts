import type { ScheduledEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { reconciliationRepository } from '#shared/adapters/dynamodb/repositories/reconciliation-runs';
import { reloadConfig } from '#shared/config';
import { scheduledEvent } from '../../dev/drift-timer';
import { freePort } from '../../dev/free-port';
import { freshTable } from '../support/local';

/** The hourly drift job with Stripe out of reach: the run fails, and the function says so. */
describe('reconcile function when a drift run fails', () => {
  let table: TableContext;
  let job: typeof import('../../functions/jobs/reconcile');
  beforeAll(async () => {
    table = await freshTable('drift-fail');
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      STRIPE_API_BASE: nowhere,
      STRIPE_SECRET_KEY: 'sk_test_nowhere',
      RAZORPAY_API_BASE: nowhere,
      RAZORPAY_KEY_ID: 'rzp_test_Nowhere0001',
      RAZORPAY_KEY_SECRET: 'nowhere',
    });
    reloadConfig();
    job = await import('../../functions/jobs/reconcile');
  });

  it('throws on the schedule, so Lambda records an error, and keeps the failed run report', async () => {
    // Act
    const err = await job.handler(scheduledEvent() as ScheduledEvent).catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(job.DriftRunFailedError);
    expect((err as Error).message).toMatch(
      /^Drift run run_\w+ failed: Stripe is unavailable .*\(report: GET \/api\/v1\/admin\/reconciliation\/runs\/run_\w+\)$/,
    );
    const runId = (err as InstanceType<typeof job.DriftRunFailedError>).run.run_id;
    expect(await reconciliationRepository(table).getRun(runId)).toMatchObject({
      status: 'failed',
      trigger: 'schedule',
    });
  });

  it('answers a failed run of a direct invoke in the result, as documented for finance', async () => {
    // Act
    const out = await job.handler({ action: 'drift', project_id: 'proj_x' });
    // Assess
    expect(out).toMatchObject({ ok: false, run: { status: 'failed', trigger: 'invoke' } });
  });
});
