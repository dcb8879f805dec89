import { getInvoice } from '#shared/domain/payments/invoices';
import { httpHandler } from '#shared/http/handler';
import { getInvoiceRoute } from '#shared/http/routes/invoices';
import { paymentPorts } from '#shared/wiring/payments';

export const handler = httpHandler(getInvoiceRoute, async ({ auth, params }) =>
  getInvoice(paymentPorts(), auth.projectId, params.invoice_id),
);
