import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#shared/http/manifest';
import { isProjectList } from '../support/isolation-probes';
import {
  type Answer,
  PROJECT_A,
  PROJECT_B,
  snapshotDiff,
  startTwoProjects,
  type TwoProjects,
  WEBHOOK_SECRET,
  WS,
} from '../support/two-projects';

/** One hostile request: who sends it, to which route, and the 4xx it must get. */
interface Hostile {
  name: string;
  route: string;
  key?: 'A' | 'B' | 'none';
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
}

/** Text that is not Tollgate's: parser and engine messages, Stripe's wording and links, internal key formats. */
const FOREIGN_TEXT =
  /Unexpected (token|end)|in JSON at position|JSON\.parse|is not valid JSON|Maximum call stack|RangeError|TypeError|SyntaxError|stripe\.com|Keys for idempotent|idempotent requests|No such |tg:proj|sk_test|whsec_|ValidationException|ExclusiveStartKey|ConditionalCheck|Transaction|\bat .+\.(ts|js):\d+/;

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;
const deepObject = (depth: number): string => (depth === 0 ? '1' : `{"a":${deepObject(depth - 1)}}`);
const base64url = (s: string) => Buffer.from(s).toString('base64url');

/**
 * Bad input from a hostile or careless caller, table-driven: each request must get its 4xx
 * envelope with Tollgate's own message (no parser, engine or Stripe text) and change nothing: the
 * table, the queues, Stripe's and Razorpay's state are compared before and after each one.
 */
describe('hostile input: a 4xx envelope of our own, and nothing written', () => {
  let t: TwoProjects;
  const cursors: Record<string, string> = {};
  const PAGINATED = routes.filter(isProjectList).map((r) => r.id);
  const wsRoutes = new Set(['listWorkspaceEvents', 'listInvoices', 'listCreditTransactions']);
  /** The path parameters of a paginated list: project A's workspace, or its endpoint. */
  const paramsOf = (id: string): Record<string, string> | undefined =>
    wsRoutes.has(id)
      ? { workspace_id: WS }
      : id === 'listWebhookDeliveries'
        ? { endpoint_id: t.fixtures.endpoint_id as string }
        : undefined;

  beforeAll(async () => {
    t = await startTwoProjects();
    // Real cursors of project A's lists (limit 1, so each has a next page), and B's own workspace
    // of the same name as A's, so a foreign cursor meets a list that exists for B.
    const q = { limit: '1' };
    const ws = { workspace_id: WS };
    cursors.listWebhookEvents = (await t.asA('listWebhookEvents', { query: q })).next_cursor;
    cursors.listWebhookEventsOfWs = (await t.asA('listWebhookEvents', { query: { ...q, ...ws } })).next_cursor;
    cursors.listWorkspaceEvents = (await t.asA('listWorkspaceEvents', { params: ws, query: q })).next_cursor;
    cursors.listInvoices = (await t.asA('listInvoices', { params: ws, query: q })).next_cursor;
    cursors.listPaymentAttention = (await t.asA('listPaymentAttention', { query: q })).next_cursor;
    cursors.listCreditTransactions = (await t.asA('listCreditTransactions', { params: ws, query: q })).next_cursor;
    // A second endpoint, so the endpoint list has a next page; the first one's deliveries are many.
    await t.asA('createWebhookEndpoint', {
      body: { url: 'http://127.0.0.1:9/second', events: ['*'], description: 'second' },
    });
    cursors.listWebhookEndpoints = (await t.asA('listWebhookEndpoints', { query: q })).next_cursor;
    cursors.listWebhookDeliveries = (
      await t.asA('listWebhookDeliveries', { params: paramsOf('listWebhookDeliveries'), query: q })
    ).next_cursor;
    for (const [k, v] of Object.entries(cursors)) if (!v) throw new Error(`project A's ${k} has one page only`);
    await t.asA('putWorkspace', {
      params: { workspace_id: 'ws_iso_second' },
      body: { name: 'Second', email: 's@example.com', country: 'IN', currency: 'inr' },
    });
    const own = await t.call(t.route('putWorkspace'), {
      key: PROJECT_B.key,
      params: ws,
      body: { name: 'Rival', email: 'r@example.com', country: 'IN', currency: 'inr' },
    });
    expect(own.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses forged, foreign and malformed cursors on every paginated route with a 400', async () => {
    // Prepare: each paginated route of the manifest gets every kind of bad cursor.
    const cases: Hostile[] = PAGINATED.flatMap((id) => {
      const params = paramsOf(id);
      const mine = cursors[id];
      const other = Object.entries(cursors).find(([k]) => k !== id && !k.startsWith(id))![1];
      const flipped = mine.slice(0, -2) + (mine.at(-2) === 'A' ? 'B' : 'A') + mine.at(-1);
      const c = (name: string, cursor: string, key: Hostile['key'] = 'A', extra: Partial<Hostile> = {}): Hostile => ({
        name: `${id}: ${name}`,
        route: id,
        key,
        params,
        query: { cursor },
        status: 400,
        code: 'invalid_cursor',
        ...extra,
      });
      return [
        c('garbage', 'garbage%%'),
        c('base64 of an internal key', 'eyJQSyI6IngifQ'),
        c(
          'base64 of this list’s own key shape',
          base64url(
            JSON.stringify({
              PK: `WE#${PROJECT_A.project}#${WS}`,
              SK: '2026-01-01T00:00:00.000Z#x',
              GSI1PK: 'INBOX#stripe',
              GSI1SK: '2026',
            }),
          ),
        ),
        c('one character changed', flipped),
        c('truncated', mine.slice(0, 20)),
        c('a cursor of another list', other),
        c('project A’s cursor, sent by project B', mine, 'B'),
        c('longer than 2048 characters', 'A'.repeat(2049), 'A', { code: 'validation_failed' }),
        ...(wsRoutes.has(id)
          ? [
              c('a cursor of another workspace of the same project', mine, 'A', {
                params: { workspace_id: 'ws_iso_second' },
              }),
            ]
          : []),
        ...(id === 'listWebhookEvents'
          ? [
              c('a cursor issued for one workspace’s events, used for all', cursors.listWebhookEventsOfWs),
              {
                ...c('a cursor of all events, used for one workspace', mine),
                query: { cursor: mine, workspace_id: WS },
              },
            ]
          : []),
      ];
    });
    // Act + Assess
    const r = await runAll(cases);
    // The cursors themselves work for their own list and caller.
    for (const id of PAGINATED) {
      const params = paramsOf(id);
      expect(
        (await t.call(t.route(id), { key: PROJECT_A.key, params, query: { cursor: cursors[id], limit: '1' } })).status,
      ).toBe(200);
    }
    expect(r.failures).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(PAGINATED.length * 8);
  });

  it('refuses bad bodies, ids, headers, dates, features and webhooks with a 4xx and writes nothing', async () => {
    // Prepare
    const f = t.fixtures;
    const inv = f.invoice_id as string;
    const transfer = {
      invoice_id: inv,
      amount: 1000,
      currency: 'inr',
      reference: 'UTRHOSTILE01',
      method: 'neft',
      paid_at: '2026-11-20T10:00:00Z',
      allow_partial: true,
    };
    const profile = { name: 'Acme', email: 'a@example.com', country: 'IN', currency: 'inr' };
    const usage = { event_type: 'ai_credits', workspace_id: WS, value: 1, idempotency_key: 'hostile-1' };
    const now = Math.floor(Date.now() / 1000);
    const stripeEvent = JSON.stringify({
      id: 'evt_HostileFuture1',
      object: 'event',
      type: 'customer.updated',
      created: now,
      data: { object: { id: t.customerId, object: 'customer' } },
    });
    const cases: Hostile[] = [
      // A Stripe customer that bills another workspace: 409, and the workspace is not created.
      {
        name: 'B adopts A’s Stripe customer for a new workspace',
        route: 'putWorkspace',
        key: 'B',
        params: { workspace_id: 'ws_b_thief' },
        body: { ...profile, stripe_customer_id: t.customerId },
        status: 409,
        code: 'customer_already_linked',
      },
      {
        name: 'A adopts its own customer for a second workspace',
        route: 'putWorkspace',
        params: { workspace_id: 'ws_iso_third' },
        body: { ...profile, stripe_customer_id: t.customerId },
        status: 409,
        code: 'customer_already_linked',
      },
      {
        name: 'A adopts it for an existing workspace without a customer',
        route: 'putWorkspace',
        params: { workspace_id: 'ws_iso_second' },
        body: { ...profile, name: 'Renamed', stripe_customer_id: t.customerId },
        status: 409,
        code: 'customer_already_linked',
      },
      {
        name: 'a workspace swaps its customer',
        route: 'putWorkspace',
        params: { workspace_id: WS },
        body: { ...profile, stripe_customer_id: 'cus_SomeoneElse1' },
        status: 409,
        code: 'customer_already_set',
      },
      {
        name: 'a customer id of the wrong kind',
        route: 'putWorkspace',
        params: { workspace_id: 'ws_iso_new' },
        body: { ...profile, stripe_customer_id: 'acct_123' },
        status: 400,
      },
      // Grants
      {
        name: 'a grant of a feature no plan has',
        route: 'createGrant',
        body: { workspace_id: WS, feature: 'no_such_feature_xyz', reason: 'typo' },
        status: 400,
        code: 'feature_not_found',
      },
      {
        name: 'a grant on an unknown meter',
        route: 'createGrant',
        body: { workspace_id: WS, meter: 'gpu_hours', quantity: '5', reason: 'x' },
        status: 400,
      },
      {
        name: 'a grant that expired already',
        route: 'createGrant',
        body: { workspace_id: WS, feature: 'sso', reason: 'x', expires_at: '2020-01-01T00:00:00Z' },
        status: 400,
      },
      {
        name: 'a grant of a negative quantity',
        route: 'createGrant',
        body: { workspace_id: WS, meter: 'ai_credits', quantity: '-5', reason: 'x' },
        status: 400,
      },
      {
        name: 'a grant with a feature key of another shape',
        route: 'createGrant',
        body: { workspace_id: WS, feature: 'SSO; DROP TABLE', reason: 'x' },
        status: 400,
      },
      // Manual payments
      {
        name: 'a bank transfer dated 2031',
        route: 'reconcilePayment',
        body: { ...transfer, paid_at: '2031-01-01T00:00:00Z' },
        status: 400,
        code: 'paid_at_in_future',
      },
      {
        name: 'a bank transfer dated ten minutes ahead',
        route: 'reconcilePayment',
        body: { ...transfer, paid_at: new Date(Date.now() + 600_000).toISOString() },
        status: 400,
        code: 'paid_at_in_future',
      },
      { name: 'a fractional amount', route: 'reconcilePayment', body: { ...transfer, amount: 3999.5 }, status: 400 },
      { name: 'a negative amount', route: 'reconcilePayment', body: { ...transfer, amount: -1 }, status: 400 },
      { name: 'an amount as a string', route: 'reconcilePayment', body: { ...transfer, amount: '1000' }, status: 400 },
      {
        name: 'an over-payment',
        route: 'reconcilePayment',
        body: { ...transfer, amount: 99_999_999 },
        status: 422,
        code: 'overpayment',
      },
      {
        name: 'a payment in another currency',
        route: 'reconcilePayment',
        body: { ...transfer, currency: 'usd' },
        status: 422,
        code: 'currency_mismatch',
      },
      {
        name: 'an invoice id of another kind',
        route: 'reconcilePayment',
        body: { ...transfer, invoice_id: 'cus_123' },
        status: 400,
      },
      {
        name: 'an invoice that does not exist',
        route: 'reconcilePayment',
        body: { ...transfer, invoice_id: 'in_DoesNotExist0001' },
        status: 404,
      },
      {
        name: 'a reference with spaces and quotes',
        route: 'reconcilePayment',
        body: { ...transfer, reference: "UTR 1' OR '1'='1" },
        status: 400,
      },
      // JSON itself
      { name: '100 000 nested arrays', route: 'createGrant', raw: nested(100_000), status: 400, code: 'json_too_deep' },
      {
        name: '40 nested objects inside a valid body',
        route: 'recordUsage',
        raw: JSON.stringify(usage).replace('"value":1', `"value":1,"metadata":${deepObject(40)}`),
        status: 400,
        code: 'json_too_deep',
      },
      {
        name: 'nesting hidden after a string with brackets',
        route: 'recordUsage',
        raw: `{"event_type":"[[[[","x":${nested(50, '[', ']')}}`,
        status: 400,
        code: 'json_too_deep',
      },
      {
        name: 'malformed JSON',
        route: 'recordUsage',
        raw: '{"event_type": "ai_credits",',
        status: 400,
        code: 'invalid_json',
      },
      {
        name: 'JSON with a trailing comma',
        route: 'createGrant',
        raw: '{"workspace_id":"ws_iso_shared",}',
        status: 400,
        code: 'invalid_json',
      },
      {
        name: 'a lone surrogate and garbage',
        route: 'createGrant',
        raw: '\ud800{{{',
        status: 400,
        code: 'invalid_json',
      },
      {
        name: 'a __proto__ key',
        route: 'createGrant',
        raw: `{"workspace_id":"${WS}","feature":"sso","reason":"x","__proto__":{"admin":true}}`,
        status: 400,
        code: 'forbidden_key',
      },
      {
        name: 'a constructor.prototype key',
        route: 'recordUsage',
        raw: JSON.stringify({ ...usage, metadata: { constructor: { prototype: { x: 1 } } } }),
        status: 400,
        code: 'forbidden_key',
      },
      {
        name: 'a text/plain body',
        route: 'recordUsage',
        raw: JSON.stringify(usage),
        headers: { 'content-type': 'text/plain' },
        status: 415,
      },
      {
        name: 'a body over 256 KB',
        route: 'recordUsage',
        raw: JSON.stringify({ ...usage, pad: 'x'.repeat(300_000) }),
        status: 413,
      },
      { name: 'an unknown field', route: 'recordUsage', body: { ...usage, admin: true }, status: 400 },
      // Numbers, ids, query strings
      {
        name: 'a usage value of 1e400',
        route: 'recordUsage',
        raw: JSON.stringify(usage).replace('"value":1', '"value":1e400'),
        status: 400,
      },
      { name: 'a negative usage value', route: 'recordUsage', body: { ...usage, value: -5 }, status: 400 },
      { name: 'a usage value NaN', route: 'recordUsage', body: { ...usage, value: 'NaN' }, status: 400 },
      {
        name: 'a usage event a year ahead',
        route: 'recordUsage',
        body: { ...usage, timestamp: new Date(Date.now() + 365 * 86_400_000).toISOString() },
        status: 400,
      },
      { name: 'an unknown event type', route: 'recordUsage', body: { ...usage, event_type: 'gpu_hours' }, status: 400 },
      {
        name: 'a workspace id with a path',
        route: 'getWorkspace',
        params: { workspace_id: '../ws_iso_shared' },
        status: 400,
      },
      {
        name: 'a workspace id of 65 characters',
        route: 'getWorkspace',
        params: { workspace_id: 'w'.repeat(65) },
        status: 400,
      },
      {
        name: 'a workspace id in another script',
        route: 'getWorkspace',
        params: { workspace_id: 'wś_ünï' },
        status: 400,
      },
      {
        name: 'an unknown query parameter',
        route: 'listWorkspaceEvents',
        params: { workspace_id: WS },
        query: { limit: '5', admin: 'true' },
        status: 400,
      },
      { name: 'limit 0', route: 'listWebhookEvents', query: { limit: '0' }, status: 400 },
      { name: 'limit 101', route: 'listPaymentAttention', query: { limit: '101' }, status: 400 },
      {
        name: 'limit not a number',
        route: 'listWorkspaceEvents',
        params: { workspace_id: WS },
        query: { limit: '1e3x' },
        status: 400,
      },
      {
        name: 'a webhook provider that does not exist',
        route: 'listWebhookEvents',
        query: { provider: 'paypal' },
        status: 400,
      },
      {
        name: 'a run id of another shape',
        route: 'getReconciliationRun',
        params: { run_id: 'run_../../etc' },
        status: 400,
      },
      { name: 'a grant id of another shape', route: 'deleteGrant', params: { grant_id: 'grt_$(id)' }, status: 400 },
      {
        name: 'a payment method id of another shape',
        route: 'detachPaymentMethod',
        params: { workspace_id: WS, payment_method_id: 'card_123' },
        status: 400,
      },
      {
        name: 'a payment method that does not exist',
        route: 'setDefaultPaymentMethod',
        params: { workspace_id: WS, payment_method_id: 'pm_DoesNotExist01' },
        body: {},
        status: 404,
      },
      // Replays
      { name: 'a replay with neither ids nor a time range', route: 'replayWebhookEvents', body: {}, status: 400 },
      {
        name: 'a replay of 501 ids',
        route: 'replayWebhookEvents',
        body: { event_ids: Array.from({ length: 501 }, (_, i) => `evt_${i}`) },
        status: 400,
      },
      {
        name: 'a replay of an unknown id',
        route: 'replayWebhookEvents',
        body: { event_ids: ['evt_DoesNotExist1'] },
        status: 404,
      },
      {
        name: 'a replay of A’s events plus one unknown: all or nothing',
        route: 'replayWebhookEvents',
        body: { event_ids: [...(f.event_ids as string[]), 'evt_DoesNotExist2'] },
        status: 404,
      },
      {
        name: 'a replay with a time range that is not a time',
        route: 'replayWebhookEvents',
        body: { from: 'yesterday' },
        status: 400,
      },
      // Headers
      {
        name: 'an Idempotency-Key with spaces',
        route: 'recordUsage',
        body: usage,
        headers: { 'idempotency-key': 'two words' },
        status: 400,
      },
      {
        name: 'an Idempotency-Key of 256 characters',
        route: 'recordUsage',
        body: usage,
        headers: { 'idempotency-key': 'k'.repeat(256) },
        status: 400,
      },
      { name: 'no API key', route: 'getWorkspace', key: 'none', params: { workspace_id: WS }, status: 401 },
      {
        name: 'an API key with a newline',
        route: 'getWorkspace',
        key: 'none',
        params: { workspace_id: WS },
        headers: { authorization: `Bearer ${PROJECT_A.key}\nx` },
        status: 401,
      },
      // Webhooks: signed by the right secret but dated outside the tolerance, or not JSON.
      {
        name: 'a Stripe event signed 10 minutes in the future',
        route: 'stripeWebhook',
        key: 'none',
        raw: stripeEvent,
        headers: { 'stripe-signature': sig(stripeEvent, now + 600) },
        status: 400,
        code: 'invalid_signature',
      },
      {
        name: 'a Stripe event signed a day in the future',
        route: 'stripeWebhook',
        key: 'none',
        raw: stripeEvent,
        headers: { 'stripe-signature': sig(stripeEvent, now + 86_400) },
        status: 400,
        code: 'invalid_signature',
      },
      {
        name: 'a Stripe event signed an hour ago',
        route: 'stripeWebhook',
        key: 'none',
        raw: stripeEvent,
        headers: { 'stripe-signature': sig(stripeEvent, now - 3600) },
        status: 400,
        code: 'invalid_signature',
      },
      {
        name: 'a Stripe event signed with another secret',
        route: 'stripeWebhook',
        key: 'none',
        raw: stripeEvent,
        headers: { 'stripe-signature': sig(stripeEvent, now, 'whsec_not_ours') },
        status: 400,
        code: 'invalid_signature',
      },
      {
        name: 'a Stripe signature header that is garbage',
        route: 'stripeWebhook',
        key: 'none',
        raw: stripeEvent,
        headers: { 'stripe-signature': 'v1=,t=,,' },
        status: 400,
        code: 'invalid_signature',
      },
      {
        name: 'a Stripe signature with two timestamps, the last one ahead',
        route: 'stripeWebhook',
        key: 'none',
        raw: stripeEvent,
        headers: { 'stripe-signature': `${sig(stripeEvent, now)},t=${now + 3600}` },
        status: 400,
        code: 'invalid_signature',
      },
      {
        name: 'a signed Stripe body that is not JSON',
        route: 'stripeWebhook',
        key: 'none',
        raw: 'not json {',
        headers: { 'stripe-signature': sig('not json {', now) },
        status: 400,
        code: 'invalid_json',
      },
      {
        name: 'an unsigned Razorpay event',
        route: 'razorpayWebhook',
        key: 'none',
        raw: '{"event":"payment.captured"}',
        headers: { 'x-razorpay-event-id': 'evt_x' },
        status: 400,
        code: 'invalid_signature',
      },
    ];
    // Act
    const r = await runAll(cases);
    // Assess
    expect(r.failures).toEqual([]);
  });

  it('lets two projects send the same Idempotency-Key to Stripe-backed routes: both succeed', async () => {
    // Prepare: B's own workspace (made in beforeAll) and A's second one, neither subscribed yet.
    const sub = (k: string, ws: string) =>
      t.call(t.route('createSubscription'), {
        key: k,
        body: { workspace_id: ws, plan: 'pro' },
        headers: { 'idempotency-key': 'same-key-in-two-projects' },
      });
    const setup = (k: string, ws: string) =>
      t.call(t.route('createSetupIntent'), {
        key: k,
        params: { workspace_id: ws },
        body: {},
        headers: { 'idempotency-key': 'same-setup-key' },
      });
    // Act
    const a = await sub(PROJECT_A.key, 'ws_iso_second');
    const b = await sub(PROJECT_B.key, WS);
    const sa = await setup(PROJECT_A.key, 'ws_iso_second');
    const sb = await setup(PROJECT_B.key, WS);
    const bAgain = await sub(PROJECT_B.key, WS);
    // Assess
    expect([a.status, b.status, sa.status, sb.status], JSON.stringify([a.json, b.json, sa.json, sb.json])).toEqual([
      201, 201, 201, 201,
    ]);
    expect(a.json.subscription_id).not.toBe(b.json.subscription_id);
    expect(a.json.customer_id).not.toBe(b.json.customer_id);
    expect(sa.json.id).not.toBe(sb.json.id);
    expect(bAgain).toMatchObject({ status: 201, headers: { 'idempotent-replayed': 'true' } });
    expect(bAgain.json).toEqual(b.json);
    const keys = [...t.stripeEmulator.state.idempotency.keys()].join('\n');
    expect(keys).not.toContain('same-key-in-two-projects');
    expect(keys).not.toContain('same-setup-key');
    expect(keys).toContain(PROJECT_A.project);
    expect(keys).toContain(PROJECT_B.project);
  });

  function sig(payload: string, timestamp: number, secret = WEBHOOK_SECRET) {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  }

  let tried = 0;
  let held = 0;
  // biome-ignore lint/suspicious/noDuplicateTestHooks: the tally sits beside the counters it prints; the first hook stops the stack
  afterAll(() => {
    console.log(`hostile inputs: ${tried} tried, ${held} held`);
  });

  async function runAll(cases: Hostile[]) {
    const failures: string[] = [];
    for (const c of cases) {
      const before = await t.snapshot();
      const key = c.key === 'none' ? undefined : c.key === 'B' ? PROJECT_B.key : PROJECT_A.key;
      const res = await t.call(t.route(c.route), {
        key: key ?? '',
        params: c.params,
        query: c.query,
        body: c.body,
        raw: c.raw,
        headers: { ...(key ? {} : { authorization: '' }), ...c.headers },
      });
      const after = await t.snapshot();
      const problems = [...judge(c, res), ...snapshotDiff(before, after)];
      tried++;
      if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`);
      else held++;
    }
    return { failures };
  }

  function judge(c: Hostile, res: Answer): string[] {
    const problems: string[] = [];
    if (res.status !== c.status) problems.push(`answered ${res.status} (want ${c.status}): ${res.text.slice(0, 300)}`);
    const e = res.json?.error;
    if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || typeof e.request_id !== 'string')
      problems.push(`no error envelope: ${res.text.slice(0, 200)}`);
    else {
      if (c.code && e.code !== c.code) problems.push(`code ${e.code} (want ${c.code}): ${e.message}`);
      if (FOREIGN_TEXT.test(res.text)) problems.push(`passes on foreign text: ${res.text.slice(0, 300)}`);
    }
    return problems;
  }
});
