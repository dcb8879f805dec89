import { syncPorts } from '../../../shared/adapters/wiring';
import { listInvoices } from '../../../shared/domain/payments/invoices';
import { httpHandler } from '../../../shared/http/handler';
import { listInvoicesRoute } from '../../../shared/http/routes/invoices';

const ports = syncPorts();

export const handler = httpHandler(listInvoicesRoute, async ({ auth, params, query }) => listInvoices(ports, auth.projectId, params.workspace_id, query));
