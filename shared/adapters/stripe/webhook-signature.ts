import Stripe from 'stripe';
import type { WebhookVerifier } from '#shared/domain/webhooks/ports';
import { ValidationError } from '#shared/errors';

/** Stripe's own default: a signature older than five minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const TOLERANCE_TEXT = `its timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from now`;

/** The SDK's explanation, in Tollgate's words (the SDK's text carries links and hints for developers). */
function signatureProblem(sdkMessage: string): string {
  if (/tolerance/i.test(sdkMessage)) return TOLERANCE_TEXT;
  if (/matching the expected signature/i.test(sdkMessage))
    return 'no signature in the header matches this body and secret';
  // Anything else (no timestamp, no v1 entry, empty values) is a header Stripe would not send.
  return 'the Stripe-Signature header is malformed';
}

function objectIdOf(event: Stripe.Event): string | null {
  const o = event.data?.object as { id?: unknown } | undefined;
  return typeof o?.id === 'string' ? o.id : null;
}

/**
 * Stripe's signature check for the inbox (`Stripe-Signature: t=…,v1=…` over the exact bytes
 * Stripe sent), with its tolerance both ways: Stripe's check refuses only old signatures, and one
 * dated ahead of the tolerance is no better.
 */
export function stripeWebhookVerifier(webhookSecret: () => Promise<string>): WebhookVerifier {
  return {
    provider: 'stripe',
    async verify(rawBody, headers, at) {
      const signature = headers['stripe-signature'];
      if (!signature)
        throw new ValidationError(
          'Missing Stripe-Signature header',
          { field: 'header.stripe-signature' },
          'invalid_signature',
        );
      const now = at.getTime();
      let event: Stripe.Event;
      try {
        event = Stripe.webhooks.constructEvent(
          rawBody,
          signature,
          await webhookSecret(),
          SIGNATURE_TOLERANCE_SECONDS,
          undefined,
          now,
        );
      } catch (e) {
        // The SDK parses the body only once the signature matched.
        if (e instanceof SyntaxError)
          throw new ValidationError('The signed Stripe webhook body is not JSON', undefined, 'invalid_json');
        throw new ValidationError(
          `Invalid Stripe signature: ${signatureProblem((e as Error).message)}`,
          { field: 'header.stripe-signature' },
          'invalid_signature',
        );
      }
      const signedAt = Number([...signature.matchAll(/(?:^|,)\s*t=(\d+)/g)].at(-1)?.[1]);
      if (!Number.isFinite(signedAt) || signedAt * 1000 > now + SIGNATURE_TOLERANCE_SECONDS * 1000) {
        throw new ValidationError(
          `Invalid Stripe signature: ${TOLERANCE_TEXT}`,
          { field: 'header.stripe-signature' },
          'invalid_signature',
        );
      }
      return {
        eventId: event.id,
        type: event.type,
        created: new Date(event.created * 1000).toISOString(),
        objectId: objectIdOf(event),
      };
    },
  };
}
