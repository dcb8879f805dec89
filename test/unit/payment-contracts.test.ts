import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attentionId } from '#shared/domain/payments/attention';
import {
  contractSchemas,
  jsonSchemaOf,
  ManualPaymentBody,
  PaymentEventMessage,
  ReconcileInvoke,
} from '#shared/domain/payments/contracts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('payment contracts', () => {
  it.each(Object.entries(contractSchemas))(
    '%s is the JSON Schema of the zod contract (regenerate it if this fails)',
    (path, schema) => {
      // Prepare
      const documented = JSON.parse(readFileSync(`${ROOT}${path}`, 'utf8'));
      // Act
      const generated = JSON.parse(JSON.stringify(jsonSchemaOf(schema, path.replace('docs/', ''))));
      // Assess
      expect(documented).toEqual(generated);
    },
  );

  it('accepts the documented payment-events messages and refuses money as a float or an unknown field', () => {
    // Prepare
    const manual = {
      kind: 'manual_payment',
      gateway: 'zoho',
      invoice_id: 'in_1Abc',
      amount: 399900,
      currency: 'INR',
      reference: 'ZOHO-PAY-991',
      method: 'upi',
      paid_at: '2026-11-20T10:00:00+05:30',
    };
    // Act
    const results = [
      PaymentEventMessage.safeParse({ provider: 'razorpay', event_id: 'evt_1' }).success,
      PaymentEventMessage.safeParse(manual).success,
      PaymentEventMessage.safeParse({ ...manual, amount: 3999.0001 }).success,
      PaymentEventMessage.safeParse({ ...manual, amount_paise: 1 }).success,
      PaymentEventMessage.safeParse({ ...manual, gateway: 'Zoho Books' }).success,
      ManualPaymentBody.safeParse({ ...manual, kind: undefined, gateway: undefined, reference: 'has space' }).success,
    ];
    // Assess
    expect(results).toEqual([true, true, false, false, false, false]);
  });

  it('tells a drift invoke from a payment invoke', () => {
    // Act
    const drift = ReconcileInvoke.parse({ action: 'drift', dry_run: true });
    const payment = ReconcileInvoke.safeParse({
      action: 'payment',
      invoice_id: 'in_1',
      amount: 1,
      currency: 'inr',
      reference: 'R',
      method: 'cash',
      paid_at: '2026-11-20T10:00:00Z',
    });
    // Assess
    expect(drift).toEqual({ action: 'drift', dry_run: true });
    expect(payment.success).toBe(false);
  });

  it('gives the same problem about the same payment the same attention id', () => {
    // Act
    const a = attentionId({ reason: 'amount_mismatch', source: 'razorpay', reference: 'pay_1', invoiceId: 'in_1' });
    const b = attentionId({ reason: 'amount_mismatch', source: 'razorpay', reference: 'pay_1', invoiceId: 'in_1' });
    const c = attentionId({ reason: 'currency_mismatch', source: 'razorpay', reference: 'pay_1', invoiceId: 'in_1' });
    // Assess
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^att_[0-9a-f]{24}$/);
  });
});
