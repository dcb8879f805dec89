import { createRazorpayOrder } from '#shared/domain/payments/razorpay-orders';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { razorpayOrderRoute } from '#shared/http/routes/payments';
import { paymentPorts } from '#shared/wiring/payments';

export const handler = httpHandler(razorpayOrderRoute, async ({ auth, body }) => {
  const order = await createRazorpayOrder(paymentPorts(), auth.projectId, body.invoice_id);
  return new HttpResult(order.created ? 201 : 200, order);
});
