import { describe, expect, it } from 'vitest';
import { hasScopes } from '#shared/domain/tenancy/scopes';
import { routes } from '#shared/http/manifest';
import { buildOpenApi } from '#shared/http/openapi';

/**
 * What a key with `entitlements:read` alone may call, and why each exception is still a read.
 * Anything else a read-only key can reach must be a GET that writes nothing and changes nothing
 * at Stripe; tests/integration/tenant-isolation.test.ts calls each one and compares the state.
 */
const READ_EXCEPTIONS: Record<string, string> = {
  previewSubscription: 'a POST only because Stripe’s invoice preview is one; it creates nothing',
  listPlans: 'fills the caller’s project’s plan cache from Stripe when it is stale; no other state',
};

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const readOnly = routes.filter((r) => r.auth === 'api-key' && hasScopes(['entitlements:read'], r.scopes));

describe('scopes mean what they say (the route manifest)', () => {
  it('gives every api-key route at least one scope, and every unauthenticated route a reason (probes, docs, signed webhooks, signed page links, the page shells)', () => {
    // Act
    const keyed = routes.filter((r) => r.auth === 'api-key');
    const open = routes.filter((r) => r.auth === 'none').map((r) => r.id);
    // Assess
    for (const r of keyed) expect(r.scopes.length, r.id).toBeGreaterThan(0);
    expect(open.sort()).toEqual([
      'billingPage',
      'billingPageAction',
      'billingPageCancel',
      'billingPageEvents',
      'billingPagePlanChange',
      'docsAsset',
      'docsPage',
      'health',
      'healthV1',
      'live',
      'liveV1',
      'openapi',
      'operatorConsole',
      'operatorConsoleLink',
      'pageAsset',
      'razorpayWebhook',
      'ready',
      'readyV1',
      'stripeWebhook',
    ]);
    // The billing page's routes are opened by the signed link in their path, checked by the handler.
    for (const r of routes.filter((x) => x.id.startsWith('billingPage')))
      expect(r.path, r.id).toMatch(/^\/billing\/\{token\}/);
    // So is the console's signed link (it hands the console a short-lived admin key).
    expect(routes.find((r) => r.id === 'operatorConsoleLink')?.path).toBe('/console/{token}');
  });

  it('lets a read-only key reach no route that writes, queues, publishes or changes Stripe', () => {
    // Act
    const offenders = readOnly
      .filter((r) => !(r.id in READ_EXCEPTIONS))
      .filter(
        (r) =>
          MUTATIONS.has(r.method) ||
          r.access.table === 'write' ||
          r.access.queues?.length ||
          r.access.bus ||
          r.access.stripe ||
          r.access.razorpay,
      )
      .map((r) => r.id);
    // Assess
    expect(offenders).toEqual([]);
    expect(readOnly.map((r) => r.id)).not.toContain('invalidateEntitlements');
    for (const id of Object.keys(READ_EXCEPTIONS)) {
      const r = readOnly.find((x) => x.id === id)!;
      expect(r, id).toBeDefined();
      expect(r.access.queues ?? [], id).toEqual([]);
      expect(r.access.bus, id).toBeFalsy();
    }
  });

  it('needs a write scope for every mutation', () => {
    // Act
    const mutations = routes.filter(
      (r) => r.auth === 'api-key' && MUTATIONS.has(r.method) && !(r.id in READ_EXCEPTIONS),
    );
    // Assess
    for (const r of mutations) expect(hasScopes(['entitlements:read'], r.scopes), r.id).toBe(false);
  });

  it('declares the cursor key for every paginated route', () => {
    // Act
    const paginated = routes.filter(
      (r) => 'cursor' in (((r.query as unknown as { shape?: object })?.shape ?? {}) as object),
    );
    // Assess
    expect(paginated.map((r) => r.id).sort()).toEqual([
      'billingHistory',
      'listCreditTransactions',
      'listInvoices',
      'listPaymentAttention',
      'listWebhookDeliveries',
      'listWebhookEndpoints',
      'listWebhookEvents',
      'listWorkspaceEvents',
      'usageEvents',
      'usageReport',
    ]);
    for (const r of paginated) expect(r.access.cursorSecret, r.id).toBe(true);
  });

  it('lists the scopes of each operation in the OpenAPI document', () => {
    // Act
    const doc = buildOpenApi(routes) as {
      paths: Record<
        string,
        Record<string, { security: Record<string, string[]>[]; 'x-scopes'?: string[]; description?: string }>
      >;
    };
    // Assess
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      if (r.path.startsWith('/docs')) continue;
      if (r.auth === 'none') {
        expect(op.security, r.id).toEqual([]);
        continue;
      }
      expect(op.security, r.id).toEqual([{ bearer: r.scopes }, { apiKey: r.scopes }]);
      expect(op['x-scopes'], r.id).toEqual(r.scopes);
      for (const s of r.scopes) expect(op.description, r.id).toContain(`\`${s}\``);
    }
    expect(doc.paths['/api/v1/entitlements/{workspace_id}/invalidate'].post['x-scopes']).toEqual([
      'subscriptions:manage',
    ]);
  });
});
