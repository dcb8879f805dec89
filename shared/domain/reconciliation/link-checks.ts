import { applyRazorpayLinkPayment } from '#shared/domain/payments/razorpay-payments';
import type { DriftOptions } from './drift';
import type { DriftPorts } from './ports';
import { type RunLog, tablePages } from './run-log';

/**
 * Open Payment Links: a link Razorpay shows paid whose webhook never came is applied now, as
 * `payment_link.paid` would have; one Razorpay expired or cancelled is no longer handed out.
 */
export async function checkRazorpayLinks(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  log.begin('razorpay_links');
  const razorpay = await ports.razorpay();
  for await (const record of tablePages((cursor) => ports.razorpayLinks.listOpenLinks({ limit: 100, cursor }))) {
    log.tick();
    if (opts.projectId && record.projectId !== opts.projectId) continue;
    const ref = { projectId: record.projectId, workspaceId: record.workspaceId };
    log.checked(record.projectId);
    const link = await razorpay.fetchPaymentLink(record.linkId);
    if (link.status === 'expired' || link.status === 'cancelled') {
      if (!opts.dryRun)
        await ports.razorpayLinks.closeLink(
          record.linkId,
          link.status === 'expired' ? 'expired' : 'superseded',
          null,
          ports.clock().toISOString(),
        );
      continue;
    }
    for (const p of link.payments.filter((x) => x.status === 'captured')) {
      const detail = `payment ${p.paymentId} of ${p.amountPaise} ${link.currency} captured on Payment Link ${link.id}; no webhook processed`;
      if (opts.dryRun) {
        log.drift('razorpay_link_payment_unseen', record.linkId, ref, detail, false);
        continue;
      }
      const payment = await razorpay.fetchPayment(p.paymentId);
      const r = await applyRazorpayLinkPayment(ports, link, payment, 'drift');
      log.drift(
        'razorpay_link_payment_unseen',
        record.linkId,
        ref,
        detail,
        r.outcome !== 'attention',
        r.outcome === 'attention' ? r.attention : undefined,
      );
    }
  }
  log.end();
}
