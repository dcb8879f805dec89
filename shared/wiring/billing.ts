import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { customerLinkRepository } from '#shared/adapters/dynamodb/repositories/customer-links';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { queuePublisher, sqsFromConfig } from '#shared/adapters/sqs/client';
import { stripeWebhookSecret, translatingStripeFromConfig } from '#shared/adapters/stripe/client';
import { stripeWebhookVerifier } from '#shared/adapters/stripe/webhook-signature';
import { config } from '#shared/config';
import { listPlans, refreshPlans } from '#shared/domain/catalog/listing';
import type { SyncPorts } from '#shared/domain/subscriptions/ports';
import type { ReceiverPorts, StripeEventPorts } from '#shared/domain/webhooks/ports';
import { catalogPorts, projectCatalogs, propagateCatalog } from './catalog';
import { creditPorts } from './credits';
import { recomputePorts } from './entitlements';
import { implicitPorts } from './implicit';
import { lazy } from './lazy';
import { metricsPorts } from './metrics';

/*
 * The Stripe side of billing: subscriptions, checkout, invoices, and Stripe's webhooks (received
 * and processed). Every port set is built once per container, on first use.
 */

/** The Stripe client the domain sees: its failures are already Tollgate's errors. */
const stripe = translatingStripeFromConfig;
const clock = () => new Date();

const repositories = lazy(() => {
  const table = tableFromConfig();
  return {
    subscriptions: subscriptionRepository(table),
    customers: customerLinkRepository(table),
    workspaces: workspaceRepository(table),
    history: historyRepository(table),
    grants: grantRepository(table),
    entitlements: entitlementSnapshotRepository(table),
    inbox: inboxRepository(table),
  };
});

/** Everything the Stripe sync and the subscription, checkout and invoice APIs need. */
export const syncPorts = lazy(() => {
  const { subscriptions, customers, workspaces, history } = repositories();
  const catalog = catalogPorts();
  const ports = {
    stripe,
    subscriptions,
    customers,
    workspaces,
    history,
    bus: eventBusFromConfig(),
    plans: (projectId: string) => listPlans(catalog, projectId),
    stripeNames: async (projectId: string) => (await projectCatalogs()(projectId)).names,
    recompute: recomputePorts(),
    clock,
    graceDays: config().PAST_DUE_GRACE_DAYS,
    metrics: metricsPorts(),
    implicit: implicitPorts(),
    settings: implicitPorts().settings,
  } satisfies SyncPorts;
  return ports;
});

/** The stripe-events consumer: the sync, the credit ledger, the inbox and the catalog refresh. */
export const stripeEventPorts = lazy((): StripeEventPorts => {
  const { inbox } = repositories();
  const catalog = catalogPorts();
  const { credits, catalog: catalogDocuments } = creditPorts();
  return {
    ...syncPorts(),
    credits,
    catalog: catalogDocuments,
    inbox,
    refreshPlans: (projectId) => refreshPlans(catalog, projectId),
    propagateCatalog,
  };
});

/** Stripe's webhook receiver: its signature, the inbox and the stripe-events queue. */
export const stripeReceiverPorts = lazy(
  (): ReceiverPorts => ({
    inbox: repositories().inbox,
    queue: queuePublisher(sqsFromConfig(), config().STRIPE_QUEUE_URL),
    verifier: stripeWebhookVerifier(stripeWebhookSecret),
    clock,
  }),
);
