import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRazorpayClient } from '#shared/adapters/razorpay/client';
import { startRazorpayEmulator } from '../../../dev/razorpay-emulator/index';
import { until } from '../../support/until';
import { startReceiver } from './receiver';

const KEY_ID = 'rzp_test_PersistSuite01';
const KEY_SECRET = 'persist-suite-secret';

describe('Razorpay emulator: state kept in a file across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'razorpay-emulator-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (file: string, extra: Parameters<typeof startRazorpayEmulator>[0] = {}) =>
    startRazorpayEmulator({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET, stateFile: file, ...extra });
  // One fixed second: only the insertion sequence orders what is created in it.
  const sameSecond = () => 1_768_435_200_000;
  const sdk = (url: string) => createRazorpayClient({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: url });

  it('brings back an order and its payment, and new orders continue the sequence', async () => {
    // Prepare
    const file = join(dir, 'razorpay-emulator.json');
    const first = await start(file, { now: sameSecond });
    const c1 = sdk(first.url);
    const order = await c1.orders.create({
      amount: 4_99_900,
      currency: 'INR',
      receipt: 'in_persist_1',
      notes: { invoice_id: 'in_persist_1' },
    });
    const { payment } = await first.payOrderSilently(order.id, { method: 'netbanking' });
    await first.close();
    // Act
    const second = await start(file, { now: sameSecond });
    const c2 = sdk(second.url);
    const orderAgain = await c2.orders.fetch(order.id);
    const payments = await c2.orders.fetchPayments(order.id);
    const paymentAgain = await c2.payments.fetch(payment.id);
    const newer = await c2.orders.create({ amount: 10_000, currency: 'INR', receipt: 'in_persist_2' });
    const listed = await c2.orders.all({ count: 10 });
    await second.close();
    // Assess
    expect(existsSync(file)).toBe(true);
    expect(orderAgain).toMatchObject({
      id: order.id,
      status: 'paid',
      amount_paid: 4_99_900,
      amount_due: 0,
      attempts: 1,
      receipt: 'in_persist_1',
      notes: { invoice_id: 'in_persist_1' },
    });
    expect(payments.items.map((p) => p.id)).toEqual([payment.id]);
    expect(paymentAgain).toMatchObject({
      id: payment.id,
      order_id: order.id,
      status: 'captured',
      amount: 4_99_900,
      method: 'netbanking',
      bank: 'HDFC',
    });
    expect(newer.id).not.toBe(order.id);
    // Both in the same second: the newer order lists first because its sequence follows the restored ones.
    expect(listed.items.map((o) => o.id)).toEqual([newer.id, order.id]);
  });

  it('writes changes shortly after they happen and keeps the account id its webhooks carry', async () => {
    // Prepare
    const file = join(dir, 'razorpay-account.json');
    const receiver = await startReceiver();
    const first = await start(file, {
      saveDelayMs: 50,
      webhookUrl: receiver.url,
      webhookSecret: 'rzp_whsec_one',
      retryDelaysMs: [10],
    });
    const order = await sdk(first.url).orders.create({ amount: 20_000, currency: 'INR', receipt: 'in_persist_3' });
    await first.payOrder(order.id);
    await first.flush();
    // Act
    type Written = { account_id: string; store: { orders: { order: { id: string; status: string } }[] } };
    const written = await until('the state file to hold the paid order', async () => {
      const w = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Written) : undefined;
      return w?.store.orders.some((o) => o.order.id === order.id && o.order.status === 'paid') && w;
    });
    await first.close();
    const second = await start(file, { webhookUrl: receiver.url, webhookSecret: 'rzp_whsec_two', retryDelaysMs: [10] });
    const another = await sdk(second.url).orders.create({ amount: 30_000, currency: 'INR', receipt: 'in_persist_4' });
    await second.payOrder(another.id, { emit: ['payment.captured'] });
    await second.flush();
    await second.close();
    await receiver.close();
    // Assess
    expect(written.store.orders.map((o) => [o.order.id, o.order.status])).toEqual([[order.id, 'paid']]);
    const accounts = receiver.received.map((r) => (JSON.parse(r.rawBody) as { account_id: string }).account_id);
    expect(accounts).toHaveLength(3);
    expect(new Set(accounts)).toEqual(new Set([written.account_id]));
  });
});
