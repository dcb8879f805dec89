import { sendInvoice } from '#shared/domain/payments/invoices';
import { httpHandler } from '#shared/http/handler';
import { sendInvoiceRoute } from '#shared/http/routes/invoices';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(sendInvoiceRoute, async ({ auth, params, body, headers }) =>
  sendInvoice(syncPorts(), auth.projectId, params.invoice_id, body.channel, headers['idempotency-key']),
);
