import { attentionId, flagAttention } from '#shared/domain/payments/attention';
import { invoiceCustomerId } from '#shared/domain/payments/invoices';
import { applyRazorpayPayment } from '#shared/domain/payments/razorpay-payments';
import { settleInvoice } from '#shared/domain/payments/settlement';
import type { DriftOptions } from './drift';
import type { DriftPorts } from './ports';
import { type RunLog, stripePages, tablePages } from './run-log';

/** Settlements claimed but never finished: carried to the end (or flagged) as the invoice now allows. */
export async function checkSettlements(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  const grace = opts.settleGraceMs ?? 60_000;
  log.begin('settlements');
  for await (const s of tablePages((cursor) => ports.settlements.listSettlements('pending', { limit: 100, cursor }))) {
    log.tick();
    if (opts.projectId && s.projectId !== opts.projectId) continue;
    if (ports.clock().getTime() - Date.parse(s.createdAt) < grace) continue;
    const ref = { projectId: s.projectId, workspaceId: s.workspaceId };
    log.checked(s.projectId);
    if (opts.dryRun) {
      log.drift(
        'settlement_unfinished',
        s.invoiceId,
        ref,
        `claimed by ${s.source} ${s.reference} at ${s.createdAt}, never finished`,
        false,
      );
      continue;
    }
    const invoice = await stripe.invoices.retrieve(s.invoiceId);
    const r = await settleInvoice(ports, {
      invoiceId: s.invoiceId,
      source: s.source,
      reference: s.reference,
      amount: s.amount,
      currency: s.currency,
      expected: ref,
      raisedBy: 'drift',
    });
    if (r.outcome === 'attention')
      await ports.settlements.markSettlementFailed(s.invoiceId, s.attempt, r.attention.message);
    log.drift(
      'settlement_unfinished',
      s.invoiceId,
      ref,
      `claimed by ${s.source} ${s.reference} at ${s.createdAt}; the invoice was ${invoice.status}`,
      r.outcome === 'settled',
      r.outcome === 'attention' ? r.attention : undefined,
    );
  }
  log.end();
}

/** Stripe's invoices against the table's settlements and recorded payments. */
export async function checkInvoices(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  const stripe = await ports.stripe();
  const since = Math.floor(ports.clock().getTime() / 1000) - (opts.lookbackDays ?? 35) * 86_400;
  log.begin('invoices');
  const scan = async (status: 'paid' | 'open') => {
    const pages = stripePages((after) =>
      // amount_paid_off_stripe is expand-only: Stripe omits it unless asked for.
      stripe.invoices.list({
        status,
        limit: 100,
        expand: ['data.amount_paid_off_stripe'],
        ...(status === 'paid' ? { created: { gte: since } } : {}),
        ...(after ? { starting_after: after } : {}),
      }),
    );
    for await (const inv of pages) {
      log.tick();
      const customer = invoiceCustomerId(inv);
      const link = customer ? await ports.customers.findCustomer(customer) : undefined;
      if (!link || (opts.projectId && link.projectId !== opts.projectId)) continue;
      const ref = { projectId: link.projectId, workspaceId: link.workspaceId };
      log.checked(ref.projectId);
      const settlement = await ports.settlements.getSettlement(inv.id);
      // A disagreement finance looked at and resolved is not reported again every hour.
      const resolved = async (reason: 'paid_out_of_band_unrecorded' | 'settled_but_not_paid') =>
        (
          await ports.attention.getAttention(
            attentionId({ reason, source: 'drift', reference: inv.id, invoiceId: inv.id }),
          )
        )?.status === 'resolved';
      if (status === 'paid') {
        if ((inv.amount_paid_off_stripe ?? 0) > 0 && !settlement && !(await resolved('paid_out_of_band_unrecorded'))) {
          const attention = opts.dryRun
            ? undefined
            : await flagAttention(ports, {
                reason: 'paid_out_of_band_unrecorded',
                message: `Invoice ${inv.id} is paid out of band at Stripe (${inv.amount_paid_off_stripe} ${inv.currency.toUpperCase()}) but Tollgate recorded no payment for it`,
                source: 'drift',
                reference: inv.id,
                invoiceId: inv.id,
                ...ref,
                amount: inv.amount_paid_off_stripe ?? null,
                currency: inv.currency,
              });
          log.drift(
            'paid_out_of_band_unrecorded',
            inv.id,
            ref,
            'paid out of band at Stripe, no recorded payment',
            false,
            attention,
          );
        }
        continue;
      }
      if (settlement?.status === 'settled') {
        if (await resolved('settled_but_not_paid')) continue;
        const attention = opts.dryRun
          ? undefined
          : await flagAttention(ports, {
              reason: 'settled_but_not_paid',
              message: `Tollgate settled invoice ${inv.id} with ${settlement.source} ${settlement.reference}, yet Stripe shows it open`,
              source: 'drift',
              reference: inv.id,
              invoiceId: inv.id,
              ...ref,
              amount: settlement.amount,
              currency: settlement.currency,
            });
        log.drift(
          'settled_but_open',
          inv.id,
          ref,
          `settled by ${settlement.reference} in the table, open at Stripe`,
          false,
          attention,
        );
        continue;
      }
      const ledger = await ports.manualPayments.getLedger(inv.id);
      if (!ledger || ledger.recorded < ledger.target || settlement?.status === 'pending') continue;
      if (opts.dryRun) {
        log.drift(
          'payments_unsettled',
          inv.id,
          ref,
          `recorded payments total ${ledger.recorded} of ${ledger.target}; invoice still open`,
          false,
        );
        continue;
      }
      const last = (await ports.manualPayments.listInvoicePayments(inv.id))
        .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))
        .pop()!;
      const r = await settleInvoice(ports, {
        invoiceId: inv.id,
        source: 'manual',
        reference: `${last.gateway}:${last.reference}`,
        amount: ledger.recorded,
        currency: ledger.currency,
        expected: ref,
        raisedBy: 'drift',
      });
      log.drift(
        'payments_unsettled',
        inv.id,
        ref,
        `recorded payments total ${ledger.recorded} of ${ledger.target}; invoice still open`,
        r.outcome === 'settled',
        r.outcome === 'attention' ? r.attention : undefined,
      );
    }
  };
  await scan('paid');
  await scan('open');
  log.end();
}

/** Open Razorpay orders: a payment Razorpay captured whose webhook never came is applied now. */
export async function checkRazorpayOrders(ports: DriftPorts, log: RunLog, opts: DriftOptions) {
  log.begin('razorpay_orders');
  const razorpay = await ports.razorpay();
  const stripe = await ports.stripe();
  for await (const order of tablePages((cursor) => ports.razorpayOrders.listOpenOrders({ limit: 100, cursor }))) {
    log.tick();
    if (opts.projectId && order.projectId !== opts.projectId) continue;
    const ref = { projectId: order.projectId, workspaceId: order.workspaceId };
    log.checked(order.projectId);
    const captured = (await razorpay.fetchOrderPayments(order.orderId)).filter((p) => p.status === 'captured');
    for (const payment of captured) {
      const detail = `payment ${payment.id} of ${payment.amountPaise} ${payment.currency} captured at Razorpay; no webhook processed`;
      if (opts.dryRun) {
        log.drift('razorpay_payment_unseen', order.orderId, ref, detail, false);
        continue;
      }
      const r = await applyRazorpayPayment(ports, payment, 'drift');
      log.drift(
        'razorpay_payment_unseen',
        order.orderId,
        ref,
        detail,
        r.outcome !== 'attention',
        r.outcome === 'attention' ? r.attention : undefined,
      );
    }
    // An order nobody paid whose invoice is settled some other way will never be paid: stop
    // asking Razorpay about it (a late payment still arrives by webhook and is flagged).
    if (!captured.length && !opts.dryRun && ports.clock().getTime() - Date.parse(order.createdAt) > 86_400_000) {
      const inv = await stripe.invoices.retrieve(order.invoiceId).catch(() => undefined);
      if (inv && inv.status !== 'open')
        await ports.razorpayOrders.closeOrder(order.orderId, 'superseded', null, ports.clock().toISOString());
    }
  }
  log.end();
}
