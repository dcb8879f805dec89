import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { attentionRepository } from '#shared/adapters/dynamodb/repositories/attention';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { manualPaymentRepository } from '#shared/adapters/dynamodb/repositories/manual-payments';
import { razorpayLinkRepository } from '#shared/adapters/dynamodb/repositories/razorpay-links';
import { razorpayOrderRepository } from '#shared/adapters/dynamodb/repositories/razorpay-orders';
import { settlementRepository } from '#shared/adapters/dynamodb/repositories/settlements';
import { createRazorpayPort } from '#shared/adapters/razorpay/adapter';
import { readRazorpayEvent } from '#shared/adapters/razorpay/webhook';
import { secret } from '#shared/adapters/secrets/parameters';
import { config } from '#shared/config';
import type { PaymentPorts, RazorpayPort } from '#shared/domain/payments/ports';
import type { RazorpayEventPorts } from '#shared/domain/webhooks/ports';
import { ServiceUnavailableError } from '#shared/errors';
import { syncPorts } from './billing';
import { lazy } from './lazy';

/*
 * The payment flows (Razorpay orders and Payment Links, manual payments, settlement on the Stripe invoice) and the
 * payment-events consumer, built once per container on first use.
 */

let razorpay: { keySecret: string; port: RazorpayPort } | undefined;

/** One Razorpay client per container and key secret; the secret is re-read after the secrets TTL (from SSM in AWS). */
export async function razorpayFromConfig(): Promise<RazorpayPort> {
  const c = config();
  if (!c.RAZORPAY_KEY_ID) throw new ServiceUnavailableError('Razorpay is not configured (RAZORPAY_KEY_ID)');
  const keySecret = await secret(c.RAZORPAY_KEY_SECRET, c.RAZORPAY_KEY_SECRET_PARAM, 'Razorpay key secret');
  if (razorpay?.keySecret !== keySecret) {
    razorpay = {
      keySecret,
      port: createRazorpayPort({ keyId: c.RAZORPAY_KEY_ID, keySecret, baseUrl: c.RAZORPAY_API_BASE }),
    };
  }
  return razorpay.port;
}

export const paymentPorts = lazy(() => {
  const table = tableFromConfig();
  const ports = {
    ...syncPorts(),
    settlements: settlementRepository(table),
    razorpayOrders: razorpayOrderRepository(table),
    razorpayLinks: razorpayLinkRepository(table),
    manualPayments: manualPaymentRepository(table),
    attention: attentionRepository(table),
    razorpay: razorpayFromConfig,
    razorpayKeyId: () => {
      const id = config().RAZORPAY_KEY_ID;
      if (!id) throw new ServiceUnavailableError('Razorpay is not configured (RAZORPAY_KEY_ID)');
      return id;
    },
  } satisfies PaymentPorts;
  return ports;
});

/** The payment-events consumer: Razorpay webhooks from the inbox, and manual payments. */
export const paymentEventPorts = lazy(
  (): RazorpayEventPorts => ({
    ...paymentPorts(),
    inbox: inboxRepository(tableFromConfig()),
    readEvent: readRazorpayEvent,
  }),
);
