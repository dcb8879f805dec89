import type { RouteDef } from './route';
import { billingHistoryRoute, billingSummaryRoute } from './routes/billing';
import {
  billingActionRoute,
  billingCancelRoute,
  billingEventsRoute,
  billingPageRoute,
  billingPageSessionRoute,
  billingPlanChangeRoute,
  consoleLinkRoute,
  consoleRoute,
  pageAssetRoute,
} from './routes/billing-page';
import { getCatalogRoute, putCatalogRoute } from './routes/catalog';
import {
  checkoutSessionRoute,
  defaultPaymentMethodRoute,
  detachPaymentMethodRoute,
  listPaymentMethodsRoute,
  portalSessionRoute,
  setupIntentRoute,
} from './routes/checkout';
import {
  adjustCreditsRoute,
  consumeCreditsRoute,
  creditCheckoutRoute,
  getCreditsRoute,
  listCreditEventsRoute,
  listCreditProductsRoute,
  listCreditTransactionsRoute,
} from './routes/credits';
import { listDlqsRoute, redriveDlqRoute } from './routes/dlq';
import { docsAsset, docsPage, openapiJson } from './routes/docs';
import {
  checkExceededRoute,
  checkFeatureRoute,
  getEntitlementsRoute,
  invalidateEntitlementsRoute,
} from './routes/entitlements';
import {
  createGrantRoute,
  deleteGrantRoute,
  grantAliasRoute,
  listGrantsRoute,
  revokeAliasRoute,
} from './routes/grants';
import { health, healthV1, live, liveV1, ready, readyV1 } from './routes/health';
import { getInvoiceRoute, listInvoicesRoute, sendInvoiceRoute } from './routes/invoices';
import { revenueMetricsRoute, subscriptionMetricsRoute } from './routes/metrics';
import { listWebhookEventsRoute, replayWebhookEventsRoute, workspaceEventsRoute } from './routes/operations';
import { razorpayOrderRoute, razorpayPaymentLinkRoute, reconcilePaymentRoute } from './routes/payments';
import { listPlansRoute } from './routes/plans';
import { getRunRoute, listAttentionRoute, resolveAttentionRoute, startRunRoute } from './routes/reconciliation';
import { getSettingsRoute, patchSettingsRoute } from './routes/settings';
import { billingStreamRoute } from './routes/stream';
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
import { recordUsageAsyncRoute, recordUsageRoute } from './routes/usage';
import { usageEventsRoute, usageReportRoute } from './routes/usage-reports';
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
import { razorpayWebhook, stripeWebhook } from './routes/webhooks';
import { getWorkspace, putWorkspace } from './routes/workspaces';

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
  razorpayPaymentLinkRoute,
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
  usageEventsRoute,
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
  getCatalogRoute,
  putCatalogRoute,
  subscriptionMetricsRoute,
  revenueMetricsRoute,
  healthV1,
  readyV1,
  liveV1,
  grantAliasRoute,
  revokeAliasRoute,
  getSettingsRoute,
  patchSettingsRoute,
  billingSummaryRoute,
  billingHistoryRoute,
  billingPageSessionRoute,
  billingPageRoute,
  billingPlanChangeRoute,
  billingCancelRoute,
  billingEventsRoute,
  billingActionRoute,
  pageAssetRoute,
  consoleRoute,
  consoleLinkRoute,
];
