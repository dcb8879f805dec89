import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { WebhookVerifier } from '#shared/domain/webhooks/ports';
import type { RazorpayEvent } from '#shared/domain/webhooks/razorpay';
import { ValidationError } from '#shared/errors';
import {
  RazorpayOrderEntity,
  RazorpayPaymentEntity,
  RazorpayPaymentLinkEntity,
  toRazorpayPayment,
  toRazorpayPaymentLink,
} from './schemas';

/** Header names as Razorpay sends them (HTTP headers are case-insensitive; these are lower-cased). */
export const RAZORPAY_SIGNATURE_HEADER = 'x-razorpay-signature';
export const RAZORPAY_EVENT_ID_HEADER = 'x-razorpay-event-id';

// Other "payment.*" events (downtime, dispute) carry other entities, so only these require one.
const PAYMENT_EVENTS = new Set(['payment.authorized', 'payment.captured', 'payment.failed']);

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * True when `signature` is the hex HMAC-SHA256 of the exact raw body under `secret`.
 * The body must be the bytes as received: re-serialised JSON does not verify. Compared in
 * constant time; a missing, non-hex or wrong-length signature, or an empty secret (which anyone
 * could sign with), is simply false.
 */
export function verifyRazorpaySignature(
  rawBody: string | Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  if (typeof signature !== 'string' || !HEX_SHA256.test(signature.trim())) return false;
  if (typeof secret !== 'string' || secret.length === 0) return false;
  if (typeof rawBody !== 'string' && !Buffer.isBuffer(rawBody)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A Razorpay webhook event. Only what Tollgate reads is checked; unknown events and fields pass
 * through. Every entity named in `contains` must be present in the payload.
 */
export const RazorpayWebhookEvent = z
  .looseObject({
    entity: z.literal('event'),
    account_id: z.string().min(1),
    event: z.string().min(1),
    contains: z.array(z.string()),
    payload: z.looseObject({
      payment: z.looseObject({ entity: RazorpayPaymentEntity }).optional(),
      order: z.looseObject({ entity: RazorpayOrderEntity }).optional(),
      payment_link: z.looseObject({ entity: RazorpayPaymentLinkEntity }).optional(),
    }),
    created_at: z.number().int().nonnegative(),
  })
  .superRefine((e, ctx) => {
    for (const name of e.contains) {
      if ((name === 'payment' || name === 'order' || name === 'payment_link') && !e.payload[name]) {
        ctx.addIssue({
          code: 'custom',
          path: ['payload', name],
          message: `event contains '${name}' but the payload has none`,
        });
      }
    }
    if (e.event === 'order.paid' && (!e.payload.order || !e.payload.payment)) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'order.paid carries both the order and the payment' });
    }
    if (e.event === 'payment_link.paid' && (!e.payload.payment_link || !e.payload.payment)) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload'],
        message: 'payment_link.paid carries the payment link and the payment',
      });
    }
    if (PAYMENT_EVENTS.has(e.event) && !e.payload.payment) {
      ctx.addIssue({ code: 'custom', path: ['payload', 'payment'], message: `${e.event} carries the payment` });
    }
  });
export type RazorpayWebhookEvent = z.infer<typeof RazorpayWebhookEvent>;

/**
 * The inbox id of a Razorpay event: a digest of the exact bytes the signature covers. Razorpay's
 * `x-razorpay-event-id` header is not signed, so anyone who captured one delivery could replay its
 * body under fresh ids; the body itself cannot change without breaking the signature, and
 * Razorpay's own retries resend the same bytes. Razorpay signs no timestamp, so a replayed body
 * is caught by this id alone: a known body is acknowledged without a second enqueue.
 */
export const razorpayEventId = (rawBody: string) =>
  `rzp_${createHash('sha256').update(rawBody, 'utf8').digest('hex').slice(0, 40)}`;

function objectIdOf(e: RazorpayWebhookEvent): string | null {
  return e.payload.payment?.entity.id ?? e.payload.order?.entity.id ?? e.payload.payment_link?.entity.id ?? null;
}

/**
 * Razorpay's signature check for the inbox: the HMAC on the exact bytes received before anything
 * is parsed or stored. A signed event Tollgate cannot read is still stored (and later ignored)
 * rather than refused: refusing would make Razorpay retry it for a day and then disable the
 * webhook for every event. Its id is a digest of the signed body (see `razorpayEventId`).
 */
export function razorpayWebhookVerifier(webhookSecret: () => Promise<string>): WebhookVerifier {
  return {
    provider: 'razorpay',
    async verify(rawBody, headers) {
      const signature = headers[RAZORPAY_SIGNATURE_HEADER];
      if (!signature)
        throw new ValidationError(
          'Missing X-Razorpay-Signature header',
          { field: `header.${RAZORPAY_SIGNATURE_HEADER}` },
          'invalid_signature',
        );
      if (!verifyRazorpaySignature(rawBody, signature, await webhookSecret())) {
        throw new ValidationError(
          'Invalid Razorpay signature',
          { field: `header.${RAZORPAY_SIGNATURE_HEADER}` },
          'invalid_signature',
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new ValidationError('Razorpay webhook body is not JSON', undefined, 'invalid_json');
      }
      const parsed = RazorpayWebhookEvent.safeParse(json);
      const loose = (json ?? {}) as { event?: unknown; created_at?: unknown };
      const type = parsed.success
        ? parsed.data.event
        : typeof loose.event === 'string'
          ? loose.event.slice(0, 100)
          : 'unknown';
      const createdAt = parsed.success
        ? parsed.data.created_at
        : typeof loose.created_at === 'number'
          ? loose.created_at
          : undefined;
      return {
        eventId: razorpayEventId(rawBody),
        type,
        created:
          createdAt !== undefined && Number.isInteger(createdAt) && createdAt > 0 && createdAt < 1e11
            ? new Date(createdAt * 1000).toISOString()
            : null,
        objectId: parsed.success ? objectIdOf(parsed.data) : null,
      };
    },
  };
}

/** A stored Razorpay body as the processor reads it; undefined for a signed event Tollgate cannot read. */
export function readRazorpayEvent(payload: string): RazorpayEvent | undefined {
  const parsed = RazorpayWebhookEvent.safeParse(JSON.parse(payload));
  if (!parsed.success) return undefined;
  const { payment, payment_link: link } = parsed.data.payload;
  return {
    event: parsed.data.event,
    payment: payment ? toRazorpayPayment(payment.entity) : null,
    paymentLink: link ? toRazorpayPaymentLink(link.entity) : null,
  };
}
