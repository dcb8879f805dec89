import type Stripe from 'stripe';
import { STRIPE_WEBHOOK_EVENTS } from '#shared/domain/webhooks/stripe/events';
import { STRIPE_API_VERSION } from './client';
import { stripeCall } from './errors';

export interface CreatedEndpoint {
  id: string;
  url: string;
  api_version: string;
  enabled_events: string[];
  /** The signing secret: Stripe shows it only in this answer. */
  secret: string;
}

/**
 * Registers Tollgate's Stripe webhook receiver: pinned to the SDK's API version (so events come
 * in the shapes Tollgate reads, whatever the account's default version is) and subscribed to the
 * events Tollgate acts on. `events: '*'` subscribes to everything instead (the local stack).
 */
export async function createWebhookEndpoint(
  stripe: Stripe,
  url: string,
  opts: { events?: '*'; description?: string; metadata?: Record<string, string> } = {},
): Promise<CreatedEndpoint> {
  const endpoint = await stripeCall(() =>
    stripe.webhookEndpoints.create({
      url,
      api_version: STRIPE_API_VERSION,
      enabled_events: opts.events === '*' ? ['*'] : [...STRIPE_WEBHOOK_EVENTS],
      description: opts.description ?? 'Tollgate',
      ...(opts.metadata ? { metadata: opts.metadata } : {}),
    }),
  );
  if (!endpoint.secret) throw new Error(`Stripe created webhook endpoint ${endpoint.id} without revealing its secret`);
  return {
    id: endpoint.id,
    url: endpoint.url,
    api_version: endpoint.api_version ?? STRIPE_API_VERSION,
    enabled_events: endpoint.enabled_events,
    secret: endpoint.secret,
  };
}
