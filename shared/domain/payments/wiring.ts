import { config } from '../../config';
import { ServiceUnavailableError } from '../../errors';
import { tableFromConfig } from '../../adapters/dynamodb/client';
import { paymentRepository } from '../../adapters/dynamodb/payment-repository';
import { createRazorpayPort } from '../../adapters/razorpay/adapter';
import type { RazorpayPort } from '../../adapters/razorpay/port';
import { secret } from '../../adapters/secrets/parameters';
import { syncPorts } from '../../adapters/wiring';
import type { PaymentPorts } from './ports';

/*
 * The real adapters for the payment flows, composed once per container (the counterpart of
 * shared/adapters/wiring.ts for this area). Tests build the same PaymentPorts over local servers.
 */

let razorpay: { keySecret: string; port: RazorpayPort } | undefined;

/** One Razorpay client per container and key secret; the secret is re-read after the secrets TTL (from SSM in AWS). */
export async function razorpayFromConfig(): Promise<RazorpayPort> {
  const c = config();
  if (!c.RAZORPAY_KEY_ID) throw new ServiceUnavailableError('Razorpay is not configured (RAZORPAY_KEY_ID)');
  const keySecret = await secret(c.RAZORPAY_KEY_SECRET, c.RAZORPAY_KEY_SECRET_PARAM, 'Razorpay key secret');
  if (razorpay?.keySecret !== keySecret) {
    razorpay = { keySecret, port: createRazorpayPort({ keyId: c.RAZORPAY_KEY_ID, keySecret, baseUrl: c.RAZORPAY_API_BASE }) };
  }
  return razorpay.port;
}

export function razorpayWebhookSecret(): Promise<string> {
  const c = config();
  return secret(c.RAZORPAY_WEBHOOK_SECRET, c.RAZORPAY_WEBHOOK_SECRET_PARAM, 'Razorpay webhook secret');
}

export function paymentPorts(): PaymentPorts {
  return {
    ...syncPorts(),
    payments: paymentRepository(tableFromConfig()),
    razorpay: razorpayFromConfig,
    razorpayKeyId: () => {
      const id = config().RAZORPAY_KEY_ID;
      if (!id) throw new ServiceUnavailableError('Razorpay is not configured (RAZORPAY_KEY_ID)');
      return id;
    },
  };
}
