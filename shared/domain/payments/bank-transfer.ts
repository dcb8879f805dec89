import type Stripe from 'stripe';
import type { BankDetails, ProjectSettingsStore } from '#shared/domain/settings/ports';
import { readSettings } from '#shared/domain/settings/project-settings';

/**
 * Bank-transfer invoices. A subscription that is sent its invoices (`send_invoice`) in rupees is
 * paid by NEFT, RTGS or IMPS into the project's bank account; Stripe prints the account on every
 * invoice the subscription generates, from the subscription's `invoice_settings`. Stripe lets an
 * invoice's custom fields change only while it is a draft, and a subscription's first invoice is
 * finalized as the subscription is created, so what every invoice prints is fixed per
 * subscription: the account, and the instruction to quote the invoice number. The invoice number
 * is the reference to quote: Stripe gives each finalized invoice its own, prints it on the
 * invoice, and it is a valid manual-payment reference, so a transfer quoting it is matched to one
 * invoice.
 */

/** The labels Tollgate prints (Stripe: at most 4 custom fields, names of at most 40 characters). */
export const BANK_FIELDS = {
  account_name: 'Account name',
  account_number: 'Account number',
  ifsc: 'IFSC',
  reference: 'Payment reference',
} as const;

export const QUOTE_INVOICE_NUMBER = 'Quote the invoice number';

/** NEFT, RTGS and IMPS move rupees only: an invoice in another currency is not paid this way. */
export const BANK_TRANSFER_CURRENCY = 'inr';

export function paidByBankTransfer(collectionMethod: string, currency: string): boolean {
  return collectionMethod === 'send_invoice' && currency.toLowerCase() === BANK_TRANSFER_CURRENCY;
}

export interface PrintedBankDetails {
  custom_fields: { name: string; value: string }[];
  footer: string;
}

/**
 * What a bank-transfer subscription's invoices print. The settings route keeps every value within
 * Stripe's limits (values of at most 140 characters, a footer of at most 5000).
 */
export function bankTransferPrinting(bank: BankDetails): PrintedBankDetails {
  const bankName = bank.bank_name ? ` (${bank.bank_name})` : '';
  return {
    custom_fields: [
      { name: BANK_FIELDS.account_name, value: bank.account_name },
      { name: BANK_FIELDS.account_number, value: bank.account_number },
      { name: BANK_FIELDS.ifsc, value: bank.ifsc },
      { name: BANK_FIELDS.reference, value: QUOTE_INVOICE_NUMBER },
    ],
    footer:
      `Pay by bank transfer (NEFT, RTGS or IMPS) to ${bank.account_name}, account ${bank.account_number}, ` +
      `IFSC ${bank.ifsc}${bankName}. Quote the invoice number as the payment reference, so that your ` +
      'transfer is matched to this invoice.',
  };
}

/** The invoice settings a new subscription gets: the project's bank details when it is paid by bank transfer. */
export async function subscriptionPrinting(
  ports: { settings?: Pick<ProjectSettingsStore, 'get'> },
  projectId: string,
  collectionMethod: string,
  currency: string,
): Promise<PrintedBankDetails | undefined> {
  if (!ports.settings || !paidByBankTransfer(collectionMethod, currency)) return undefined;
  const bank = (await readSettings({ settings: ports.settings }, projectId)).bank_details;
  return bank ? bankTransferPrinting(bank) : undefined;
}

export interface BankTransfer {
  account_name: string;
  account_number: string;
  ifsc: string;
  /** The invoice number; null while the invoice is a draft (Stripe numbers it when it finalizes it). */
  reference: string | null;
}

/**
 * The bank details an invoice carries, read from the invoice itself (what the customer was sent);
 * null for an invoice that is not paid by bank transfer or carries none.
 */
export function bankTransferOf(inv: Stripe.Invoice): BankTransfer | null {
  if (!paidByBankTransfer(inv.collection_method, inv.currency)) return null;
  const printed = new Map((inv.custom_fields ?? []).map((f) => [f.name, f.value]));
  const account_name = printed.get(BANK_FIELDS.account_name);
  const account_number = printed.get(BANK_FIELDS.account_number);
  const ifsc = printed.get(BANK_FIELDS.ifsc);
  if (!account_name || !account_number || !ifsc) return null;
  return { account_name, account_number, ifsc, reference: inv.number ?? null };
}
