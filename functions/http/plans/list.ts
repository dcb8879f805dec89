import { catalogPorts } from '../../../shared/adapters/wiring';
import { defaultPlan } from '../../../shared/domain/catalog/plans';
import { listPlans } from '../../../shared/domain/catalog/service';
import { httpHandler } from '../../../shared/http/handler';
import { listPlansRoute } from '../../../shared/http/routes/plans';

const ports = catalogPorts();

export const handler = httpHandler(listPlansRoute, async () => {
  const plans = await listPlans(ports);
  return { plans, default_plan: defaultPlan(plans)?.plan ?? null };
});
