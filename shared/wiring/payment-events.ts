import { tableFromConfig } from '../adapters/dynamodb/client';
import { inboxRepository } from '../adapters/dynamodb/inbox-repository';
import type { RazorpayProcessorPorts } from '../domain/payments/razorpay-processor';
import { paymentPorts } from '../domain/payments/wiring';
import { lazy } from './lazy';

/** The payment-events consumer's domain ports: the payment flows and the inbox. */
export const paymentEventPorts = lazy((): RazorpayProcessorPorts => ({ ...paymentPorts(), inbox: inboxRepository(tableFromConfig()) }));
