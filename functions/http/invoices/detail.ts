import { paymentPorts } from '../../../shared/domain/payments/wiring';
import { getInvoice } from '../../../shared/domain/payments/invoices';
import { httpHandler } from '../../../shared/http/handler';
import { getInvoiceRoute } from '../../../shared/http/routes/invoices';

const ports = paymentPorts();

export const handler = httpHandler(getInvoiceRoute, async ({ auth, params }) => getInvoice(ports, auth.projectId, params.invoice_id));
