export { createRazorpayPort, IDEMPOTENCY_NOTE, razorpayAdapter } from './adapter';
export { createRazorpayClient, type RazorpayClientOptions, razorpayBaseUrl } from './client';
export {
  type RazorpayErrorInfo,
  RazorpayRequestError,
  RazorpayUnavailableError,
  razorpayCall,
  translateRazorpayError,
} from './errors';
export type { CreateRazorpayOrderInput, RazorpayPort } from './port';
export {
  type RazorpayOrder,
  RazorpayOrderEntity,
  type RazorpayPayment,
  RazorpayPaymentEntity,
  toRazorpayOrder,
  toRazorpayPayment,
} from './schemas';
export {
  RAZORPAY_EVENT_ID_HEADER,
  RAZORPAY_SIGNATURE_HEADER,
  RazorpayWebhookEvent,
  verifyRazorpaySignature,
} from './webhook';
