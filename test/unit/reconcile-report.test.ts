import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { subscriptionDrift } from '#shared/domain/reconciliation/drift';
import { newRun, toRunDto } from '#shared/domain/reconciliation/report';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { subscriptionSnapshot } from '../support/snapshots';

const snapshot = (over: Partial<SubscriptionSnapshot> = {}) =>
  subscriptionSnapshot({ currency: 'inr', collection_method: 'send_invoice', ...over });

const stripeSub = (
  over: Partial<Stripe.Subscription> = {},
  item: { price?: string; quantity?: number; end?: string } = {},
) =>
  ({
    id: 'sub_1',
    status: 'active',
    cancel_at_period_end: false,
    items: {
      data: [
        {
          price: { id: item.price ?? 'price_pro' },
          quantity: item.quantity ?? 1,
          current_period_end: Date.parse(item.end ?? '2026-12-01T00:00:00Z') / 1000,
        },
      ],
    },
    ...over,
  }) as unknown as Stripe.Subscription;

describe('subscription drift', () => {
  it('finds nothing when the table matches Stripe', () => {
    expect(subscriptionDrift(stripeSub(), snapshot())).toEqual([]);
  });

  it('names each way the table can be behind', () => {
    // Act
    const kinds = subscriptionDrift(
      stripeSub({ status: 'canceled', cancel_at_period_end: true }, { price: 'price_ent', quantity: 3 }),
      snapshot(),
    ).map((d) => d.kind);
    // Assess
    expect(kinds).toEqual(['subscription_status', 'subscription_plan', 'subscription_period']);
  });

  it('reports a live subscription the table does not know, but not an ended one', () => {
    expect(subscriptionDrift(stripeSub(), undefined).map((d) => d.kind)).toEqual(['subscription_missing']);
    expect(subscriptionDrift(stripeSub({ status: 'canceled' }), undefined)).toEqual([]);
    expect(subscriptionDrift(stripeSub({ id: 'sub_2' }), snapshot({ status: 'active' }))).toEqual([]);
  });
});

describe('run report views', () => {
  it('shows a project only its own share of a run over every project', () => {
    // Prepare
    const run = newRun('run_1', '*', 'schedule', false, '2026-11-21T00:00:00.000Z');
    run.checked = {
      subscriptions: 3,
      customers: 0,
      settlements: 0,
      invoices: 0,
      razorpay_orders: 0,
      razorpay_links: 0,
      webhooks: 0,
    };
    run.checked_by_project = { a: { subscriptions: 2 }, b: { subscriptions: 1 } };
    run.drifts = [
      {
        kind: 'subscription_status',
        subject: 'sub_a',
        project_id: 'a',
        workspace_id: 'wa',
        detail: '',
        fixed: true,
        attention_id: null,
      },
      {
        kind: 'customer_link',
        subject: 'cus_b',
        project_id: 'b',
        workspace_id: 'wb',
        detail: '',
        fixed: false,
        attention_id: null,
      },
    ];
    run.totals = { found: 2, fixed: 1 };
    // Act
    const a = toRunDto(run, 'a');
    const all = toRunDto(run);
    // Assess
    expect(a.items.map((i) => i.subject)).toEqual(['sub_a']);
    expect(a.checked.subscriptions).toBe(2);
    expect(a.drifts).toEqual({ found: 1, fixed: 1, by_kind: { subscription_status: { found: 1, fixed: 1 } } });
    expect(all.drifts.found).toBe(2);
    expect(JSON.stringify(a)).not.toContain('wb');
  });
});
