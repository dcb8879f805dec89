/** The Razorpay port is the payment domain's (shared/domain/payments/ports.ts); the adapter implements it. */
export type {
  CreateRazorpayOrderInput,
  RazorpayOrder,
  RazorpayPayment,
  RazorpayPort,
} from '#shared/domain/payments/ports';
