import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { reloadConfig } from '#shared/config';
import { catalog } from '#shared/domain/catalog/catalog';
import { createSubscription } from '#shared/domain/subscriptions/lifecycle';
import type { paymentPorts } from '#shared/wiring/payments';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../dev/razorpay-emulator/index';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshTable } from '../support/local';

/**
 * The reconcile function and the CLI as deployed code runs them: wired from the environment
 * (shared/config.ts), against DynamoDB Local and the emulators.
 */
describe('reconcile function (direct invoke, schedule) and CLI', () => {
  let stripeEmulator: StripeEmulator;
  let razorpayEmulator: RazorpayEmulator;
  let ports: ReturnType<typeof paymentPorts>;
  let job: typeof import('../../functions/jobs/reconcile');
  let cli: typeof import('../../dev/cli/reconcile');
  const env: Record<string, string> = {};

  beforeAll(async () => {
    const table = await freshTable('invoke');
    stripeEmulator = await startStripeEmulator({ port: 0 });
    razorpayEmulator = await startRazorpayEmulator({
      port: 0,
      keyId: 'rzp_test_Invoke0001',
      keySecret: 'invoke_secret',
    });
    await applyCatalog(createStripeClient({ secretKey: 'sk_test_invoke', apiBase: stripeEmulator.url }), catalog);
    Object.assign(env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      STRIPE_API_BASE: stripeEmulator.url,
      STRIPE_SECRET_KEY: 'sk_test_invoke',
      RAZORPAY_API_BASE: razorpayEmulator.url,
      RAZORPAY_KEY_ID: 'rzp_test_Invoke0001',
      RAZORPAY_KEY_SECRET: 'invoke_secret',
    });
    Object.assign(process.env, env);
    reloadConfig();
    ports = (await import('#shared/wiring/payments')).paymentPorts();
    job = await import('../../functions/jobs/reconcile');
    cli = await import('../../dev/cli/reconcile');
  });
  afterAll(async () => {
    await razorpayEmulator?.close();
    await stripeEmulator?.close();
  });

  const openInvoice = async (workspaceId: string) => {
    await ports.workspaces.upsert(
      'proj_inv',
      workspaceId,
      { name: 'Invoke Co', email: 'i@example.com', country: 'IN', currency: 'inr' },
      new Date().toISOString(),
    );
    const sub = await createSubscription(ports, 'proj_inv', {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    const stripe = await ports.stripe();
    return (await stripe.invoices.list({ customer: sub.customer_id, status: 'open', limit: 1 })).data[0];
  };

  it('records a payment sent as a direct invoke once, and answers refusals in the result', async () => {
    // Prepare
    const invoice = await openInvoice('ws_invoke_1');
    const payload = {
      action: 'payment',
      invoice_id: invoice.id,
      amount: invoice.amount_remaining,
      currency: 'INR',
      reference: 'UTRINVOKE001',
      method: 'rtgs',
      paid_at: '2026-11-20T10:00:00Z',
    };
    // Act
    const over = await job.handler({ ...payload, reference: 'UTRINVOKE000', amount: invoice.amount_remaining + 1 });
    const first = await job.handler(payload);
    const again = await job.handler(payload);
    const malformed = await job.handler({ action: 'payment', invoice_id: invoice.id, amount: '12.5' });
    // Assess
    expect(over).toMatchObject({ ok: false, error: { code: 'overpayment' } });
    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      payment: { status: 'settled', invoice_status: 'paid', reference: 'UTRINVOKE001' },
    });
    expect(again).toMatchObject({ ok: true, replayed: true, payment: (first as { payment: unknown }).payment });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('runs the drift check on the schedule event and on a drift invoke', async () => {
    // Act
    const scheduled = await job.handler({
      version: '0',
      id: 'e1',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '1',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail: {},
    });
    const invoked = await job.handler({ action: 'drift', project_id: 'proj_inv', dry_run: true });
    // Assess
    expect(scheduled).toMatchObject({
      ok: true,
      run: { status: 'completed', scope: 'all_projects', trigger: 'schedule' },
    });
    expect(invoked).toMatchObject({ ok: true, run: { status: 'completed', scope: 'project', dry_run: true } });
  });

  it('CLI: records a payment directly and prints the drift report with progress', async () => {
    // Prepare
    const invoice = await openInvoice('ws_invoke_2');
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: { ...env }, out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const args = [
      'payment',
      '--via',
      'direct',
      '--invoice',
      invoice.id,
      '--amount',
      String(invoice.amount_remaining),
      '--currency',
      'inr',
      '--reference',
      'UTRCLI0001',
      '--method',
      'imps',
    ];
    // Act
    const paid = await cli.run(args, io);
    const repeat = await cli.run([...args, '--json'], io);
    const drift = await cli.run(['drift', '--project', 'proj_inv'], io);
    // Assess
    expect([paid, repeat, drift]).toEqual([0, 0, 0]);
    expect(out[0]).toContain('Recorded.');
    expect(out[0]).toContain('settled');
    expect(JSON.parse(out[1])).toMatchObject({ replayed: true, status: 'settled', reference: 'UTRCLI0001' });
    expect(out[2]).toMatch(/^Run run_\w+: completed/);
    expect(err.join('')).toMatch(/subscriptions\s+checked\s+\d+/);
  });
});

describe('reconcile CLI arguments and the API path', () => {
  const io = (fetchImpl?: typeof fetch) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        env: {},
        out: (t: string) => out.push(t),
        err: (t: string) => err.push(t),
        fetch: fetchImpl,
        demo: () => ({ base_url: 'http://tollgate.test', api_key: 'tg_test_key' }),
      },
    };
  };

  it('rejects a payment without its required flags or with a decimal amount (exit 2)', async () => {
    // Prepare
    const { run } = await import('../../dev/cli/reconcile');
    const a = io();
    const b = io();
    // Act
    const missing = await run(['payment', '--invoice', 'in_123'], a.io);
    const decimal = await run(
      [
        'payment',
        '--invoice',
        'in_123',
        '--amount',
        '12.50',
        '--currency',
        'inr',
        '--reference',
        'R1',
        '--method',
        'neft',
      ],
      b.io,
    );
    // Assess
    expect([missing, decimal]).toEqual([2, 2]);
    expect(a.err.join('')).toContain('--amount is required');
    expect(b.err.join('')).toContain('whole number of minor units');
  });

  it('posts a payment to the reconcile route with the key, and reports a refusal (exit 1)', async () => {
    // Prepare
    const { run } = await import('../../dev/cli/reconcile');
    const calls: { url: string; init: RequestInit }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ error: { code: 'overpayment', message: 'Over-payment: too much' } }), {
        status: 422,
      });
    }) as unknown as typeof fetch;
    const c = io(fake);
    // Act
    const code = await run(
      [
        'payment',
        '--invoice',
        'in_123',
        '--amount',
        '1250',
        '--currency',
        'INR',
        '--reference',
        'UTR9',
        '--method',
        'neft',
        '--paid-at',
        '2026-11-20T10:00:00Z',
      ],
      c.io,
    );
    // Assess
    expect(code).toBe(1);
    expect(calls[0].url).toBe('http://tollgate.test/api/v1/checkout/reconcile');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer tg_test_key');
    expect(JSON.parse(calls[0].init.body as string)).toEqual({
      invoice_id: 'in_123',
      amount: 1250,
      currency: 'inr',
      reference: 'UTR9',
      method: 'neft',
      paid_at: '2026-11-20T10:00:00Z',
    });
    expect(c.err.join('')).toContain('Refused (overpayment)');
  });
});
