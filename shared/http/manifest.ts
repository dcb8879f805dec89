import type { RouteDef } from './route';
import { docsAsset, docsPage, openapiJson } from './routes/docs';
import { health, live, ready } from './routes/health';
import {
  checkoutSessionRoute,
  defaultPaymentMethodRoute,
  detachPaymentMethodRoute,
  listPaymentMethodsRoute,
  portalSessionRoute,
  setupIntentRoute,
} from './routes/checkout';
import { listWebhookEventsRoute, replayWebhookEventsRoute, workspaceEventsRoute } from './routes/operations';
import { listPlansRoute } from './routes/plans';
import {
  cancelSubscriptionRoute,
  changePlanRoute,
  createSubscriptionRoute,
  getSubscriptionRoute,
  pauseRoute,
  previewRoute,
  resumeRoute,
  revokeRoute,
  updateSubscriptionRoute,
} from './routes/subscriptions';
import { razorpayWebhook, stripeWebhook } from './routes/webhooks';
import { getWorkspace, putWorkspace } from './routes/workspaces';
import { getInvoiceRoute, listInvoicesRoute, sendInvoiceRoute } from './routes/invoices';
import { razorpayOrderRoute, reconcilePaymentRoute } from './routes/payments';
import { getRunRoute, listAttentionRoute, resolveAttentionRoute, startRunRoute } from './routes/reconciliation';
import { checkExceededRoute, checkFeatureRoute, getEntitlementsRoute, invalidateEntitlementsRoute } from './routes/entitlements';
import { recordUsageAsyncRoute, recordUsageRoute, usageReportRoute } from './routes/usage';
import { createGrantRoute, deleteGrantRoute, listGrantsRoute } from './routes/grants';
import { listDlqsRoute, redriveDlqRoute } from './routes/dlq';
import { billingStreamRoute } from './routes/stream';
import {
  adjustCreditsRoute,
  consumeCreditsRoute,
  creditCheckoutRoute,
  getCreditsRoute,
  listCreditEventsRoute,
  listCreditProductsRoute,
  listCreditTransactionsRoute,
} from './routes/credits';
import {
  createWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  getWebhookDeliveryRoute,
  getWebhookEndpointRoute,
  listWebhookDeliveriesRoute,
  listWebhookEndpointsRoute,
  retryWebhookDeliveryRoute,
  rotateWebhookSecretRoute,
  updateWebhookEndpointRoute,
} from './routes/webhook-endpoints';

/**
 * The route manifest: the one list of HTTP routes. lib/ turns it into API Gateway routes and
 * Function URLs, dev/ into the local gateway, shared/http/openapi.ts into the OpenAPI document.
 */
export const routes: RouteDef[] = [
  health,
  ready,
  live,
  openapiJson,
  docsPage,
  docsAsset,
  putWorkspace,
  getWorkspace,
  listPlansRoute,
  getSubscriptionRoute,
  createSubscriptionRoute,
  cancelSubscriptionRoute,
  changePlanRoute,
  pauseRoute,
  resumeRoute,
  revokeRoute,
  updateSubscriptionRoute,
  previewRoute,
  stripeWebhook,
  checkoutSessionRoute,
  portalSessionRoute,
  listPaymentMethodsRoute,
  setupIntentRoute,
  defaultPaymentMethodRoute,
  detachPaymentMethodRoute,
  listWebhookEventsRoute,
  replayWebhookEventsRoute,
  workspaceEventsRoute,
  listInvoicesRoute,
  getInvoiceRoute,
  sendInvoiceRoute,
  razorpayOrderRoute,
  reconcilePaymentRoute,
  razorpayWebhook,
  startRunRoute,
  getRunRoute,
  listAttentionRoute,
  resolveAttentionRoute,
  getEntitlementsRoute,
  checkFeatureRoute,
  checkExceededRoute,
  invalidateEntitlementsRoute,
  recordUsageRoute,
  recordUsageAsyncRoute,
  usageReportRoute,
  createGrantRoute,
  listGrantsRoute,
  deleteGrantRoute,
  listDlqsRoute,
  redriveDlqRoute,
  createWebhookEndpointRoute,
  listWebhookEndpointsRoute,
  getWebhookEndpointRoute,
  updateWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  rotateWebhookSecretRoute,
  listWebhookDeliveriesRoute,
  getWebhookDeliveryRoute,
  retryWebhookDeliveryRoute,
  billingStreamRoute,
  listCreditEventsRoute,
  listCreditProductsRoute,
  creditCheckoutRoute,
  getCreditsRoute,
  listCreditTransactionsRoute,
  consumeCreditsRoute,
  adjustCreditsRoute,
];
