export { createRazorpayClient, razorpayBaseUrl, type RazorpayClientOptions } from './client';
export { IDEMPOTENCY_NOTE, createRazorpayPort, razorpayAdapter } from './adapter';
export { RazorpayRequestError, RazorpayUnavailableError, razorpayCall, translateRazorpayError, type RazorpayErrorInfo } from './errors';
export type { CreateRazorpayOrderInput, RazorpayPort } from './port';
export {
  RazorpayOrderEntity,
  RazorpayPaymentEntity,
  toRazorpayOrder,
  toRazorpayPayment,
  type RazorpayOrder,
  type RazorpayPayment,
} from './schemas';
export { RAZORPAY_EVENT_ID_HEADER, RAZORPAY_SIGNATURE_HEADER, RazorpayWebhookEvent, verifyRazorpaySignature } from './webhook';
