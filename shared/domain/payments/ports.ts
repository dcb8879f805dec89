import type { PaymentRepository } from '../../adapters/dynamodb/payment-repository';
import type { RazorpayPort } from '../../adapters/razorpay/port';
import type { SyncPorts } from '../subscriptions/sync';

/** Everything the payment flows need: the subscription sync's ports plus payments and Razorpay. */
export interface PaymentPorts extends SyncPorts {
  payments: PaymentRepository;
  razorpay: () => Promise<RazorpayPort>;
  /** The public key id Razorpay Checkout is opened with. */
  razorpayKeyId: () => string;
}
