import { recordManualPayment } from '#shared/domain/payments/manual';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { reconcilePaymentRoute } from '#shared/http/routes/payments';
import { paymentPorts } from '#shared/wiring/payments';

export const handler = httpHandler(reconcilePaymentRoute, async ({ auth, body }) => {
  const { result, replayed } = await recordManualPayment(paymentPorts(), body, {
    origin: 'api',
    projectId: auth.projectId,
  });
  return new HttpResult(replayed ? 200 : 201, result, replayed ? { 'idempotent-replayed': 'true' } : {});
});
