import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { reconciliationRepository } from '../../../shared/adapters/dynamodb/reconciliation-repository';
import { getRun } from '../../../shared/domain/reconciliation/service';
import { httpHandler } from '../../../shared/http/handler';
import { getRunRoute } from '../../../shared/http/routes/reconciliation';

const ports = { runs: reconciliationRepository(tableFromConfig()) };

export const handler = httpHandler(getRunRoute, async ({ auth, params }) => getRun(ports, auth.projectId, params.run_id));
