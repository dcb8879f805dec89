import { Catalog } from './schema';

/**
 * The catalog as code. `npm run catalog -- apply` writes it to Stripe (products, prices,
 * entitlement features, metadata); at run time the service reads plans back from Stripe, which
 * stays the source of truth. Amounts are minor units per currency.
 */
export const catalog = Catalog.parse({
  meters: [
    { key: 'ai_credits', name: 'AI credits', event_types: ['ai_credits', 'ai_credit'], credit_backed: true },
    { key: 'whatsapp_messages', name: 'WhatsApp messages', event_types: ['whatsapp_message', 'whatsapp_messages'] },
    { key: 'email_sends', name: 'Email sends', event_types: ['email_send', 'email_sends'] },
  ],
  plans: [
    {
      key: 'free',
      name: 'Free',
      description: 'Try the product with modest limits',
      default: true,
      prices: { month: { usd: 0, inr: 0 }, year: { usd: 0, inr: 0 } },
      features: ['basic_inbox'],
      limits: {
        ai_credits: { limit: '100', window: 'month', mode: 'hard' },
        whatsapp_messages: { limit: '50', window: 'day', mode: 'hard' },
        email_sends: { limit: '500', window: 'month', mode: 'soft' },
      },
      credits_per_period: 100,
      low_balance_threshold: 10,
    },
    {
      key: 'pro',
      name: 'Pro',
      description: 'For growing teams',
      prices: { month: { usd: 4900, inr: 399900 }, year: { usd: 49000, inr: 3999000 } },
      features: ['basic_inbox', 'whatsapp_campaigns', 'ai_assistant'],
      limits: {
        ai_credits: { limit: '5000', window: 'billing_period', mode: 'soft' },
        whatsapp_messages: { limit: '2000', window: 'day', mode: 'hard' },
        email_sends: { limit: '20000', window: 'billing_period', mode: 'soft' },
      },
      credits_per_period: 5000,
      low_balance_threshold: 1000,
    },
    {
      key: 'enterprise',
      name: 'Enterprise',
      description: 'Unlimited messaging, SSO and priority support',
      prices: { month: { usd: 19900, inr: 1599900 }, year: { usd: 199000, inr: 15999000 } },
      features: ['basic_inbox', 'whatsapp_campaigns', 'ai_assistant', 'sso', 'audit_log', 'priority_support'],
      limits: {
        ai_credits: { limit: '100000', window: 'billing_period', mode: 'soft' },
        whatsapp_messages: { limit: null, window: 'day', mode: 'soft' },
        email_sends: { limit: null, window: 'billing_period', mode: 'soft' },
      },
      credits_per_period: 100000,
      low_balance_threshold: 1000,
    },
  ],
  credit_packs: [
    { key: 'credits_1000', name: '1,000 AI credits', credits: 1000, prices: { usd: 1000, inr: 79900 } },
    { key: 'credits_10000', name: '10,000 AI credits', credits: 10000, prices: { usd: 8000, inr: 649900 } },
  ],
  credit_events: [
    { name: 'api_call_basic', description: 'Basic API call', credit_cost: 1, category: 'api_call', active: true },
    { name: 'api_call_premium', description: 'Premium API call', credit_cost: 5, category: 'api_call', active: true },
    {
      name: 'storage_gb_month',
      description: 'Storage per GB per month',
      credit_cost: 10,
      category: 'storage',
      active: true,
    },
    { name: 'ai_inference', description: 'AI model inference', credit_cost: 25, category: 'ai', active: true },
  ],
});

/** The meter credit packs and per-period credits add to. */
export const CREDITS_METER = 'ai_credits';

/** Lookup keys are how Tollgate finds its prices again; they never change for a given price. */
export const priceLookupKey = (plan: string, interval: 'month' | 'year', currency: string) =>
  `tollgate_${plan}_${interval}_${currency}`;
export const packLookupKey = (pack: string, currency: string) => `tollgate_pack_${pack}_${currency}`;
export const planProductId = (plan: string) => `tollgate_plan_${plan}`;
export const packProductId = (pack: string) => `tollgate_pack_${pack}`;
