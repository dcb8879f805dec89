import { createHmac } from 'node:crypto';
import Razorpay from 'razorpay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRazorpayPort } from '#shared/adapters/razorpay/adapter';
import { RazorpayWebhookEvent, verifyRazorpaySignature } from '#shared/adapters/razorpay/webhook';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../../dev/razorpay-emulator/index';
import { type ReceivedWebhook, startReceiver } from './receiver';

const SECRET = 'whsec_signature_suite_91c2';

/** Both verifiers must agree: ours (constant time) and the SDK's reference implementation. */
function verdicts(body: string, signature: string | undefined, secret: string) {
  let sdk: boolean | 'threw';
  try {
    sdk = Razorpay.validateWebhookSignature(body, signature as string, secret);
  } catch {
    sdk = 'threw';
  }
  return { ours: verifyRazorpaySignature(body, signature, secret), sdk };
}

describe('Razorpay webhook signatures under attack', () => {
  let emu: RazorpayEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let captured: ReceivedWebhook;
  let paid: ReceivedWebhook;

  beforeAll(async () => {
    receiver = await startReceiver();
    emu = await startRazorpayEmulator({
      port: 0,
      webhookUrl: receiver.url,
      webhookSecret: SECRET,
      retryDelaysMs: [10],
    });
    const port = createRazorpayPort({ keyId: emu.keyId, keySecret: emu.keySecret, baseUrl: emu.url });
    const order = await port.createOrder({ amountPaise: 2_50_000, currency: 'INR', notes: { invoice_id: 'in_sig' } });
    await emu.payOrder(order.id);
    await emu.flush();
    [captured, paid] = receiver.received;
  });
  afterAll(async () => {
    await emu.close();
    await receiver.close();
  });

  const sig = (r: ReceivedWebhook) => r.headers['x-razorpay-signature'] as string;

  it('accepts the genuine deliveries', () => {
    // Act
    const results = [captured, paid].map((r) => verdicts(r.rawBody, sig(r), SECRET));
    // Assess
    expect(results).toEqual([
      { ours: true, sdk: true },
      { ours: true, sdk: true },
    ]);
    expect(sig(captured)).toBe(createHmac('sha256', SECRET).update(captured.rawBody).digest('hex'));
  });

  it('rejects a tampered body (amount raised by one paisa)', () => {
    // Prepare
    const tampered = captured.rawBody.replace('"amount":250000', '"amount":250001');
    // Act
    const result = verdicts(tampered, sig(captured), SECRET);
    // Assess
    expect(tampered).not.toBe(captured.rawBody);
    expect(result).toEqual({ ours: false, sdk: false });
  });

  it('rejects a body re-serialised with other whitespace, since only the raw bytes verify', () => {
    // Prepare
    const reformatted = JSON.stringify(JSON.parse(captured.rawBody), null, 2);
    // Act
    const result = verdicts(reformatted, sig(captured), SECRET);
    // Assess
    expect(result).toEqual({ ours: false, sdk: false });
  });

  it('rejects a signature made with the wrong secret', () => {
    // Prepare
    const forged = createHmac('sha256', 'whsec_guess').update(captured.rawBody).digest('hex');
    // Act
    const result = verdicts(captured.rawBody, forged, SECRET);
    // Assess
    expect(result).toEqual({ ours: false, sdk: false });
  });

  it('rejects a missing or empty header', () => {
    // Act
    const missing = verdicts(captured.rawBody, undefined, SECRET);
    const empty = verifyRazorpaySignature(captured.rawBody, '', SECRET);
    // Assess
    expect(missing).toEqual({ ours: false, sdk: 'threw' });
    expect(empty).toBe(false);
  });

  it('rejects a header taken from another genuine delivery', () => {
    // Act
    const swapped = verdicts(paid.rawBody, sig(captured), SECRET);
    // Assess
    expect(sig(captured)).not.toBe(sig(paid));
    expect(swapped).toEqual({ ours: false, sdk: false });
  });

  it('rejects truncated, padded, non-hex and empty-secret signatures without throwing', () => {
    // Prepare
    const good = sig(captured);
    // Act
    const results = [
      verifyRazorpaySignature(captured.rawBody, good.slice(0, 62), SECRET),
      verifyRazorpaySignature(captured.rawBody, `${good}00`, SECRET),
      verifyRazorpaySignature(captured.rawBody, `${good.slice(0, 63)}z`, SECRET),
      verifyRazorpaySignature(captured.rawBody, `sha256=${good}`, SECRET),
      verifyRazorpaySignature(captured.rawBody, createHmac('sha256', '').update(captured.rawBody).digest('hex'), ''),
    ];
    // Assess
    expect(results).toEqual([false, false, false, false, false]);
  });

  it('parses the genuine payloads and refuses an order.paid stripped of its order', () => {
    // Prepare
    const body = JSON.parse(paid.rawBody);
    const stripped = { ...body, payload: { payment: body.payload.payment } };
    // Act
    const ok = RazorpayWebhookEvent.safeParse(body);
    const bad = RazorpayWebhookEvent.safeParse(stripped);
    // Assess
    expect(ok.success).toBe(true);
    expect(ok.data?.payload.order?.entity.notes).toEqual({ invoice_id: 'in_sig' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('payload.order');
  });
});
