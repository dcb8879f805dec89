import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { hasScopes } from '#shared/domain/tenancy/scopes';
import { routes } from '#shared/http/manifest';
import { defineRoute, type RouteDef } from '#shared/http/route';
import { WorkspaceId } from '#shared/http/schemas';
import { type BodyVariant, isProjectList, isResourceScoped, type Probe, planProbes } from '../support/isolation-probes';
import {
  type Answer,
  PROJECT_A,
  PROJECT_B,
  READER_A,
  type Snapshot,
  snapshotDiff,
  startTwoProjects,
  type TwoProjects,
  WS,
} from '../support/two-projects';

/**
 * The requests each body-taking route gets from project B's key, built from project A's ids.
 * Routes without a body need no entry: their path and query come from the fixtures by name.
 */
const variants = (f: Record<string, string | string[]>): Record<string, BodyVariant[]> => ({
  putWorkspace: [
    {
      name: 'own workspace of the same name',
      body: { name: 'Rival', email: 'r@example.com', country: 'IN', currency: 'inr' },
      expect: 201,
      createsOwn: true,
    },
  ],
  createSubscription: [{ name: 'by body', body: { workspace_id: f.workspace_id, plan: 'pro' } }],
  cancelSubscription: [
    { name: 'now', body: { workspace_id: f.workspace_id, at_period_end: false } },
    { name: 'at period end', body: { workspace_id: f.workspace_id } },
  ],
  changePlan: [{ name: 'to enterprise', body: { plan: 'enterprise' } }],
  pauseSubscription: [{ name: 'pause', body: {} }],
  resumeSubscription: [{ name: 'resume', body: {} }],
  revokeCancellation: [{ name: 'revoke', body: {} }],
  updateSubscription: [{ name: 'seats and email', body: { seats: 3, billing_email: 'rival@example.com' } }],
  previewSubscription: [{ name: 'preview', body: { plan: 'enterprise' } }],
  createCheckoutSession: [
    {
      name: 'plan',
      body: {
        workspace_id: f.workspace_id,
        plan: 'enterprise',
        success_url: 'https://r.example/ok',
        cancel_url: 'https://r.example/no',
      },
    },
    {
      name: 'pack',
      body: {
        workspace_id: f.workspace_id,
        pack: 'credits_1000',
        success_url: 'https://r.example/ok',
        cancel_url: 'https://r.example/no',
      },
    },
  ],
  createPortalSession: [
    { name: 'portal', body: { workspace_id: f.workspace_id, return_url: 'https://r.example/back' } },
  ],
  createBillingPageSession: [
    { name: 'billing page link', body: { workspace_id: f.workspace_id, return_url: 'https://r.example/back' } },
  ],
  createSetupIntent: [{ name: 'setup intent', body: {} }],
  setDefaultPaymentMethod: [{ name: 'default', body: {} }],
  replayWebhookEvents: [
    { name: 'by id', body: { event_ids: [(f.event_ids as string[])[0]] } },
    { name: 'by ids, one of them its own', body: { event_ids: f.event_ids } },
    { name: 'by time range', body: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, expect: 202 },
  ],
  sendInvoice: [
    { name: 'email', body: { channel: 'email' } },
    { name: 'whatsapp', body: { channel: 'whatsapp' } },
  ],
  createRazorpayOrder: [{ name: 'order', body: { invoice_id: f.invoice_id } }],
  createRazorpayPaymentLink: [{ name: 'payment link', body: { invoice_id: f.invoice_id } }],
  reconcilePayment: [
    {
      name: 'bank transfer',
      body: {
        invoice_id: f.invoice_id,
        amount: 399900,
        currency: 'inr',
        reference: 'UTRISOLATION1',
        method: 'neft',
        paid_at: '2026-11-20T10:00:00Z',
      },
    },
    {
      name: 'reference A used',
      body: {
        invoice_id: f.invoice_id,
        amount: 399900,
        currency: 'inr',
        reference: f.reference,
        method: 'neft',
        paid_at: '2026-11-20T10:00:00Z',
      },
    },
  ],
  invalidateEntitlements: [{ name: 'invalidate', body: {} }],
  recordUsage: [
    {
      name: 'count',
      body: { event_type: 'ai_credits', workspace_id: f.workspace_id, value: 1, idempotency_key: 'probe-1' },
    },
    {
      name: 'enforce',
      body: {
        event_type: 'ai_credits',
        workspace_id: f.workspace_id,
        value: 1,
        idempotency_key: 'probe-2',
        enforce: true,
      },
    },
  ],
  usageReport: [
    { name: 'period', query: {} },
    { name: 'by day', query: { granularity: 'day' } },
    { name: 'by billing period, one meter', query: { granularity: 'billing_period', meter: 'ai_credits' } },
  ],
  usageEvents: [
    { name: 'counted events', query: {} },
    { name: 'one meter', query: { meter: 'ai_credits' } },
  ],
  recordUsageAsync: [
    {
      name: 'queue',
      body: { event_type: 'ai_credits', workspace_id: f.workspace_id, value: 1, idempotency_key: 'probe-3' },
    },
  ],
  createGrant: [
    { name: 'feature', body: { workspace_id: f.workspace_id, feature: 'sso', reason: 'probe' } },
    { name: 'meter', body: { workspace_id: f.workspace_id, meter: 'ai_credits', quantity: '100', reason: 'probe' } },
  ],
  grantAlias: [{ name: 'feature', body: { workspace_id: f.workspace_id, feature: 'sso', reason: 'probe' } }],
  revokeAlias: [
    { name: 'by grant id', body: { grant_id: f.grant_id } },
    { name: 'by feature', body: { workspace_id: f.workspace_id, feature: 'sso' } },
  ],
  resolvePaymentAttention: [{ name: 'resolve', body: { note: 'probe' } }],
  updateWebhookEndpoint: [
    { name: 'disable', body: { disabled: true } },
    { name: 'redirect its deliveries', body: { url: 'https://rival.example/hook', events: ['*'] } },
  ],
  rotateWebhookSecret: [{ name: 'rotate without grace', body: { grace_seconds: 0 } }],
  createCreditCheckout: [
    {
      name: 'pack',
      body: {
        workspace_id: f.workspace_id,
        product: 'credits_1000',
        quantity: 1,
        success_url: 'https://r.example/ok',
        cancel_url: 'https://r.example/no',
      },
    },
  ],
  consumeCredits: [
    {
      name: 'consume',
      body: { workspace_id: f.workspace_id, event_name: 'api_call_basic', quantity: 1, idempotency_key: 'probe-c1' },
    },
    {
      name: 'replay the victim key',
      body: {
        workspace_id: f.workspace_id,
        event_name: 'api_call_basic',
        quantity: 3,
        idempotency_key: 'victim-consume',
      },
    },
  ],
  adjustCredits: [
    { name: 'add', body: { workspace_id: f.workspace_id, amount: 1000, reason: 'probe' } },
    { name: 'take', body: { workspace_id: f.workspace_id, amount: -100, reason: 'probe' } },
  ],
});

describe('the probe plan is derived from the manifest', () => {
  const fixtures = {
    project_id: 'proj_x',
    workspace_id: WS,
    invoice_id: 'in_x',
    grant_id: 'grt_x',
    payment_method_id: 'pm_x',
    run_id: 'run_x',
    attention_id: 'att_x',
    feature: 'sso',
    meter: 'ai_credits',
    event_ids: ['evt_x'],
    reference: 'UTR',
    endpoint_id: 'we_x',
    delivery_id: 'dlv_x',
  };

  it('covers every workspace-, invoice- and event-scoped route and every paginated list', () => {
    // Act
    const plan = planProbes(routes, fixtures, variants(fixtures));
    // Assess
    expect(plan.uncovered).toEqual([]);
    const probed = new Set(plan.probes.map((p) => p.route.id));
    for (const r of routes.filter((x) => isResourceScoped(x) || isProjectList(x))) expect(probed).toContain(r.id);
    for (const id of [
      'getEntitlements',
      'listWebhookEvents',
      'replayWebhookEvents',
      'getInvoice',
      'sendInvoice',
      'reconcilePayment',
      'listPaymentAttention',
      'deleteGrant',
    ])
      expect(probed).toContain(id);
    for (const id of [
      'getCredits',
      'listCreditTransactions',
      'consumeCredits',
      'adjustCredits',
      'createCreditCheckout',
    ])
      expect(probed).toContain(id);
    for (const id of [
      'subscriptionMetrics',
      'revenueMetrics',
      'billingSummary',
      'billingHistory',
      'grantAlias',
      'revokeAlias',
    ])
      expect(probed).toContain(id);
    for (const id of [
      'listWebhookEndpoints',
      'getWebhookEndpoint',
      'updateWebhookEndpoint',
      'deleteWebhookEndpoint',
      'rotateWebhookSecret',
      'listWebhookDeliveries',
      'getWebhookDelivery',
      'retryWebhookDelivery',
      'streamBillingEvents',
    ])
      expect(probed).toContain(id);
    // What no probe reaches names no resource and lists nothing of a project. The DLQ routes
    // act on queues every project shares and answer counts only, never message contents.
    // Registering a webhook endpoint creates the caller's own, in its own project; the plans,
    // the credit events and products, the catalog and the settings routes are always the
    // caller's own project's (see the catalog test below).
    expect(plan.unscoped.sort()).toEqual([
      'createWebhookEndpoint',
      'getCatalog',
      'getProjectSettings',
      'listCreditEvents',
      'listCreditProducts',
      'listDlqs',
      'listPlans',
      'putCatalog',
      'redriveDlq',
      'startReconciliationRun',
      'updateProjectSettings',
    ]);
  });

  it('fails on a new route that names a workspace, an invoice or an event the probe list cannot reach', () => {
    // Prepare: routes as a developer might add them, with no entry in the probe list.
    const base = {
      tag: 't',
      summary: 's',
      auth: 'api-key' as const,
      scopes: ['admin' as const],
      handler: 'functions/http/x.ts',
      access: { table: 'write' as const },
    };
    const added: RouteDef[] = [
      defineRoute({
        ...base,
        id: 'archiveWorkspace',
        method: 'POST',
        path: '/api/v1/workspaces/{workspace_id}/archive',
        params: z.strictObject({ workspace_id: WorkspaceId }),
        body: z.strictObject({ reason: z.string() }),
      }),
      defineRoute({
        ...base,
        id: 'voidInvoice',
        method: 'POST',
        path: '/api/v1/admin/invoices/void',
        body: z.strictObject({ invoice_id: z.string() }),
      }),
      defineRoute({
        ...base,
        id: 'getWebhookEvent',
        method: 'GET',
        path: '/api/v1/admin/webhook-events/{event_id}',
        params: z.strictObject({ event_id: z.string() }),
      }),
    ];
    // Act
    const plan = planProbes([...routes, ...added], fixtures, variants(fixtures));
    // Assess
    expect(plan.uncovered.map((u) => u.route)).toEqual(['archiveWorkspace', 'voidInvoice', 'getWebhookEvent']);
  });
});

/**
 * Project B's admin key calls every probed route with project A's ids (see two-projects.ts for
 * what A owns): each must answer 404 (or, for a listing, show none of A's items) and change
 * nothing. The table, the queues, Stripe's and Razorpay's state are compared before and after
 * every request.
 */
describe('another project reaches nothing of this project through any route', () => {
  let t: TwoProjects;
  beforeAll(async () => {
    t = await startTwoProjects();
    // A sees its own things, so a 404 for B below is isolation, not a broken fixture.
    expect((await t.asA('listPaymentAttention')).items.map((i: { id: string }) => i.id)).toContain(
      t.fixtures.attention_id,
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every probe of project B with a 404 (or a listing without A) and changes nothing', async () => {
    // Prepare
    const plan = planProbes(routes, t.fixtures, variants(t.fixtures));
    expect(plan.uncovered).toEqual([]);
    const failures: string[] = [];
    // Act
    for (const probe of plan.probes) {
      const before = await t.snapshot();
      const res = await t.call(probe.route, {
        key: PROJECT_B.key,
        params: probe.params,
        query: probe.query,
        body: probe.body,
      });
      const after = await t.snapshot();
      const problems = judge(probe, res, before, after);
      if (problems.length)
        failures.push(`${probe.route.method} ${probe.route.path} (${probe.name}): ${problems.join('; ')}`);
    }
    // Assess
    const tried = plan.probes.length;
    console.log(
      `cross-project probes: ${tried} tried, ${tried - failures.length} held, over ${new Set(plan.probes.map((p) => p.route.id)).size} routes`,
    );
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(40);
  });

  it('lets a read-only key change nothing: every other route is a 403, and what it may call writes nothing', async () => {
    // Prepare: every api-key route of the manifest, with the project's own ids.
    const f = t.fixtures;
    const failures: string[] = [];
    const keyed = routes.filter((r) => r.auth === 'api-key');
    // Act
    for (const route of keyed) {
      const allowed = hasScopes(['entitlements:read'], route.scopes);
      const params = Object.fromEntries(
        Object.keys((route.params as unknown as { shape?: object })?.shape ?? {}).map((k) => [k, f[k] as string]),
      );
      const body = route.body ? (variants(f)[route.id]?.[0]?.body ?? {}) : undefined;
      const before = await t.snapshot();
      const res = await t.call(route, {
        key: READER_A.key,
        params,
        body,
        query: ['listGrants', 'streamBillingEvents'].includes(route.id) ? { workspace_id: WS } : undefined,
      });
      const after = await t.snapshot();
      const problems = allowed
        ? res.status >= 300
          ? [`answered ${res.status}: ${res.text.slice(0, 200)}`]
          : []
        : res.status === 403
          ? []
          : [`answered ${res.status} (want 403)`];
      // The one item a reader may cause: its own project's plan cache, filled from Stripe.
      const planCache = `P#${PROJECT_A.project}|CATALOG#PLANS`;
      problems.push(
        ...snapshotDiff(before, after, (k) => k === planCache, { stripeReads: true }).filter(
          (p) => !(route.id === 'listPlans' && p === `changed table item ${planCache}`),
        ),
      );
      if (problems.length) failures.push(`${route.method} ${route.path}: ${problems.join('; ')}`);
    }
    // Assess
    console.log(
      `read-only key: ${keyed.length} routes tried, ${keyed.length - failures.length} held (${keyed.filter((r) => hasScopes(['entitlements:read'], r.scopes)).length} callable, none writing)`,
    );
    expect(failures).toEqual([]);
  });

  it("lets project B push its own catalog and see only its plans, changing nothing of A's: items, plans, catalog or Stripe objects", async () => {
    // Prepare
    const aItems = (s: Snapshot) => [...s.items].filter(([k]) => !k.includes(PROJECT_B.project));
    const aStripe = async () => {
      const products = (await t.stripe.products.list({ limit: 100 })).data.filter(
        (p) => !p.id.startsWith(`tg-${PROJECT_B.project}-`),
      );
      const prices = (await t.stripe.prices.list({ limit: 100 })).data.filter(
        (p) => p.metadata.tollgate_project !== PROJECT_B.project,
      );
      return JSON.stringify([
        products.map((p) => [p.id, p.active, p.name, p.metadata]),
        prices.map((p) => [p.id, p.active, p.lookup_key]),
      ]);
    };
    const aCatalog = await t.asA('getCatalog');
    const aPlans = await t.asA('listPlans');
    const own = structuredClone(aCatalog);
    for (const p of own.plans) Object.assign(p, { key: `b${p.key}`, name: `B ${p.name}` });
    const before = await t.snapshot();
    const stripeBefore = await aStripe();
    // Act
    const pushed = await t.call(t.route('putCatalog'), { key: PROJECT_B.key, body: own });
    const bPlans = await t.call(t.route('listPlans'), { key: PROJECT_B.key });
    const bCatalog = await t.call(t.route('getCatalog'), { key: PROJECT_B.key });
    const after = await t.snapshot();
    // Assess
    expect(pushed.status, pushed.text.slice(0, 300)).toBe(200);
    expect(bPlans.json.plans.map((p: { plan: string }) => p.plan)).toEqual(['bfree', 'bpro', 'benterprise']);
    expect(bPlans.text).not.toContain('"plan":"pro"');
    expect(bCatalog.json).toEqual(own);
    expect(aItems(after)).toEqual(aItems(before));
    expect(await aStripe()).toBe(stripeBefore);
    expect(await t.asA('getCatalog')).toEqual(aCatalog);
    expect(await t.asA('listPlans')).toEqual(aPlans);
    expect(JSON.stringify(await t.asA('listPlans'))).not.toContain('bpro');
  });

  /** What a probe must not do: answer other than expected, show A's ids, or change anything of A's. */
  function judge(probe: Probe, res: Answer, before: Snapshot, after: Snapshot): string[] {
    const problems: string[] = [];
    if (res.status !== probe.expect)
      problems.push(`answered ${res.status} (want ${probe.expect}): ${res.text.slice(0, 200)}`);
    if (res.status < 300) {
      const leaked = t.victimIds.filter((id) => res.text.includes(id) && !(probe.createsOwn && id === WS));
      if (leaked.length) problems.push(`showed project A's ${leaked.join(', ')}`);
    }
    // Only a probe that creates the caller's own item may add items, and only of the caller's project.
    const own = (k: string, item: Record<string, unknown>) =>
      probe.createsOwn && (item.project_id === PROJECT_B.project || k.includes(`#${PROJECT_B.project}#`));
    return [...problems, ...snapshotDiff(before, after, own)];
  }
});
