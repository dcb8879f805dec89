import { randomBytes } from 'node:crypto';
import type { PaymentLinks } from 'razorpay/dist/types/paymentLink';
import { bool, customerOf, LINK_FIELDS, notifyOf } from './link-input';
import type { EmulatorOrder, EmulatorPayment, RazorpayStore } from './store';
import {
  badRequest,
  CURRENCIES,
  checkNotes,
  integerAmount,
  MAX_AMOUNT,
  MIN_AMOUNT,
  type Notes,
  notExist,
} from './validate';

/**
 * Standard Payment Links (`/v1/payment_links`) as Razorpay documents them: a link for an amount in
 * the currency's smallest unit, an optional `reference_id` unique across the account (at most 40
 * characters), an expiry at least 15 minutes and at most six months ahead, statuses `created` →
 * `partially_paid` → `paid`, or `cancelled` / `expired`. Paying one (on its hosted page) makes an
 * order carrying the link's notes and `reference_id` as its receipt, and a payment described as
 * `#<link id without plink_>`, as Razorpay's own do.
 */

export interface LinkPaymentEntry
  extends Pick<PaymentLinks.RazorpayPaymentBaseRequestBody, 'payment_id' | 'plink_id' | 'status' | 'updated_at'> {
  amount: number;
  created_at: number;
  method: string;
}

export interface EmulatorPaymentLink
  extends Pick<
    PaymentLinks.RazorpayPaymentLink,
    'id' | 'amount_paid' | 'cancelled_at' | 'expired_at' | 'short_url' | 'status' | 'updated_at' | 'user_id'
  > {
  amount: number;
  currency: string;
  accept_partial: boolean;
  first_min_partial_amount: number;
  description: string;
  customer: { name?: string; email?: string; contact?: string };
  /** Unix seconds; 0 when none was given (Razorpay then keeps the link six months). */
  expire_by: number;
  notify: { sms: boolean; email: boolean; whatsapp: boolean };
  reminder_enable: boolean;
  reminders: [] | { status: string };
  notes: Notes | null;
  callback_url: string;
  callback_method: string;
  reference_id: string;
  upi_link: boolean;
  created_at: number;
  /** The order its payments were made on; present from the first payment. */
  order_id?: string;
  /** Null until the first payment. */
  payments: LinkPaymentEntry[] | null;
}

export interface LinkPayOptions {
  /** Defaults to what is still due. */
  amount?: number;
  method?: string;
  email?: string;
  contact?: string;
}

export interface LinksSnapshot {
  links: { link: EmulatorPaymentLink; code: string }[];
}

const REFERENCE_MAX = 40;
const DESCRIPTION_MAX = 2048;
const MIN_EXPIRY_S = 15 * 60;
const MAX_EXPIRY_S = 180 * 86_400;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const code = () => [...randomBytes(9)].map((b) => BASE62[b % 62]).join('');
const clone = <T>(v: T): T => structuredClone(v);

export class PaymentLinkBook {
  private readonly links = new Map<string, EmulatorPaymentLink>();
  private readonly codes = new Map<string, string>();

  constructor(
    private readonly store: RazorpayStore,
    private readonly now: () => number,
    private readonly onChange: () => void,
    /** The emulator's origin: short URLs point at its hosted pages. */
    private readonly origin: () => string,
  ) {}

  private seconds = () => Math.floor(this.now() / 1000);

  create(body: unknown): EmulatorPaymentLink {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badRequest('The request body must be a JSON object.');
    const b = body as Record<string, unknown>;
    for (const key of Object.keys(b))
      if (!LINK_FIELDS.has(key)) throw badRequest(`${key} is/are not required and should not be sent`, key);
    const amount = integerAmount(b.amount, 'amount');
    if (amount < MIN_AMOUNT) throw badRequest(`The amount must be at least ${MIN_AMOUNT}.`, 'amount');
    if (amount > MAX_AMOUNT) throw badRequest('The amount exceeds the maximum amount allowed.', 'amount');
    const currency = b.currency === undefined ? 'INR' : b.currency;
    if (typeof currency !== 'string' || !CURRENCIES.has(currency))
      throw badRequest('The selected currency is invalid.', 'currency');
    const upi = bool(b.upi_link, 'upi_link');
    const partial = bool(b.accept_partial, 'accept_partial');
    if (upi && currency !== 'INR') throw badRequest('UPI Payment Links accept INR only.', 'currency');
    if (upi && partial) throw badRequest('Partial payments are not allowed with UPI Payment Links.', 'accept_partial');
    let firstMin = 0;
    if (b.first_min_partial_amount !== undefined) {
      if (!partial)
        throw badRequest(
          'first_min_partial_amount is allowed only when accept_partial is true.',
          'first_min_partial_amount',
        );
      firstMin = integerAmount(b.first_min_partial_amount, 'first_min_partial_amount');
      if (firstMin < MIN_AMOUNT || firstMin > amount)
        throw badRequest(
          `The first_min_partial_amount must be between ${MIN_AMOUNT} and the amount.`,
          'first_min_partial_amount',
        );
    }
    const description = b.description ?? '';
    if (typeof description !== 'string' || description.length > DESCRIPTION_MAX)
      throw badRequest(`The description may not be greater than ${DESCRIPTION_MAX} characters.`, 'description');
    const reference = b.reference_id ?? '';
    if (typeof reference !== 'string' || reference.length > REFERENCE_MAX)
      throw badRequest(`The reference id may not be greater than ${REFERENCE_MAX} characters.`, 'reference_id');
    if (reference && [...this.links.values()].some((l) => l.reference_id === reference))
      throw badRequest(`Payment Link with reference id ${reference} already exists.`, 'reference_id');
    const created = this.seconds();
    let expireBy = 0;
    if (b.expire_by !== undefined) {
      expireBy = integerAmount(b.expire_by, 'expire_by');
      if (expireBy < created + MIN_EXPIRY_S)
        throw badRequest('expire_by: timestamp must be atleast 15 minutes in future', 'expire_by');
      if (expireBy > created + MAX_EXPIRY_S)
        throw badRequest('expire_by: timestamp cannot be more than six months from now', 'expire_by');
    }
    const callbackUrl = b.callback_url ?? '';
    const callbackMethod = b.callback_method ?? '';
    if (typeof callbackUrl !== 'string' || (callbackUrl && !/^https?:\/\/\S+$/.test(callbackUrl)))
      throw badRequest('The callback url format is invalid.', 'callback_url');
    if (callbackUrl && callbackMethod !== 'get')
      throw badRequest('The callback_method must be get when callback_url is sent.', 'callback_method');
    if (!callbackUrl && callbackMethod)
      throw badRequest('The callback_method is allowed only with a callback_url.', 'callback_method');
    const notes = checkNotes(b.notes);
    const link: EmulatorPaymentLink = {
      id: `plink_${code()}${code().slice(0, 5)}`,
      amount,
      amount_paid: 0,
      currency,
      accept_partial: partial,
      first_min_partial_amount: firstMin,
      description,
      customer: customerOf(b.customer),
      expire_by: expireBy,
      expired_at: 0,
      cancelled_at: 0,
      notify: notifyOf(b.notify),
      reminder_enable: bool(b.reminder_enable, 'reminder_enable'),
      reminders: [],
      notes: Array.isArray(notes) ? null : notes,
      callback_url: callbackUrl,
      callback_method: callbackMethod as string,
      reference_id: reference,
      upi_link: upi,
      short_url: '',
      status: 'created',
      payments: null,
      user_id: '',
      created_at: created,
      updated_at: created,
    };
    const c = code();
    link.short_url = `${this.origin()}/i/${c}`;
    this.links.set(link.id, link);
    this.codes.set(c, link.id);
    this.onChange();
    return clone(link);
  }

  get(id: string): EmulatorPaymentLink {
    const l = this.links.get(id);
    if (!l) throw notExist();
    return clone(l);
  }

  byCode(c: string): EmulatorPaymentLink | undefined {
    const id = this.codes.get(c);
    return id ? this.get(id) : undefined;
  }

  /** Newest first; `payment_id` and `reference_id` filter as Razorpay's list does. */
  list(q: { payment_id?: string; reference_id?: string; count?: number; skip?: number }): EmulatorPaymentLink[] {
    const skip = q.skip ?? 0;
    return [...this.links.values()]
      .filter((l) => q.reference_id === undefined || l.reference_id === q.reference_id)
      .filter((l) => q.payment_id === undefined || (l.payments ?? []).some((p) => p.payment_id === q.payment_id))
      .reverse()
      .slice(skip, skip + (q.count ?? 10))
      .map(clone);
  }

  cancel(id: string): EmulatorPaymentLink {
    const l = this.links.get(id);
    if (!l) throw notExist();
    if (l.status !== 'created' && l.status !== 'partially_paid')
      throw badRequest(`Payment Link cannot be cancelled as it is already ${l.status}.`, 'id');
    l.status = 'cancelled';
    l.cancelled_at = l.updated_at = this.seconds();
    this.onChange();
    return clone(l);
  }

  /** Links whose time ran out while unpaid become `expired`; returns those that just did. */
  expireDue(): EmulatorPaymentLink[] {
    const now = this.seconds();
    const due = [...this.links.values()].filter(
      (l) =>
        (l.status === 'created' || l.status === 'partially_paid') &&
        now >= (l.expire_by || l.created_at + MAX_EXPIRY_S),
    );
    for (const l of due) {
      l.status = 'expired';
      l.expired_at = l.updated_at = now;
    }
    if (due.length) this.onChange();
    return due.map(clone);
  }

  /** A customer pays on the hosted page: an order for the link (made at the first payment) and a captured payment. */
  pay(
    id: string,
    opts: LinkPayOptions = {},
  ): { link: EmulatorPaymentLink; order: EmulatorOrder; payment: EmulatorPayment } {
    const l = this.links.get(id);
    if (!l) throw notExist();
    if (l.status === 'expired') throw badRequest('Payment Link has expired.', 'id');
    if (l.status === 'cancelled') throw badRequest('Payment Link has been cancelled.', 'id');
    if (l.status === 'paid') throw badRequest('Payment Link has already been paid.', 'id');
    const due = l.amount - l.amount_paid;
    const amount = opts.amount === undefined ? due : integerAmount(opts.amount, 'amount');
    if (amount > due) throw badRequest('The amount may not be greater than the amount due.', 'amount');
    if (amount < due && !l.accept_partial) throw badRequest('Partial payments are not allowed on this link.', 'amount');
    if (amount < due && l.amount_paid === 0 && amount < (l.first_min_partial_amount || MIN_AMOUNT))
      throw badRequest('The amount is less than the minimum first partial amount.', 'amount');
    if (amount < 1) throw badRequest('The amount must be at least 1.', 'amount');
    if (!l.order_id) {
      const order = this.store.createOrder({
        amount: l.amount,
        currency: l.currency,
        ...(l.reference_id ? { receipt: l.reference_id } : {}),
        ...(l.notes ? { notes: l.notes } : {}),
        ...(l.accept_partial ? { partial_payment: true } : {}),
      });
      l.order_id = order.id;
    }
    const { payment, order } = this.store.pay(l.order_id, {
      amount,
      method: opts.method,
      email: opts.email,
      contact: opts.contact,
      description: `#${l.id.slice('plink_'.length)}`,
    });
    l.amount_paid += amount;
    l.status = l.amount_paid >= l.amount ? 'paid' : 'partially_paid';
    l.updated_at = payment.created_at;
    (l.payments ??= []).push({
      amount,
      created_at: payment.created_at,
      method: payment.method,
      payment_id: payment.id,
      plink_id: l.id,
      status: 'captured',
      updated_at: payment.created_at,
    });
    this.onChange();
    return { link: clone(l), order, payment };
  }

  all(): EmulatorPaymentLink[] {
    return [...this.links.values()].map(clone);
  }

  snapshot(): LinksSnapshot {
    const codeOf = new Map([...this.codes].map(([c, id]) => [id, c]));
    return { links: [...this.links.values()].map((link) => ({ link: clone(link), code: codeOf.get(link.id)! })) };
  }

  restore(snap: LinksSnapshot | undefined): void {
    this.links.clear();
    this.codes.clear();
    for (const { link, code: c } of snap?.links ?? []) {
      this.links.set(link.id, clone(link));
      this.codes.set(c, link.id);
    }
  }

  reset(): void {
    this.links.clear();
    this.codes.clear();
    this.onChange();
  }
}
