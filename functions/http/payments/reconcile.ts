import { recordManualPayment } from '../../../shared/domain/payments/manual';
import { paymentPorts } from '../../../shared/domain/payments/wiring';
import { httpHandler, HttpResult } from '../../../shared/http/handler';
import { reconcilePaymentRoute } from '../../../shared/http/routes/payments';

const ports = paymentPorts();

export const handler = httpHandler(reconcilePaymentRoute, async ({ auth, body }) => {
  const { result, replayed } = await recordManualPayment(ports, body, { origin: 'api', projectId: auth.projectId });
  return new HttpResult(replayed ? 200 : 201, result, replayed ? { 'idempotent-replayed': 'true' } : {});
});
