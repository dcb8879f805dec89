import { syncPorts } from '../../../shared/adapters/wiring';
import { sendInvoice } from '../../../shared/domain/payments/invoices';
import { httpHandler } from '../../../shared/http/handler';
import { sendInvoiceRoute } from '../../../shared/http/routes/invoices';

const ports = syncPorts();

export const handler = httpHandler(sendInvoiceRoute, async ({ auth, params, body, headers }) =>
  sendInvoice(ports, auth.projectId, params.invoice_id, body.channel, headers['idempotency-key']),
);
