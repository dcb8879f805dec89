import { createInvoicePaymentLink } from '#shared/domain/payments/razorpay-links';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { razorpayPaymentLinkRoute } from '#shared/http/routes/payments';
import { paymentPorts } from '#shared/wiring/payments';

export const handler = httpHandler(razorpayPaymentLinkRoute, async ({ auth, body }) => {
  const link = await createInvoicePaymentLink(paymentPorts(), auth.projectId, body.invoice_id);
  return new HttpResult(link.created ? 201 : 200, link);
});
