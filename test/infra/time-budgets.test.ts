import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/http/manifest';
import {
  ANSWER_MARGIN_MS,
  awsCallBudgetMs,
  functionTimeoutSeconds,
  HEALTH_CHECK_TIMEOUT_MS,
  idempotencyLeaseSeconds,
  stripeBudget,
} from '#shared/time-budgets';
import { settingsFromContext } from '../../lib/settings';
import { TollgateStack } from '../../lib/tollgate-stack';

describe('time budgets: every wait fits inside the function that waits', () => {
  it('gives each deployed function its own timeout as FUNCTION_TIMEOUT_SECONDS, and a Stripe and AWS budget inside it', () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'test' } });
    const stack = new TollgateStack(app, 'Tollgate-budgets', { settings: settingsFromContext(app.node) });
    // Act
    const fns = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(
      (r) => r.Properties,
    );
    // Assess
    expect(fns.length).toBeGreaterThan(10);
    for (const p of fns) {
      const timeoutMs = p.Timeout * 1000;
      const env = p.Environment.Variables as Record<string, string>;
      expect(env.FUNCTION_TIMEOUT_SECONDS).toBe(String(p.Timeout));
      if (env.STRIPE_SECRET_PARAM)
        expect(stripeBudget(p.Timeout).totalMs + ANSWER_MARGIN_MS).toBeLessThanOrEqual(timeoutMs);
      if (env.TABLE_NAME) expect(awsCallBudgetMs() + ANSWER_MARGIN_MS).toBeLessThanOrEqual(timeoutMs);
    }
  });

  it('sizes the Stripe client from the function timeout: attempts × timeout plus backoff', () => {
    // Act
    const http = stripeBudget(10);
    const consumer = stripeBudget(30);
    const job = stripeBudget(300);
    // Assess
    expect(http).toEqual({ timeoutMs: 4250, maxNetworkRetries: 1, totalMs: 9000 });
    expect(consumer).toEqual({ timeoutMs: 9166, maxNetworkRetries: 2, totalMs: 29_000 - 2 });
    expect(job).toMatchObject({ timeoutMs: 30_000, maxNetworkRetries: 2 });
    expect(() => stripeBudget(2)).toThrow(/no time for a Stripe call/);
  });

  it('holds an Idempotency-Key a little longer than the function serving the route can run', () => {
    // Prepare: routes sharing a handler share one function, so they must agree on its timeout
    const byHandler = new Map<string, number[]>();
    for (const r of routes)
      byHandler.set(r.handler, [...(byHandler.get(r.handler) ?? []), functionTimeoutSeconds([r])]);
    // Act
    const disagreeing = [...byHandler].filter(([, ts]) => new Set(ts).size > 1).map(([h]) => h);
    // Assess
    expect(disagreeing).toEqual([]);
    for (const r of routes)
      expect(idempotencyLeaseSeconds(functionTimeoutSeconds([r]))).toBeGreaterThan(functionTimeoutSeconds([r]));
    expect(HEALTH_CHECK_TIMEOUT_MS).toBeLessThanOrEqual(2000);
  });
});
