import { config } from '#shared/config';
import type { BillingPagePorts } from '#shared/domain/billing-page/view';
import { creditBuckets } from '#shared/domain/credits/balance';
import { createInvoicePaymentLink } from '#shared/domain/payments/razorpay-links';
import { syncPorts } from './billing';
import { catalogSource } from './catalog';
import { creditPorts } from './credits';
import { lazy } from './lazy';
import { paymentPorts } from './payments';

export { pageLinkPorts } from './page-links';

import { streamPorts } from './outbound';
import { usageReadPorts } from './read';

/*
 * The billing page: links signed with a key derived from the service's cursor secret (one secret
 * to provision and rotate; rotating it ends the links in flight, which live an hour by default),
 * the reads and Stripe calls the page makes, Razorpay Payment Links for INR invoices (when
 * Razorpay is configured), and the event feed behind its live updates.
 */

export const billingPagePorts = lazy(
  (): BillingPagePorts => ({
    sync: syncPorts(),
    usage: usageReadPorts(),
    catalog: catalogSource(),
    credits: { balance: (projectId, workspaceId) => creditBuckets(creditPorts(), projectId, workspaceId) },
    ...(config().RAZORPAY_KEY_ID
      ? {
          razorpay: {
            paymentLink: (projectId, workspaceId, invoiceId) =>
              createInvoicePaymentLink(paymentPorts(), projectId, invoiceId, { workspaceId }),
          },
        }
      : {}),
  }),
);

export const pageEventPorts = streamPorts;
