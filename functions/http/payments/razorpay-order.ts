import { createRazorpayOrder } from '../../../shared/domain/payments/razorpay-orders';
import { paymentPorts } from '../../../shared/domain/payments/wiring';
import { httpHandler, HttpResult } from '../../../shared/http/handler';
import { razorpayOrderRoute } from '../../../shared/http/routes/payments';

const ports = paymentPorts();

export const handler = httpHandler(razorpayOrderRoute, async ({ auth, body }) => {
  const order = await createRazorpayOrder(ports, auth.projectId, body.invoice_id);
  return new HttpResult(order.created ? 201 : 200, order);
});
