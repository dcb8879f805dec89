import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { attentionRepository } from '#shared/adapters/dynamodb/repositories/attention';
import { customerLinkRepository } from '#shared/adapters/dynamodb/repositories/customer-links';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { manualPaymentRepository } from '#shared/adapters/dynamodb/repositories/manual-payments';
import { razorpayOrderRepository } from '#shared/adapters/dynamodb/repositories/razorpay-orders';
import { reconciliationRepository } from '#shared/adapters/dynamodb/repositories/reconciliation-runs';
import { settlementRepository } from '#shared/adapters/dynamodb/repositories/settlements';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { newRun } from '#shared/domain/reconciliation/report';
import { freshTable } from '../support/local';
import { subscriptionSnapshot } from '../support/snapshots';

const AT = '2026-11-20T10:00:00.000Z';

/**
 * Items as the billing, payment, inbox and reconciliation stores wrote them before items carried
 * a schema version (no `v`), read back through today's repositories; and what they write now.
 */
describe('billing and payment items', () => {
  let table: TableContext;
  const put = (Item: Record<string, unknown>) => table.doc.send(new PutCommand({ TableName: table.tableName, Item }));
  const raw = async (Key: Record<string, unknown>) =>
    (await table.doc.send(new GetCommand({ TableName: table.tableName, Key }))).Item;

  beforeAll(async () => {
    table = await freshTable('items');
  });

  it('reads items written without a schema version', async () => {
    // Prepare: the items exactly as the earlier stores wrote them.
    const sub = subscriptionSnapshot({ version: 1 });
    const grant = {
      grant_id: 'grt_pi_old',
      workspace_id: 'ws_old',
      feature: null,
      meter: 'ai_credits',
      quantity: '1000',
      expires_at: AT,
      reason: 'credit pack',
      created_at: AT,
    };
    const event = {
      id: 'evt_old:invoice.paid',
      type: 'invoice.paid',
      project_id: 'p_old',
      workspace_id: 'ws_old',
      occurred_at: AT,
      data: { invoice_id: 'in_old' },
    };
    const run = newRun('run_old', 'p_old', 'cli', false, AT);
    await Promise.all([
      put({ ...keys.subscription('p_old', 'ws_old'), entity: 'subscription', version: 1, snapshot: sub }),
      put({
        ...keys.grant('p_old', 'ws_old', 'grt_pi_old'),
        ...keys.grantIndex('p_old', 'grt_pi_old'),
        entity: 'grant',
        grant,
        purchase_version: 2,
        window_end: AT,
      }),
      put({
        ...keys.stripeCustomer('cus_old'),
        entity: 'stripe_customer',
        customer_id: 'cus_old',
        project_id: 'p_old',
        workspace_id: 'ws_old',
      }),
      put({ ...keys.workspaceEvent('p_old', 'ws_old', `${AT}#${event.id}`), entity: 'billing_event', event }),
      put({
        ...keys.settlement('in_old'),
        ...keys.settlementIndex('pending', AT, 'in_old'),
        entity: 'settlement',
        invoice_id: 'in_old',
        status: 'pending',
        source: 'razorpay',
        reference: 'pay_old',
        amount: 5000,
        currency: 'inr',
        project_id: 'p_old',
        workspace_id: 'ws_old',
        attempt: 1,
        created_at: AT,
        settled_at: null,
        last_error: null,
      }),
      put({
        ...keys.razorpayOrder('order_old'),
        ...keys.razorpayOpenOrderIndex(AT, 'order_old'),
        entity: 'razorpay_order',
        order_id: 'order_old',
        invoice_id: 'in_old',
        project_id: 'p_old',
        workspace_id: 'ws_old',
        amount: 5000,
        currency: 'inr',
        status: 'open',
        payment_id: null,
        created_at: AT,
        closed_at: null,
      }),
      put({
        ...keys.invoiceRazorpayOrder('in_old'),
        entity: 'invoice_razorpay_order',
        invoice_id: 'in_old',
        order_id: 'order_old',
        amount: 5000,
        currency: 'inr',
      }),
      put({
        ...keys.paymentReference('p_old', 'manual', 'UTR#OLD'),
        entity: 'payment_reference',
        project_id: 'p_old',
        invoice_id: 'in_old',
        payment_id: 'mpay_old',
        recorded_at: AT,
      }),
      put({
        ...keys.invoicePayment('in_old', 'mpay_old'),
        entity: 'manual_payment',
        payment_id: 'mpay_old',
        invoice_id: 'in_old',
        project_id: 'p_old',
        workspace_id: 'ws_old',
        gateway: 'manual',
        reference: 'UTR#OLD',
        method: 'neft',
        amount: 2000,
        currency: 'inr',
        paid_at: AT,
        note: null,
        allow_partial: true,
        recorded_at: AT,
        origin: 'api',
        result: null,
      }),
      put({
        ...keys.paymentLedger('in_old'),
        entity: 'payment_ledger',
        invoice_id: 'in_old',
        currency: 'inr',
        target: 5000,
        recorded: 2000,
        payments: 1,
      }),
      put({
        ...keys.attention('att_old'),
        ...keys.attentionIndex('p_old', AT, 'att_old'),
        entity: 'payment_attention',
        attention_id: 'att_old',
        reason: 'amount_mismatch',
        message: 'short',
        project_id: 'p_old',
        workspace_id: 'ws_old',
        invoice_id: 'in_old',
        source: 'razorpay',
        reference: 'pay_old',
        amount: 10,
        currency: 'inr',
        details: { order_id: 'order_old' },
        status: 'open',
        occurrences: 1,
        created_at: AT,
        last_seen_at: AT,
      }),
      put({
        ...keys.inbox('stripe', 'evt_old'),
        ...keys.inboxIndex('stripe', AT, 'evt_old'),
        entity: 'webhook_event',
        provider: 'stripe',
        event_id: 'evt_old',
        type: 'invoice.paid',
        created: AT,
        object_id: 'in_old',
        status: 'received',
        attempts: 0,
        received_at: AT,
        payload: '{"id":"evt_old"}',
      }),
      put({
        ...keys.reconcileRun('run_old'),
        ...keys.reconcileRunIndex('p_old', AT, 'run_old'),
        entity: 'reconcile_run',
        run,
        expires_at: 1,
      }),
    ]);
    // Act
    const manual = manualPaymentRepository(table);
    const read = {
      subscription: await subscriptionRepository(table).getSubscription('p_old', 'ws_old'),
      purchase: await grantRepository(table).getPurchaseGrant('p_old', 'ws_old', 'grt_pi_old'),
      grant: await grantRepository(table).findGrant('p_old', 'grt_pi_old'),
      link: await customerLinkRepository(table).findCustomer('cus_old'),
      history: (await historyRepository(table).list('p_old', 'ws_old', { limit: 10 })).events,
      settlement: await settlementRepository(table).getSettlement('in_old'),
      order: await razorpayOrderRepository(table).getOrder('order_old'),
      invoiceOrder: await razorpayOrderRepository(table).getInvoiceOrder('in_old'),
      payment: await manual.findPaymentByReference('p_old', 'manual', 'UTR#OLD'),
      ledger: await manual.getLedger('in_old'),
      attention: await attentionRepository(table).getAttention('att_old'),
      inbox: await inboxRepository(table).get('stripe', 'evt_old'),
      run: await reconciliationRepository(table).getRun('run_old'),
    };
    // Assess
    expect(read.subscription).toEqual(sub);
    expect(read.purchase).toEqual({ grant, version: 2, windowEnd: AT });
    expect(read.grant).toEqual(grant);
    expect(read.link).toEqual({ customerId: 'cus_old', projectId: 'p_old', workspaceId: 'ws_old' });
    expect(read.history).toEqual([event]);
    expect(read.settlement).toEqual({
      invoiceId: 'in_old',
      status: 'pending',
      source: 'razorpay',
      reference: 'pay_old',
      amount: 5000,
      currency: 'inr',
      projectId: 'p_old',
      workspaceId: 'ws_old',
      attempt: 1,
      createdAt: AT,
      settledAt: null,
      lastError: null,
    });
    expect(read.order).toEqual({
      orderId: 'order_old',
      invoiceId: 'in_old',
      projectId: 'p_old',
      workspaceId: 'ws_old',
      amount: 5000,
      currency: 'inr',
      status: 'open',
      paymentId: null,
      createdAt: AT,
      closedAt: null,
    });
    expect(read.invoiceOrder).toEqual({ orderId: 'order_old', amount: 5000, currency: 'inr' });
    expect(read.payment).toMatchObject({
      paymentId: 'mpay_old',
      reference: 'UTR#OLD',
      allowPartial: true,
      note: null,
      result: null,
    });
    expect(read.ledger).toEqual({ invoiceId: 'in_old', currency: 'inr', target: 5000, recorded: 2000, payments: 1 });
    expect(read.attention).toMatchObject({
      id: 'att_old',
      details: { order_id: 'order_old' },
      status: 'open',
      occurrences: 1,
    });
    expect(read.inbox).toMatchObject({
      eventId: 'evt_old',
      objectId: 'in_old',
      projectId: null,
      lastError: null,
      processedAt: null,
      payload: '{"id":"evt_old"}',
    });
    expect(read.run).toEqual(run);
  });

  it('writes each item with its entity and schema version', async () => {
    // Act
    await settlementRepository(table).claimSettlement({
      invoiceId: 'in_new',
      source: 'manual',
      reference: 'manual:UTR1',
      amount: 100,
      currency: 'inr',
      projectId: 'p_new',
      workspaceId: 'ws_new',
      createdAt: AT,
    });
    await subscriptionRepository(table).putSubscriptionIfNewer('p_new', 'ws_new', subscriptionSnapshot({ version: 5 }));
    await inboxRepository(table).putIfNew({
      provider: 'razorpay',
      eventId: 'rzp_new',
      type: 'payment.captured',
      created: AT,
      objectId: null,
      projectId: null,
      workspaceId: null,
      receivedAt: AT,
      payload: '{}',
    });
    // Assess
    expect(await raw(keys.settlement('in_new'))).toMatchObject({
      entity: 'settlement',
      v: 1,
      GSI1PK: 'SETTLEMENTS#pending',
    });
    expect(await raw(keys.subscription('p_new', 'ws_new'))).toMatchObject({ entity: 'subscription', v: 1, version: 5 });
    expect(await raw(keys.inbox('razorpay', 'rzp_new'))).toMatchObject({
      entity: 'webhook_event',
      v: 1,
      status: 'received',
      attempts: 0,
      payload: '{}',
    });
  });
});
