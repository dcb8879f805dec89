/** The Razorpay port is the payment domain's (shared/domain/payments/ports.ts); the adapter implements it. */
export type {
  CreatePaymentLinkInput,
  CreateRazorpayOrderInput,
  RazorpayOrder,
  RazorpayPayment,
  RazorpayPaymentLink,
  RazorpayPort,
} from '#shared/domain/payments/ports';
