import { createHash } from 'node:crypto';
import type Razorpay from 'razorpay';
import * as z from 'zod';
import { ConflictError, UpstreamError } from '#shared/errors';
import { createRazorpayClient, type RazorpayClientOptions } from './client';
import { RazorpayRequestError, razorpayCall } from './errors';
import type { CreatePaymentLinkInput, CreateRazorpayOrderInput, RazorpayPort } from './port';
import {
  RazorpayCollection,
  type RazorpayOrder,
  RazorpayOrderEntity,
  RazorpayPaymentEntity,
  RazorpayPaymentLinkEntity,
  toRazorpayOrder,
  toRazorpayPayment,
  toRazorpayPaymentLink,
} from './schemas';

/** The note under which an order remembers the idempotency key it was created with. */
export const IDEMPOTENCY_NOTE = 'tollgate_idempotency_key';

// Ids go into the URL path; anything else (a slash, a query) must never reach the SDK.
const ORDER_ID = /^order_[A-Za-z0-9]{1,40}$/;
const PAYMENT_ID = /^pay_[A-Za-z0-9]{1,40}$/;
const LINK_ID = /^plink_[A-Za-z0-9]{1,40}$/;
const LinkList = z.looseObject({ payment_links: z.array(RazorpayPaymentLinkEntity) });
const RECEIPT_MAX = 40;

function checkId(id: string, pattern: RegExp, what: string): void {
  if (typeof id !== 'string' || !pattern.test(id)) {
    throw new RazorpayRequestError(404, 'not_found', `${what} '${String(id).slice(0, 60)}' was not found`, {
      status: 0,
      description: `not a ${what} id; not sent to Razorpay`,
    });
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new UpstreamError(
      'Razorpay',
      `unexpected ${what} shape`,
      { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      'provider_unexpected_response',
    );
  }
  return r.data;
}

/** Receipts are capped at 40 characters; a longer key is hashed so the lookup still works. */
function receiptForKey(key: string): string {
  return key.length <= RECEIPT_MAX
    ? key
    : `idem_${createHash('sha256')
        .update(key)
        .digest('hex')
        .slice(0, RECEIPT_MAX - 5)}`;
}

/**
 * The RazorpayPort over the official SDK.
 *
 * Razorpay's Orders API has no idempotency header, so an idempotency key is stored in the order's
 * notes and its receipt is used to find it again: a retry after a lost response finds the order
 * it already made instead of opening a second one. Two truly concurrent calls can still both
 * create; callers that must prevent that hold the mapping themselves (a conditional write).
 */
export function razorpayAdapter(client: Razorpay): RazorpayPort {
  async function findByIdempotencyKey(receipt: string, key: string): Promise<RazorpayOrder | undefined> {
    const raw = await razorpayCall(() => client.orders.all({ receipt, count: 100 }));
    const list = parse(RazorpayCollection(RazorpayOrderEntity), raw, 'order list');
    const hit = list.items.find((o) => o.receipt === receipt && o.notes[IDEMPOTENCY_NOTE] === key);
    return hit ? toRazorpayOrder(hit) : undefined;
  }

  return {
    async createOrder(input: CreateRazorpayOrderInput, idempotencyKey?: string) {
      const receipt = input.receipt ?? (idempotencyKey ? receiptForKey(idempotencyKey) : undefined);
      const notes: Record<string, string> = { ...input.notes };
      if (idempotencyKey) {
        notes[IDEMPOTENCY_NOTE] = idempotencyKey;
        const existing = await findByIdempotencyKey(receipt!, idempotencyKey);
        if (existing) {
          if (existing.amountPaise !== input.amountPaise || existing.currency !== input.currency) {
            throw new ConflictError(
              'This idempotency key already created a Razorpay order with another amount or currency',
              'idempotency_key_reused',
              {
                order_id: existing.id,
              },
            );
          }
          return existing;
        }
      }
      const raw = await razorpayCall(() =>
        client.orders.create({
          amount: input.amountPaise,
          currency: input.currency,
          ...(receipt !== undefined ? { receipt } : {}),
          ...(Object.keys(notes).length ? { notes } : {}),
        }),
      );
      return toRazorpayOrder(parse(RazorpayOrderEntity, raw, 'order'));
    },

    async fetchOrder(orderId: string) {
      checkId(orderId, ORDER_ID, 'Razorpay order');
      const raw = await razorpayCall(() => client.orders.fetch(orderId));
      return toRazorpayOrder(parse(RazorpayOrderEntity, raw, 'order'));
    },

    async fetchOrderPayments(orderId: string) {
      checkId(orderId, ORDER_ID, 'Razorpay order');
      const raw = await razorpayCall(() => client.orders.fetchPayments(orderId));
      return parse(RazorpayCollection(RazorpayPaymentEntity), raw, 'payment list').items.map(toRazorpayPayment);
    },

    async fetchPayment(paymentId: string) {
      checkId(paymentId, PAYMENT_ID, 'Razorpay payment');
      const raw = await razorpayCall(() => client.payments.fetch(paymentId));
      return toRazorpayPayment(parse(RazorpayPaymentEntity, raw, 'payment'));
    },

    async createPaymentLink(input: CreatePaymentLinkInput) {
      try {
        const raw = await razorpayCall(() =>
          client.paymentLink.create({
            amount: input.amountPaise,
            currency: input.currency,
            reference_id: input.referenceId,
            description: input.description,
            expire_by: input.expireBy,
            customer: input.customer ?? {},
            // Tollgate shows the link itself; Razorpay sends no SMS or email of its own.
            notify: { sms: false, email: false },
            reminder_enable: false,
            notes: input.notes,
          }),
        );
        return toRazorpayPaymentLink(parse(RazorpayPaymentLinkEntity, raw, 'payment link'));
      } catch (e) {
        // Razorpay keeps one link per reference_id: a retry after a lost answer finds the one it made.
        if (!(e instanceof RazorpayRequestError) || e.razorpay.field !== 'reference_id') throw e;
        const raw = await razorpayCall(() =>
          client.paymentLink.all({ reference_id: input.referenceId } as Parameters<typeof client.paymentLink.all>[0]),
        );
        const hit = parse(LinkList, raw, 'payment link list').payment_links.find(
          (l) => l.reference_id === input.referenceId,
        );
        if (!hit) throw e;
        if (hit.amount !== input.amountPaise || hit.currency !== input.currency)
          throw new ConflictError(
            `Razorpay already holds a Payment Link for reference ${input.referenceId} with another amount or currency`,
            'idempotency_key_reused',
            { payment_link_id: hit.id },
          );
        return toRazorpayPaymentLink(hit);
      }
    },

    async fetchPaymentLink(linkId: string) {
      checkId(linkId, LINK_ID, 'Razorpay payment link');
      const raw = await razorpayCall(() => client.paymentLink.fetch(linkId));
      return toRazorpayPaymentLink(parse(RazorpayPaymentLinkEntity, raw, 'payment link'));
    },

    async cancelPaymentLink(linkId: string) {
      checkId(linkId, LINK_ID, 'Razorpay payment link');
      const raw = await razorpayCall(() => client.paymentLink.cancel(linkId));
      return toRazorpayPaymentLink(parse(RazorpayPaymentLinkEntity, raw, 'payment link'));
    },
  };
}

/** Builds the SDK client and the port in one go. */
export function createRazorpayPort(opts: RazorpayClientOptions): RazorpayPort {
  return razorpayAdapter(createRazorpayClient(opts));
}
