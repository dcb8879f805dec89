import { describe, expect, it } from 'vitest';
import type { Plan } from '#shared/domain/catalog/plans';
import { computeEntitlements } from '#shared/domain/entitlements/snapshot';
import { type SubscriptionSnapshot, subscriptionAccess } from '#shared/domain/subscriptions/snapshot';
import { transitions } from '#shared/domain/subscriptions/sync';
import { subscriptionSnapshot } from '../../support/snapshots';

const now = new Date('2026-11-21T12:00:00Z');
const sub = (over: Partial<SubscriptionSnapshot> = {}) => subscriptionSnapshot({ version: now.getTime(), ...over });
const plan = (key: string, isDefault: boolean, features: string[]): Plan => ({
  plan: key,
  name: key,
  description: '',
  default: isDefault,
  product_id: `prod_${key}`,
  features,
  credits_per_period: 0,
  prices: [],
  limits: { ai_credits: { limit: '100', window: 'month', mode: 'hard' } },
});
const plans = [plan('free', true, ['basic']), plan('pro', false, ['basic', 'campaigns'])];

describe('status rules', () => {
  it.each([
    ['active', true, 'active'],
    ['trialing', true, 'trialing'],
    ['unpaid', false, 'inactive'],
    ['canceled', false, 'inactive'],
    ['incomplete_expired', false, 'inactive'],
  ] as const)('%s grants access: %s', (status, granted, reason) => {
    expect(subscriptionAccess(sub({ status }), now, 7)).toEqual({ granted, reason });
  });

  it('past_due keeps access for the grace period, then loses it', () => {
    const within = sub({ status: 'past_due', past_due_since: '2026-11-16T12:00:00Z' });
    const beyond = sub({ status: 'past_due', past_due_since: '2026-11-10T12:00:00Z' });
    expect(subscriptionAccess(within, now, 7)).toEqual({ granted: true, reason: 'past_due_grace' });
    expect(subscriptionAccess(beyond, now, 7)).toEqual({ granted: false, reason: 'past_due_expired' });
  });

  it('paused loses access and falls back to the default plan', () => {
    const e = computeEntitlements({
      workspaceId: 'ws',
      subscription: sub({ paused: true }),
      plans,
      grants: [],
      now,
      graceDays: 7,
    });
    expect(e).toMatchObject({ plan: 'free', plan_source: 'default', access_reason: 'paused', features: ['basic'] });
  });

  it('an active subscription gets its plan features plus granted ones', () => {
    const e = computeEntitlements({
      workspaceId: 'ws',
      subscription: sub(),
      plans,
      now,
      graceDays: 7,
      grants: [
        {
          grant_id: 'g1',
          workspace_id: 'ws',
          feature: 'sso',
          meter: 'ai_credits',
          quantity: '50.5',
          expires_at: null,
          reason: 'deal',
          created_at: '',
        },
      ],
    });
    expect(e.features).toEqual(['basic', 'campaigns', 'sso']);
    expect(e.limits.ai_credits.limit).toBe('150.5');
  });
});

describe('normalised events from state changes', () => {
  it('activation, plan change, scheduled cancel and its revocation', () => {
    expect(transitions(undefined, sub(), now, 7).map((t) => t.type)).toEqual(['subscription.activated']);
    expect(transitions(sub(), sub({ plan: 'enterprise' }), now, 7).map((t) => t.type)).toEqual([
      'subscription.plan_changed',
    ]);
    expect(transitions(sub(), sub({ cancel_at_period_end: true }), now, 7).map((t) => t.type)).toEqual([
      'subscription.cancellation_scheduled',
    ]);
    expect(transitions(sub({ cancel_at_period_end: true }), sub(), now, 7).map((t) => t.type)).toEqual([
      'subscription.cancellation_revoked',
    ]);
  });

  it('cancellation, renewal and payment trouble', () => {
    expect(transitions(sub(), sub({ status: 'canceled' }), now, 7).map((t) => t.type)).toEqual([
      'subscription.canceled',
    ]);
    expect(
      transitions(sub(), sub({ current_period_start: '2026-12-01T00:00:00.000Z' }), now, 7).map((t) => t.type),
    ).toEqual(['subscription.renewed']);
    expect(
      transitions(sub(), sub({ status: 'past_due', past_due_since: now.toISOString() }), now, 7).map((t) => t.type),
    ).toEqual(['subscription.past_due']);
  });
});
