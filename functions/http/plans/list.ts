import { listPlans } from '#shared/domain/catalog/listing';
import { defaultPlan } from '#shared/domain/catalog/plans';
import { httpHandler } from '#shared/http/handler';
import { listPlansRoute } from '#shared/http/routes/plans';
import { catalogPorts } from '#shared/wiring/catalog';

export const handler = httpHandler(listPlansRoute, async () => {
  const plans = await listPlans(catalogPorts());
  return { plans, default_plan: defaultPlan(plans)?.plan ?? null };
});
