import {
  createSetupIntent,
  detachPaymentMethod,
  listPaymentMethods,
  setDefaultPaymentMethod,
} from '#shared/domain/checkout/payment-methods';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import {
  defaultPaymentMethodRoute,
  detachPaymentMethodRoute,
  listPaymentMethodsRoute,
  setupIntentRoute,
} from '#shared/http/routes/checkout';
import { syncPorts } from '#shared/wiring/billing';

const list = httpHandler(listPaymentMethodsRoute, async ({ auth, params }) =>
  listPaymentMethods(syncPorts(), auth.projectId, params.workspace_id),
);
const setup = httpHandler(setupIntentRoute, async ({ auth, params, headers }) =>
  createSetupIntent(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']),
);
const makeDefault = httpHandler(defaultPaymentMethodRoute, async ({ auth, params, headers }) =>
  setDefaultPaymentMethod(
    syncPorts(),
    auth.projectId,
    params.workspace_id,
    params.payment_method_id,
    headers['idempotency-key'],
  ),
);
const detach = httpHandler(detachPaymentMethodRoute, async ({ auth, params, headers }) =>
  detachPaymentMethod(
    syncPorts(),
    auth.projectId,
    params.workspace_id,
    params.payment_method_id,
    headers['idempotency-key'],
  ),
);

/** The four payment-method routes share one function (same grants, same Stripe client). */
export const handler = httpRouter(list, setup, makeDefault, detach);
