/**
 * Generated from docs/openapi.json by `npm run docs` (openapi-typescript). Do not edit.
 */

export interface paths {
    "/api/v1/admin/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's project's catalog document, in exactly the format PUT takes
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["getCatalog"];
        /**
         * Push the project's catalog: Stripe is made to match it (the project's own objects only), existing workspaces' entitlements follow. `dry_run=true` answers the diff and writes nothing; removing a plan still subscribed to or a meter with usage this period is a 409 listing what uses it, unless `force=true`
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        put: operations["putCatalog"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/credits/adjust": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An operator's correction of a workspace's credits (positive: added as purchased credits; negative: burn order, never below zero); Idempotency-Key required
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["adjustCredits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dlq": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Depth of every queue and its dead-letter queue, with the last redrive (counts only: the queues are shared by all projects)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["listDlqs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dlq/{queue}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move the dead-letter queue's messages back to their queue for another attempt; answers with the counts moved (status running: still moving, follow it with GET /admin/dlq). Consumers are idempotent, so a redrive never counts twice
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["redriveDlq"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant a feature or extra meter quantity (same as POST /api/v1/admin/grants)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["grantAlias"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A workspace's grants, expired ones included
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["listGrants"];
        put?: never;
        /**
         * Grant a feature, or extra quantity on a meter, to a workspace (recomputes its entitlements)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["createGrant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/grants/{grant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a grant (recomputes the entitlements)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        delete: operations["deleteGrant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/reconciliation/attention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open payment items needing a human (mismatched or unapplied money, ledger disagreements), oldest first
         * @description Needs an API key with the scope `finance` (a key with `admin` has every scope).
         */
        get: operations["listPaymentAttention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/reconciliation/attention/{attention_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take an item off the open list once handled (kept for the record)
         * @description Needs an API key with the scope `finance` (a key with `admin` has every scope).
         */
        post: operations["resolvePaymentAttention"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/reconciliation/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the Stripe-vs-table drift check for the key's project now; answers the run report
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["startReconciliationRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/reconciliation/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A drift run's report: counts checked, drifts found and fixed by kind, items needing attention
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["getReconciliationRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a grant by id, or a workspace's active grants of a feature or meter (recomputes its entitlements)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["revokeAlias"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's project's settings: implicit workspaces and the bank details printed on bank-transfer invoices
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["getProjectSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the key's project's settings (only the fields given)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        patch: operations["updateProjectSettings"];
        trace?: never;
    };
    "/api/v1/admin/webhook-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's project's stored webhook events (those whose processing found one of its workspaces), newest first, with their processing status
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["listWebhookEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/webhook-events/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-process the key's project's stored webhook events by id (all or nothing: an id it does not own is a 404), or by time range and type
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["replayWebhookEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing-page/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A signed link to the workspace's billing page (plan, usage, credits, invoices; change plan, buy credits, cancel, payment methods), valid for `expires_in` seconds. Open it in the customer's browser or embed it in a frame on `return_url`'s origin; it grants that one workspace only.
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createBillingPageSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/history/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A workspace's billing timeline, newest first: invoices, credit packs and refunds, out-of-band settlements, plan changes
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        get: operations["billingHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events of the workspace's billing events as they are recorded (`id`: resume with Last-Event-ID; `Last-Event-ID: 0` replays the history). Heartbeat comments every 15 s; after 5 minutes the stream ends with `retry:` and an `event: reconnect`. In AWS it is served by its own Function URL (StreamBillingEventsUrl), not the HTTP API.
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["streamBillingEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/summary/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A workspace's billing at a glance: plan, status, period, next invoice, usage vs limits, credits, payment method, open invoices
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        get: operations["billingSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/invoices/{invoice_id}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an invoice: email through Stripe, WhatsApp as an invoice.send_requested event for a notifier
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["sendInvoice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/invoices/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's Stripe invoices, newest first (pass the previous page's next_cursor as cursor)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        get: operations["listInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/invoices/detail/{invoice_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One invoice of a workspace of the key's project, with the part-payments recorded against it
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        get: operations["getInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/razorpay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A Razorpay order for what remains on an open INR invoice: what Razorpay Checkout needs (201 new, 200 the same order again)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createRazorpayOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/razorpay/payment-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A Razorpay Payment Link (Razorpay's hosted page, no script on yours) for what remains on an open INR invoice: one per invoice and amount due (201 new, 200 the same link again); paying it settles the Stripe invoice out of band
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createRazorpayPaymentLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a bank transfer, cheque or other-gateway payment against a Stripe invoice; settles it paid out of band once payments add up. Idempotent per reference (201 first time, 200 with the first answer after)
         * @description Needs an API key with the scope `finance` (a key with `admin` has every scope).
         */
        post: operations["reconcilePayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkout/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A Stripe Checkout Session for a plan (the subscription lands via webhooks) or a credit pack (the credits land via webhooks)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createCheckoutSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What consuming credits can be for, and what each costs (the catalog in code)
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["listCreditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credit-products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Credit packs for sale: their credits and prices per currency (minor units)
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["listCreditProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credit-products/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A Stripe Checkout Session for credit packs; once paid, the credits land in the workspace's purchased bucket (via webhooks)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createCreditCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's credit balance: total, purchased (never expires) and subscription credits (expire at the period end)
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["getCredits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/{workspace_id}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's credit ledger, newest first: every allocation, purchase, consumption, expiry, refund and adjustment
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["listCreditTransactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/credits/consume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Debit credit_cost × quantity credits, purchased credits first; 402 insufficient_credits with nothing written when short; the same idempotency_key debits once
         * @description Needs an API key with the scope `usage:write` (a key with `admin` has every scope).
         */
        post: operations["consumeCredits"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entitlements/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Plan, features, limits with live usage, and grants: one DynamoDB read, no Stripe call
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["getEntitlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entitlements/{workspace_id}/feature/{feature}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the workspace has a feature, and why
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["checkFeature"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entitlements/{workspace_id}/invalidate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute the snapshot now from the subscription, the plans and the grants
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["invalidateEntitlements"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entitlements/{workspace_id}/usage/{meter}/exceeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether a meter is at or over its limit in the current window (meter key or event type alias)
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["checkUsageExceeded"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reachability of each dependency (table, queues), each checked within 1.5 s; 503 with the reason per dependency when any is down */
        get: operations["healthV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (no dependency checks) */
        get: operations["liveV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/project/{project_id}/revenue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's project's revenue per currency in a period (collected, refunds, net, with a daily series) and MRR now
         * @description Needs an API key with the scope `finance` (a key with `admin` has every scope).
         */
        get: operations["revenueMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/project/{project_id}/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's project's subscriptions by status and plan, trials, conversions, cancellations and churn in a period
         * @description Needs an API key with the scope `finance` (a key with `admin` has every scope).
         */
        get: operations["subscriptionMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document, generated from the route manifest */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's project's plans, read from Stripe and cached for 10 minutes
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["listPlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portal/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A Stripe billing portal link for the workspace
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve: configuration parsed and the table reachable within 1.5 s (else 503 with the reason) */
        get: operations["readyV1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Subscribe a workspace to a plan (creates the Stripe customer when needed)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's subscription as Tollgate last saw it from Stripe
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["getSubscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change seats (prorated) or the billing email
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        patch: operations["updateSubscription"];
        trace?: never;
    };
    "/api/v1/subscriptions/{workspace_id}/change-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change plan now (prorated) or at the end of the period
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["changePlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{workspace_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause collection (access stops while paused)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["pauseSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{workspace_id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The upcoming invoice for a plan/seat change, without changing anything
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        post: operations["previewSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{workspace_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused subscription
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["resumeSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/{workspace_id}/revoke-cancellation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo a cancellation scheduled for the period end
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["revokeCancellation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/subscriptions/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel now, or at the end of the period (default)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["cancelSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage per meter: with `granularity`, totals per day, calendar month or billing period (days kept 400 days; periods that start in [from, to), paged); without it, the current or previous billing period or a calendar month (`period`)
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["usageReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/{workspace_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The usage events counted for a workspace (the last 40 days), with their idempotency key, value, time, billing window and metadata
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["usageEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count a usage event once, push it to the Stripe meter, answer the new usage; `enforce` checks and consumes a hard limit atomically
         * @description Needs an API key with the scope `usage:write` (a key with `admin` has every scope).
         */
        post: operations["recordUsage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage/events/async": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate a usage event and queue it for counting (202)
         * @description Needs an API key with the scope `usage:write` (a key with `admin` has every scope).
         */
        post: operations["recordUsageAsync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The project's webhook endpoints, oldest first
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register an https endpoint for the project's billing events; answers its signing secret (shown once)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{endpoint_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a webhook endpoint (without its secret)
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete an endpoint; its pending deliveries are not attempted again
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change what an endpoint receives, its URL or description, or disable it
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{endpoint_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's deliveries, newest first: status, attempts, last response code and latency
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One delivery
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again now (a failed one gets a new retry window); 409 while an attempt runs
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret (shown once); the old one keeps signing for grace_seconds (default 24 h) so receivers can switch
         * @description Needs an API key with the scope `admin` (a key with `admin` has every scope).
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/razorpay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Razorpay webhook receiver (Function URL in AWS): verify, store once, enqueue to payment-events, 2xx */
        post: operations["razorpayWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stripe webhook receiver (Function URL in AWS): verify, store once, enqueue, 2xx */
        post: operations["stripeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a workspace
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["getWorkspace"];
        /**
         * Create or update a workspace (the billed customer)
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        put: operations["putWorkspace"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspace_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's billing events (activated, plan changed, invoice paid, …), newest first
         * @description Needs an API key with the scope `entitlements:read` (a key with `admin` has every scope).
         */
        get: operations["listWorkspaceEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspace_id}/payment-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's saved cards
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        get: operations["listPaymentMethods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspace_id}/payment-methods/{payment_method_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a saved card
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        delete: operations["detachPaymentMethod"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspace_id}/payment-methods/{payment_method_id}/default": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a saved card the default for invoices
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["setDefaultPaymentMethod"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspace_id}/payment-methods/setup-intent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A SetupIntent to save a card with Stripe.js
         * @description Needs an API key with the scope `subscriptions:manage` (a key with `admin` has every scope).
         */
        post: operations["createSetupIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's billing page */
        get: operations["billingPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/{token}/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A form of the billing page (application/x-www-form-urlencoded); answers 303 to the page, to Stripe's Checkout or portal, or to a Razorpay Payment Link for an open INR invoice */
        post: operations["billingPageAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/{token}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cancelling at the period end, to confirm */
        get: operations["billingPageCancel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/{token}/change-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The amounts of a change of plan (Stripe preview), to confirm */
        get: operations["billingPagePlanChange"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/{token}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's billing events as Server-Sent Events, answered as soon as there are some (or empty before the function's time runs out); the browser reconnects with Last-Event-ID */
        get: operations["billingPageEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator console: calls this API with an admin key kept in the browser tab */
        get: operations["operatorConsole"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator console opened by a signed link from `npm run console -- link`: the console gets that link's short-lived admin key for its project (an expired or altered link answers an error page) */
        get: operations["operatorConsoleLink"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reachability of each dependency (table, queues), each checked within 1.5 s; 503 with the reason per dependency when any is down */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (no dependency checks) */
        get: operations["live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pages/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pages' script and stylesheet (built into the function) */
        get: operations["pageAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve: configuration parsed and the table reachable within 1.5 s (else 503 with the reason) */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /**
                 * @description Stable: branch on it, not on the message.
                 *
                 *     - `validation_failed`: A path, query or body field is missing or wrong; `details` lists `{field, message}`.
                 *     - `invalid_json`: The body is not JSON.
                 *     - `json_too_deep`: The body nests deeper than the pipeline accepts.
                 *     - `forbidden_key`: The body carries a key such as `__proto__`.
                 *     - `invalid_cursor`: The cursor was not issued by this list to this caller.
                 *     - `payload_too_large`: The body exceeds the size limit (`details.limit_bytes`).
                 *     - `unsupported_media_type`: The body is not `application/json`.
                 *     - `route_not_found`: No route for this method and path.
                 *     - `method_not_allowed`: The path exists but not with this method.
                 *     - `unauthorized`: A valid API key is required.
                 *     - `missing_api_key`: No `Authorization: Bearer` or `x-api-key` header.
                 *     - `invalid_api_key`: The API key is unknown.
                 *     - `api_key_revoked`: The API key has been revoked.
                 *     - `api_key_expired`: The API key has expired (a key made for a signed console link lives as long as the link).
                 *     - `forbidden`: The key's scopes do not allow this operation.
                 *     - `idempotency_key_reused`: The Idempotency-Key was used with another body.
                 *     - `idempotency_key_in_progress`: The first attempt with this Idempotency-Key is still running; retry after `Retry-After`.
                 *     - `not_found`: The workspace, invoice, grant, endpoint or event does not exist for this project.
                 *     - `feature_not_found`: The feature is not in the catalog.
                 *     - `meter_not_found`: The meter or event type is not in the catalog.
                 *     - `conflict`: The request conflicts with the current state.
                 *     - `subscription_exists`: The workspace already has a live subscription; change its plan instead.
                 *     - `invalid_transition`: The subscription cannot make this change in its current state.
                 *     - `customer_already_set`: The workspace already has a Stripe customer.
                 *     - `customer_already_linked`: The Stripe customer is already linked to another workspace.
                 *     - `purchase_grant`: The grant follows a credit-pack payment; refund the payment to take it back.
                 *     - `endpoint_exists`: A webhook endpoint with this URL exists.
                 *     - `endpoint_limit_reached`: The project has the most webhook endpoints allowed.
                 *     - `delivery_in_progress`: An attempt of this delivery is running.
                 *     - `catalog_changed`: Another push changed the project's catalog since it was read; read it again and retry.
                 *     - `catalog_in_use`: The catalog removes plans or meters still in use (`details.in_use`); `force=true` removes them anyway.
                 *     - `usage_write_contended`: Too many concurrent writes to this meter; retry with the same idempotency key.
                 *     - `invoice_already_paid`: The invoice is paid already.
                 *     - `invoice_voided`: The invoice is void.
                 *     - `payment_in_progress`: Recorded payments already cover the invoice; it is being settled.
                 *     - `reference_in_progress`: A concurrent request is recording this payment reference.
                 *     - `reference_reused`: The payment reference was recorded with other details.
                 *     - `unprocessable`: The request cannot be carried out.
                 *     - `project_id_unusable`: The project id cannot name Stripe objects (`[A-Za-z0-9_-]{1,64}`).
                 *     - `unknown_credit_event`: The credit event is not in the project catalog.
                 *     - `inactive_credit_event`: The credit event is in the catalog but not active.
                 *     - `insufficient_credits`: The credit balance does not cover the cost; nothing was debited (`details.balance`, `details.required`).
                 *     - `price_unavailable`: The plan or pack has no price for this interval and currency.
                 *     - `invoice_not_open`: The invoice is not open for payment.
                 *     - `workspace_unlinked`: The invoice's customer is not linked to a workspace.
                 *     - `currency_mismatch`: The payment is in another currency than the invoice.
                 *     - `currency_not_supported`: The payment provider does not collect this currency.
                 *     - `amount_mismatch`: The payment amount differs from what the invoice asks.
                 *     - `amount_too_small`: The amount is below the payment provider's minimum.
                 *     - `overpayment`: The payment exceeds the amount outstanding (`details`).
                 *     - `paid_at_in_future`: The payment time is in the future.
                 *     - `invalid_webhook_url`: The webhook URL is not an allowed https address.
                 *     - `card_declined`: Stripe declined the payment (`details.decline_code`).
                 *     - `provider_invalid_request`: The payment provider refused the request.
                 *     - `rate_limited`: Too many requests; retry after `Retry-After`.
                 *     - `usage_limit_exceeded`: The usage would exceed a hard limit; nothing was counted (`details` has limit and usage).
                 *     - `provider_rate_limited`: The payment provider is rate limiting; retry later.
                 *     - `provider_error`: The payment provider failed.
                 *     - `provider_unavailable`: The payment provider could not be reached; retry later.
                 *     - `provider_auth_failed`: The payment provider refused Tollgate's credentials.
                 *     - `provider_unexpected_response`: The payment provider answered with something unexpected.
                 *     - `meter_event_failed`: The usage was counted but Stripe did not accept the meter event; retry with the same key.
                 *     - `service_unavailable`: A dependency (DynamoDB, SQS, Stripe) did not answer; retry after `Retry-After`.
                 *     - `internal_error`: An unexpected error; quote the request id to support.
                 *     - `invalid_signature`: The webhook signature is missing, wrong or stale; nothing was stored.
                 * @enum {string}
                 */
                code: "validation_failed" | "invalid_json" | "json_too_deep" | "forbidden_key" | "invalid_cursor" | "payload_too_large" | "unsupported_media_type" | "route_not_found" | "method_not_allowed" | "unauthorized" | "missing_api_key" | "invalid_api_key" | "api_key_revoked" | "api_key_expired" | "forbidden" | "idempotency_key_reused" | "idempotency_key_in_progress" | "not_found" | "feature_not_found" | "meter_not_found" | "conflict" | "subscription_exists" | "invalid_transition" | "customer_already_set" | "customer_already_linked" | "purchase_grant" | "endpoint_exists" | "endpoint_limit_reached" | "delivery_in_progress" | "catalog_changed" | "catalog_in_use" | "usage_write_contended" | "invoice_already_paid" | "invoice_voided" | "payment_in_progress" | "reference_in_progress" | "reference_reused" | "unprocessable" | "project_id_unusable" | "unknown_credit_event" | "inactive_credit_event" | "insufficient_credits" | "price_unavailable" | "invoice_not_open" | "workspace_unlinked" | "currency_mismatch" | "currency_not_supported" | "amount_mismatch" | "amount_too_small" | "overpayment" | "paid_at_in_future" | "invalid_webhook_url" | "card_declined" | "provider_invalid_request" | "rate_limited" | "usage_limit_exceeded" | "provider_rate_limited" | "provider_error" | "provider_unavailable" | "provider_auth_failed" | "provider_unexpected_response" | "meter_event_failed" | "service_unavailable" | "internal_error" | "invalid_signature";
                details?: unknown;
                message: string;
                request_id: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getCatalog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @default [] */
                        credit_events: {
                            /** @default true */
                            active: boolean;
                            category: string;
                            credit_cost: number;
                            description: string;
                            name: string;
                        }[];
                        credit_packs: {
                            credits: number;
                            key: string;
                            name: string;
                            prices: {
                                [key: string]: number;
                            };
                        }[];
                        meters: {
                            /** @default false */
                            credit_backed: boolean;
                            event_types: string[];
                            key: string;
                            name: string;
                        }[];
                        plans: {
                            credits_per_period: number;
                            /** @default false */
                            default: boolean;
                            description: string;
                            features: string[];
                            key: string;
                            limits: {
                                [key: string]: {
                                    limit: string | null;
                                    /** @enum {string} */
                                    mode: "soft" | "hard";
                                    /** @enum {string} */
                                    window: "day" | "month" | "billing_period";
                                };
                            };
                            /** @default 0 */
                            low_balance_threshold: number;
                            name: string;
                            prices: {
                                month: {
                                    [key: string]: number;
                                };
                                year: {
                                    [key: string]: number;
                                };
                            };
                            /** @default {} */
                            usage_prices: {
                                [key: string]: {
                                    included: string;
                                    unit_amount_decimal: {
                                        [key: string]: string;
                                    };
                                };
                            };
                        }[];
                    };
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putCatalog: {
        parameters: {
            query?: {
                dry_run?: "true" | "false";
                force?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default [] */
                    credit_events?: {
                        /** @default true */
                        active?: boolean;
                        category: string;
                        credit_cost: number;
                        description: string;
                        name: string;
                    }[];
                    credit_packs: {
                        credits: number;
                        key: string;
                        name: string;
                        prices: {
                            [key: string]: number;
                        };
                    }[];
                    meters: {
                        /** @default false */
                        credit_backed?: boolean;
                        event_types: string[];
                        key: string;
                        name: string;
                    }[];
                    plans: {
                        credits_per_period: number;
                        /** @default false */
                        default?: boolean;
                        description: string;
                        features: string[];
                        key: string;
                        limits: {
                            [key: string]: {
                                limit: string | null;
                                /** @enum {string} */
                                mode: "soft" | "hard";
                                /** @enum {string} */
                                window: "day" | "month" | "billing_period";
                            };
                        };
                        /** @default 0 */
                        low_balance_threshold?: number;
                        name: string;
                        prices: {
                            month: {
                                [key: string]: number;
                            };
                            year: {
                                [key: string]: number;
                            };
                        };
                        /** @default {} */
                        usage_prices?: {
                            [key: string]: {
                                included: string;
                                unit_amount_decimal: {
                                    [key: string]: string;
                                };
                            };
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        applied: boolean;
                        /** @description What the push changes in Stripe, one line per object */
                        changes: string[];
                        consequences: string[];
                        dry_run: boolean;
                        /** @description Removed plans still subscribed to and removed meters with usage this period */
                        in_use: {
                            count: number;
                            key: string;
                            /** @enum {string} */
                            kind: "plan" | "meter";
                            workspaces: string[];
                        }[];
                        project_id: string;
                        removed: {
                            credit_packs: string[];
                            meters: string[];
                            plans: string[];
                        };
                        version: number;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    adjustCredits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount: number;
                    reason: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        balance_after: number;
                        duplicate: boolean;
                        from: {
                            purchased: number;
                            subscription: number;
                        };
                        reason: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDlqs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        queues: {
                            dlq_in_flight: number;
                            dlq_messages: number;
                            in_flight: number;
                            last_redrive: {
                                failure_reason?: string;
                                moved: number;
                                started_at: string;
                                status: string;
                                to_move: number;
                            } | null;
                            messages: number;
                            /** @enum {string} */
                            queue: "usage" | "stripe" | "payment" | "outbound" | "catalog";
                        }[];
                    };
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redriveDlq: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                queue: "usage" | "stripe" | "payment" | "outbound" | "catalog";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        failure_reason?: string;
                        /** @enum {string} */
                        method: "message-move-task" | "receive-send-delete";
                        moved: number;
                        /** @enum {string} */
                        queue: "usage" | "stripe" | "payment" | "outbound" | "catalog";
                        remaining: number;
                        /** @enum {string} */
                        status: "completed" | "running" | "failed" | "cancelled" | "empty";
                        to_move: number;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    grantAlias: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    feature?: string;
                    /** @description A meter key or event type alias; the grant adds `quantity` to its limit. */
                    meter?: string;
                    /** @description Positive exact decimal, at most 1000000000000 with at most 12 decimal places and 15 significant digits (Stripe's meters take no more). Prefer a string ("2.5"). */
                    quantity?: number | string;
                    reason: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entitlements: {
                            access_reason: string;
                            billing_period: {
                                end: string;
                                start: string;
                            } | null;
                            /** @description The subscription's current (or last) period as Stripe states it, its start and its end, also once it ended: usage windows follow it. */
                            billing_span?: {
                                ended_at: string | null;
                                period: {
                                    end: string;
                                    start: string;
                                };
                                started_at: string | null;
                            } | null;
                            computed_at: string;
                            features: string[];
                            grants: {
                                created_at: string;
                                expires_at: string | null;
                                feature: string | null;
                                grant_id: string;
                                meter: string | null;
                                quantity: string | null;
                                reason: string;
                                workspace_id: string;
                            }[];
                            limits: {
                                [key: string]: {
                                    /** @description Exact decimal; null = unlimited. */
                                    limit: string | null;
                                    /** @enum {string} */
                                    mode: "soft" | "hard";
                                    /** @enum {string} */
                                    window: "day" | "month" | "billing_period";
                                };
                            };
                            plan: string;
                            /** @enum {string} */
                            plan_source: "subscription" | "default";
                            subscription_status: string | null;
                            workspace_id: string;
                        };
                        grant: {
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        };
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listGrants: {
        parameters: {
            query: {
                workspace_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        grants: {
                            active: boolean;
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createGrant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    expires_at?: string;
                    feature?: string;
                    /** @description A meter key or event type alias; the grant adds `quantity` to its limit. */
                    meter?: string;
                    /** @description Positive exact decimal, at most 1000000000000 with at most 12 decimal places and 15 significant digits (Stripe's meters take no more). Prefer a string ("2.5"). */
                    quantity?: number | string;
                    reason: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entitlements: {
                            access_reason: string;
                            billing_period: {
                                end: string;
                                start: string;
                            } | null;
                            /** @description The subscription's current (or last) period as Stripe states it, its start and its end, also once it ended: usage windows follow it. */
                            billing_span?: {
                                ended_at: string | null;
                                period: {
                                    end: string;
                                    start: string;
                                };
                                started_at: string | null;
                            } | null;
                            computed_at: string;
                            features: string[];
                            grants: {
                                created_at: string;
                                expires_at: string | null;
                                feature: string | null;
                                grant_id: string;
                                meter: string | null;
                                quantity: string | null;
                                reason: string;
                                workspace_id: string;
                            }[];
                            limits: {
                                [key: string]: {
                                    /** @description Exact decimal; null = unlimited. */
                                    limit: string | null;
                                    /** @enum {string} */
                                    mode: "soft" | "hard";
                                    /** @enum {string} */
                                    window: "day" | "month" | "billing_period";
                                };
                            };
                            plan: string;
                            /** @enum {string} */
                            plan_source: "subscription" | "default";
                            subscription_status: string | null;
                            workspace_id: string;
                        };
                        grant: {
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        };
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteGrant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        grant: {
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        };
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPaymentAttention: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            amount: number | null;
                            created_at: string;
                            currency: string | null;
                            details: {
                                [key: string]: unknown;
                            };
                            id: string;
                            invoice_id: string | null;
                            last_seen_at: string;
                            message: string;
                            occurrences: number;
                            reason: string;
                            reference: string | null;
                            source: string;
                            /** @enum {string} */
                            status: "open" | "resolved";
                            workspace_id: string | null;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolvePaymentAttention: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                attention_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number | null;
                        created_at: string;
                        currency: string | null;
                        details: {
                            [key: string]: unknown;
                        };
                        id: string;
                        invoice_id: string | null;
                        last_seen_at: string;
                        message: string;
                        occurrences: number;
                        reason: string;
                        reference: string | null;
                        source: string;
                        /** @enum {string} */
                        status: "open" | "resolved";
                        workspace_id: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startReconciliationRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default false */
                    dry_run?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attention: {
                            id: string;
                            invoice_id: string | null;
                            message: string;
                            reason: string;
                            workspace_id: string | null;
                        }[];
                        checked: {
                            customers: number;
                            invoices: number;
                            razorpay_links: number;
                            razorpay_orders: number;
                            settlements: number;
                            subscriptions: number;
                            webhooks: number;
                        };
                        drifts: {
                            by_kind: {
                                [key: string]: {
                                    fixed: number;
                                    found: number;
                                };
                            };
                            fixed: number;
                            found: number;
                        };
                        dry_run: boolean;
                        error: string | null;
                        finished_at: string | null;
                        items: {
                            attention_id: string | null;
                            detail: string;
                            fixed: boolean;
                            kind: string;
                            subject: string;
                            workspace_id: string | null;
                        }[];
                        run_id: string;
                        /** @enum {string} */
                        scope: "project" | "all_projects";
                        started_at: string;
                        /** @enum {string} */
                        status: "running" | "completed" | "incomplete" | "failed";
                        trigger: string;
                        truncated: boolean;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getReconciliationRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attention: {
                            id: string;
                            invoice_id: string | null;
                            message: string;
                            reason: string;
                            workspace_id: string | null;
                        }[];
                        checked: {
                            customers: number;
                            invoices: number;
                            razorpay_links: number;
                            razorpay_orders: number;
                            settlements: number;
                            subscriptions: number;
                            webhooks: number;
                        };
                        drifts: {
                            by_kind: {
                                [key: string]: {
                                    fixed: number;
                                    found: number;
                                };
                            };
                            fixed: number;
                            found: number;
                        };
                        dry_run: boolean;
                        error: string | null;
                        finished_at: string | null;
                        items: {
                            attention_id: string | null;
                            detail: string;
                            fixed: boolean;
                            kind: string;
                            subject: string;
                            workspace_id: string | null;
                        }[];
                        run_id: string;
                        /** @enum {string} */
                        scope: "project" | "all_projects";
                        started_at: string;
                        /** @enum {string} */
                        status: "running" | "completed" | "incomplete" | "failed";
                        trigger: string;
                        truncated: boolean;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeAlias: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    feature?: string;
                    grant_id?: string;
                    meter?: string;
                    workspace_id?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked: {
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProjectSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bank_details: {
                            account_name: string;
                            account_number: string;
                            bank_name: string | null;
                            ifsc: string;
                        } | null;
                        implicit_country: string;
                        implicit_currency: string;
                        implicit_workspaces: boolean;
                        updated_at: string | null;
                    };
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateProjectSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bank_details?: {
                        account_name: string;
                        account_number: string;
                        /** @default null */
                        bank_name?: string | null;
                        ifsc: string;
                    } | null;
                    implicit_country?: string;
                    implicit_currency?: string;
                    implicit_workspaces?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bank_details: {
                            account_name: string;
                            account_number: string;
                            bank_name: string | null;
                            ifsc: string;
                        } | null;
                        implicit_country: string;
                        implicit_currency: string;
                        implicit_workspaces: boolean;
                        updated_at: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookEvents: {
        parameters: {
            query?: {
                cursor?: string;
                from?: string;
                limit?: number;
                provider?: "stripe" | "razorpay";
                status?: "received" | "queued" | "processed" | "failed" | "ignored";
                to?: string;
                type?: string;
                workspace_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            attempts: number;
                            created: string;
                            event_id: string;
                            last_error: string | null;
                            object_id: string | null;
                            processed_at: string | null;
                            /** @enum {string} */
                            provider: "stripe" | "razorpay";
                            received_at: string;
                            status: string;
                            type: string;
                            workspace_id: string | null;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replayWebhookEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    event_ids?: string[];
                    /** Format: date-time */
                    from?: string;
                    /**
                     * @default stripe
                     * @enum {string}
                     */
                    provider?: "stripe" | "razorpay";
                    /** Format: date-time */
                    to?: string;
                    type?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        replayed: string[];
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createBillingPageSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Seconds the link stays valid (default 3600).
                     * @default 3600
                     */
                    expires_in?: number;
                    /**
                     * Format: uri
                     * @description Where the page's Back link goes; its origin may frame the page.
                     */
                    return_url: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        expires_at: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingHistory: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: {
                            amount: number | null;
                            currency: string | null;
                            data: {
                                [key: string]: unknown;
                            };
                            description: string;
                            id: string;
                            invoice_id: string | null;
                            /** @enum {string} */
                            kind: "invoice" | "settlement" | "credit_pack" | "refund" | "plan_change";
                            occurred_at: string;
                            type: string;
                        }[];
                        next_cursor: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamBillingEvents: {
        parameters: {
            query: {
                workspace_id: string;
            };
            header?: {
                /** @description Resume after this event id; `0` replays from the start */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream (text/event-stream): `id`, `event` (the type) and `data` (the event as JSON) per event; comments as heartbeats */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingSummary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        credits: {
                            balance: string;
                            expires_at: string | null;
                        } | null;
                        default_payment_method: {
                            brand: string | null;
                            exp_month: number | null;
                            exp_year: number | null;
                            id: string;
                            last4: string | null;
                            type: string;
                        } | null;
                        has_access: boolean;
                        /** @description Stripe's preview of the next invoice (null when none is coming) */
                        next_invoice: {
                            amount_due: number;
                            currency: string;
                            next_payment_attempt: string | null;
                            period_end: string | null;
                            period_start: string | null;
                            total: number;
                        } | null;
                        open_invoices: {
                            amount_due: number;
                            amount_remaining: number;
                            currency: string;
                            due_date: string | null;
                            /** @description Where the customer pays it */
                            hosted_invoice_url: string | null;
                            id: string;
                            number: string | null;
                            subscription_id: string | null;
                        }[];
                        period: {
                            end: string;
                            start: string;
                        } | null;
                        plan: string;
                        /** @enum {string} */
                        plan_source: "subscription" | "default";
                        /** @description The subscription's Stripe status (null without one) */
                        status: string | null;
                        subscription: {
                            cancel_at: string | null;
                            cancel_at_period_end: boolean;
                            currency: string;
                            interval: ("month" | "year") | null;
                            pending_plan: string | null;
                            plan: string | null;
                            seats: number;
                            subscription_id: string;
                            trial_end: string | null;
                        } | null;
                        usage: {
                            [key: string]: {
                                exceeded: boolean;
                                limit: string | null;
                                remaining: string | null;
                                resets_at: string;
                                used: string;
                                window: string;
                            };
                        };
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sendInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    channel: "email" | "whatsapp";
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel: "email" | "whatsapp";
                        /** @enum {string} */
                        delivery: "stripe_email" | "event_published";
                        invoice: {
                            amount_due: number;
                            amount_paid: number;
                            amount_remaining: number;
                            /** @description Where to pay by bank transfer (NEFT, RTGS or IMPS), as printed on the invoice: for an INR invoice sent for payment (send_invoice) of a subscription created while the project had bank details (PATCH /api/v1/admin/settings); null otherwise. */
                            bank_transfer: {
                                account_name: string;
                                account_number: string;
                                ifsc: string;
                                /** @description What the payer quotes with the transfer: the invoice number, unique per invoice (null while the invoice is a draft). It is a valid reference for POST /api/v1/checkout/reconcile. */
                                reference: string | null;
                            } | null;
                            /** @description charge_automatically or send_invoice (Stripe may add values) */
                            collection_method: string;
                            created: string;
                            currency: string;
                            due_date: string | null;
                            hosted_invoice_url: string | null;
                            id: string;
                            lines: {
                                amount: number;
                                currency: string;
                                description: string | null;
                                id: string;
                                /** @description The meter a usage line bills; null for other lines. */
                                meter: string | null;
                                period_end: string | null;
                                period_start: string | null;
                                quantity: number | null;
                                /** @description The exact quantity (a usage line's usage for its period). */
                                quantity_decimal: string | null;
                            }[];
                            number: string | null;
                            paid_at: string | null;
                            status: string | null;
                            subscription_id: string | null;
                            total: number;
                            workspace_id: string | null;
                        };
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listInvoices: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "draft" | "open" | "paid" | "uncollectible" | "void";
            };
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        invoices: {
                            amount_due: number;
                            amount_paid: number;
                            amount_remaining: number;
                            /** @description Where to pay by bank transfer (NEFT, RTGS or IMPS), as printed on the invoice: for an INR invoice sent for payment (send_invoice) of a subscription created while the project had bank details (PATCH /api/v1/admin/settings); null otherwise. */
                            bank_transfer: {
                                account_name: string;
                                account_number: string;
                                ifsc: string;
                                /** @description What the payer quotes with the transfer: the invoice number, unique per invoice (null while the invoice is a draft). It is a valid reference for POST /api/v1/checkout/reconcile. */
                                reference: string | null;
                            } | null;
                            /** @description charge_automatically or send_invoice (Stripe may add values) */
                            collection_method: string;
                            created: string;
                            currency: string;
                            due_date: string | null;
                            hosted_invoice_url: string | null;
                            id: string;
                            lines: {
                                amount: number;
                                currency: string;
                                description: string | null;
                                id: string;
                                /** @description The meter a usage line bills; null for other lines. */
                                meter: string | null;
                                period_end: string | null;
                                period_start: string | null;
                                quantity: number | null;
                                /** @description The exact quantity (a usage line's usage for its period). */
                                quantity_decimal: string | null;
                            }[];
                            number: string | null;
                            paid_at: string | null;
                            status: string | null;
                            subscription_id: string | null;
                            total: number;
                            workspace_id: string | null;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getInvoice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invoice_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount_due: number;
                        /** @description What is still to be paid: amount_remaining less amount_recorded (0 once paid) */
                        amount_outstanding: number;
                        amount_paid: number;
                        /** @description Sum of recorded_payments */
                        amount_recorded: number;
                        amount_remaining: number;
                        /** @description Where to pay by bank transfer (NEFT, RTGS or IMPS), as printed on the invoice: for an INR invoice sent for payment (send_invoice) of a subscription created while the project had bank details (PATCH /api/v1/admin/settings); null otherwise. */
                        bank_transfer: {
                            account_name: string;
                            account_number: string;
                            ifsc: string;
                            /** @description What the payer quotes with the transfer: the invoice number, unique per invoice (null while the invoice is a draft). It is a valid reference for POST /api/v1/checkout/reconcile. */
                            reference: string | null;
                        } | null;
                        /** @description charge_automatically or send_invoice (Stripe may add values) */
                        collection_method: string;
                        created: string;
                        currency: string;
                        due_date: string | null;
                        hosted_invoice_url: string | null;
                        id: string;
                        lines: {
                            amount: number;
                            currency: string;
                            description: string | null;
                            id: string;
                            /** @description The meter a usage line bills; null for other lines. */
                            meter: string | null;
                            period_end: string | null;
                            period_start: string | null;
                            quantity: number | null;
                            /** @description The exact quantity (a usage line's usage for its period). */
                            quantity_decimal: string | null;
                        }[];
                        number: string | null;
                        paid_at: string | null;
                        recorded_payments: {
                            amount: number;
                            currency: string;
                            gateway: string;
                            method: string;
                            paid_at: string;
                            payment_id: string;
                            recorded_at: string;
                            reference: string;
                        }[];
                        status: string | null;
                        subscription_id: string | null;
                        total: number;
                        workspace_id: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createRazorpayOrder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    invoice_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        created: boolean;
                        /** @constant */
                        currency: "INR";
                        invoice_id: string;
                        key_id: string;
                        order_id: string;
                        receipt: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createRazorpayPaymentLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    invoice_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        created: boolean;
                        /** @constant */
                        currency: "INR";
                        expires_at: string;
                        invoice_id: string;
                        payment_link_id: string;
                        reference_id: string;
                        /** @description The link's short_url: send the customer there */
                        url: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reconcilePayment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Record less than the amount remaining; the invoice settles when the recorded payments add up */
                    allow_partial?: boolean;
                    /** @description Minor units of currency (₹1,250.00 is 125000); must equal the amount remaining unless allow_partial */
                    amount: number;
                    /** @description ISO 4217; must be the invoice's currency */
                    currency: string;
                    /** @description Where the money came in: manual (bank transfer, cheque), zoho, …; references are unique per gateway */
                    gateway?: string;
                    /** @description The Stripe invoice the payment is for */
                    invoice_id: string;
                    /**
                     * @description How the money was paid
                     * @enum {string}
                     */
                    method: "neft" | "rtgs" | "imps" | "upi" | "cheque" | "other";
                    /** @description Free text for finance */
                    note?: string;
                    /**
                     * Format: date-time
                     * @description When the customer paid (ISO 8601)
                     */
                    paid_at: string;
                    /** @description The payment's unique reference (bank UTR, cheque number, gateway payment id); the same reference is applied once */
                    reference: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount: number;
                        attention_id: string | null;
                        currency: string;
                        gateway: string;
                        invoice_id: string;
                        invoice_status: string | null;
                        method: string;
                        outstanding: number;
                        payment_id: string;
                        recorded_at: string;
                        recorded_total: number;
                        reference: string;
                        /** @enum {string} */
                        status: "settled" | "partial" | "needs_attention";
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCheckoutSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    cancel_url: string;
                    /**
                     * @description Plans only; default month.
                     * @enum {string}
                     */
                    interval?: "month" | "year";
                    /** @description A credit pack to buy once (Checkout in payment mode); once paid its credits land in the purchased credits of the workspace (never expiring), and a refund takes back what is unconsumed. */
                    pack?: string;
                    /** @description A plan to subscribe to (Checkout in subscription mode). */
                    plan?: string;
                    /** @description Packs only: how many packs; default 1. */
                    quantity?: number;
                    /** @description Plans only; default 1. */
                    seats?: number;
                    /** Format: uri */
                    success_url: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCreditEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            active: boolean;
                            category: string;
                            credit_cost: number;
                            description: string;
                            name: string;
                        }[];
                    };
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCreditProducts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            credits: number;
                            key: string;
                            name: string;
                            prices: {
                                currency: string;
                                unit_amount: number;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCreditCheckout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    cancel_url: string;
                    product: string;
                    /** @default 1 */
                    quantity?: number;
                    /** Format: uri */
                    success_url: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        session_id: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCredits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        as_of: string;
                        balance: number;
                        low_balance_threshold: number;
                        plan: string | null;
                        purchased: {
                            balance: number;
                        };
                        subscription: {
                            balance: number;
                            expires_at: string | null;
                            period_start: string | null;
                        };
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCreditTransactions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                type?: "allocated" | "purchased" | "consumed" | "expired" | "refunded" | "adjusted";
            };
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            amount: number;
                            balance_after: number;
                            /** @enum {string} */
                            bucket: "purchased" | "subscription";
                            created_at: string;
                            reason: string | null;
                            reference: string;
                            seq: number;
                            /** @enum {string} */
                            type: "allocated" | "purchased" | "consumed" | "expired" | "refunded" | "adjusted";
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    consumeCredits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    event_name: string;
                    idempotency_key: string;
                    quantity: number;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        balance_after: number;
                        consumed: number;
                        duplicate: boolean;
                        event_name: string;
                        from: {
                            purchased: number;
                            subscription: number;
                        };
                        idempotency_key: string;
                        quantity: number;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEntitlements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        as_of: string;
                        billing_period: {
                            end: string;
                            start: string;
                        } | null;
                        computed_at: string;
                        features: string[];
                        grants: {
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        }[];
                        meters: {
                            [key: string]: {
                                /** @description True once nothing remains (used >= limit). */
                                exceeded: boolean;
                                /** @description Exact decimal; null = unlimited. */
                                limit: string | null;
                                /** @enum {string} */
                                mode: "soft" | "hard";
                                remaining: string | null;
                                resets_at: string;
                                /** @description Exact decimal usage in the current window. */
                                used: string;
                                /** @enum {string} */
                                window: "day" | "month" | "billing_period";
                                window_start: string;
                            };
                        };
                        plan: string;
                        /** @enum {string} */
                        plan_source: "subscription" | "default";
                        subscription_status: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    checkFeature: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                feature: string;
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        feature: string;
                        has_access: boolean;
                        plan: string;
                        /** @enum {string} */
                        reason: "plan" | "default_plan" | "grant" | "not_in_plan" | "past_due_expired" | "paused" | "inactive";
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    invalidateEntitlements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        as_of: string;
                        billing_period: {
                            end: string;
                            start: string;
                        } | null;
                        computed_at: string;
                        features: string[];
                        grants: {
                            created_at: string;
                            expires_at: string | null;
                            feature: string | null;
                            grant_id: string;
                            meter: string | null;
                            quantity: string | null;
                            reason: string;
                            workspace_id: string;
                        }[];
                        meters: {
                            [key: string]: {
                                /** @description True once nothing remains (used >= limit). */
                                exceeded: boolean;
                                /** @description Exact decimal; null = unlimited. */
                                limit: string | null;
                                /** @enum {string} */
                                mode: "soft" | "hard";
                                remaining: string | null;
                                resets_at: string;
                                /** @description Exact decimal usage in the current window. */
                                used: string;
                                /** @enum {string} */
                                window: "day" | "month" | "billing_period";
                                window_start: string;
                            };
                        };
                        plan: string;
                        /** @enum {string} */
                        plan_source: "subscription" | "default";
                        subscription_status: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    checkUsageExceeded: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                meter: string;
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        event_types: string[];
                        /** @description True once nothing remains (used >= limit). */
                        exceeded: boolean;
                        /** @description Exact decimal; null = unlimited. */
                        limit: string | null;
                        meter: string;
                        /** @enum {string} */
                        mode: "soft" | "hard";
                        remaining: string | null;
                        resets_at: string;
                        /** @description Exact decimal usage in the current window. */
                        used: string;
                        /** @enum {string} */
                        window: "day" | "month" | "billing_period";
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    healthV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            [key: string]: {
                                error?: string;
                                latency_ms: number;
                                /** @enum {string} */
                                status: "ok" | "error";
                            };
                        };
                        /** @enum {string} */
                        status: "ok" | "degraded";
                        time: string;
                    };
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    liveV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "live";
                    };
                };
            };
        };
    };
    revenueMetrics: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        currencies: {
                            [key: string]: {
                                /** @description Paid invoices (out-of-band settlements included) and credit packs, minor units */
                                collected: number;
                                /** @description Of collected: credit packs */
                                credit_packs: number;
                                /** @description Invoices paid in the period */
                                invoices: number;
                                /** @description Monthly recurring revenue now (annual prices / 12), minor units */
                                mrr: number;
                                mrr_subscriptions: number;
                                /** @description collected - refunds */
                                net: number;
                                /** @description Of collected: invoices paid outside Stripe (Razorpay, bank transfer) */
                                out_of_band: number;
                                refunds: number;
                            };
                        };
                        daily: {
                            collected: number;
                            credit_packs: number;
                            currency: string;
                            day: string;
                            invoices: number;
                            net: number;
                            out_of_band: number;
                            refunds: number;
                        }[];
                        from: string;
                        project_id: string;
                        to: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    subscriptionMetrics: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                project_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Subscriptions now, by plan then status */
                        by_plan: {
                            [key: string]: {
                                [key: string]: number;
                            };
                        };
                        /** @description Subscriptions now, by Stripe status */
                        by_status: {
                            [key: string]: number;
                        };
                        /** @description Subscriptions canceled in the period */
                        cancellations: number;
                        /** @description cancellations / live_at_start (null when none were live) */
                        churn_rate: number | null;
                        daily: {
                            cancellations: number;
                            day: string;
                            live_delta: number;
                            trial_conversions: number;
                            trials_started: number;
                        }[];
                        from: string;
                        /** @description Active, trialing or past-due subscriptions when the period started */
                        live_at_start: number;
                        project_id: string;
                        to: string;
                        total: number;
                        /** @description Trials that became active in the period */
                        trial_conversions: number;
                        /** @description Trialing now */
                        trials: number;
                        /** @description Trials started in the period */
                        trials_started: number;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listPlans: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        default_plan: string | null;
                        plans: {
                            credits_per_period: number;
                            default: boolean;
                            description: string;
                            features: string[];
                            /** @description The plan's key in the project's catalog document (the same as `plan`) */
                            key: string;
                            limits: {
                                [key: string]: {
                                    limit: string | null;
                                    /** @enum {string} */
                                    mode: "soft" | "hard";
                                    /** @enum {string} */
                                    window: "day" | "month" | "billing_period";
                                };
                            };
                            name: string;
                            plan: string;
                            prices: {
                                currency: string;
                                id: string;
                                /** @enum {string} */
                                interval: "month" | "year";
                                lookup_key: string | null;
                                unit_amount: number;
                            }[];
                            product_id: string;
                            /** @default [] */
                            usage_prices: {
                                currency: string;
                                id: string;
                                included: string;
                                /** @enum {string} */
                                interval: "month" | "year";
                                meter: string;
                                unit_amount_decimal: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    return_url: string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readyV1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ready";
                    };
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default charge_automatically
                     * @enum {string}
                     */
                    collection_method?: "charge_automatically" | "send_invoice";
                    days_until_due?: number;
                    /**
                     * @default month
                     * @enum {string}
                     */
                    interval?: "month" | "year";
                    plan: string;
                    /** @default 1 */
                    seats?: number;
                    trial_days?: number;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    billing_email?: string;
                    seats?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    changePlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default false */
                    at_period_end?: boolean;
                    /** @enum {string} */
                    interval?: "month" | "year";
                    plan: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pauseSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    previewSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    interval?: "month" | "year";
                    plan?: string;
                    seats?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount_due: number;
                        currency: string;
                        lines: {
                            amount: number;
                            description: string | null;
                            /** @description The meter a usage line bills (its usage over the included quantity, at the plan's unit price); null for other lines. */
                            meter: string | null;
                            period_end: string;
                            period_start: string;
                            proration: boolean;
                            /** @description Exact decimal quantity: seats, or the usage of the period so far on a usage line. */
                            quantity: string | null;
                        }[];
                        subtotal: number;
                        total: number;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resumeSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeCancellation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default true */
                    at_period_end?: boolean;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_reason: string;
                        cancel_at: string | null;
                        cancel_at_period_end: boolean;
                        canceled_at: string | null;
                        /** @enum {string} */
                        collection_method: "charge_automatically" | "send_invoice";
                        currency: string;
                        current_period_end: string;
                        current_period_start: string;
                        customer_id: string;
                        /** @description Stripe's ended_at: when a canceled subscription stopped (the cancellation, or the period end) */
                        ended_at?: string | null;
                        has_access: boolean;
                        interval: ("month" | "year") | null;
                        pause_collection: {
                            behavior: string;
                            resumes_at: string | null;
                        } | null;
                        paused: boolean;
                        /** @description For an incomplete or past_due subscription: the open invoice and where the customer pays it */
                        pending_payment: {
                            amount_due: number;
                            /** @description The PaymentIntent's client secret, for paying in your own form (Stripe.js); only in the answer that created the subscription */
                            client_secret: string | null;
                            currency: string;
                            hosted_invoice_url: string | null;
                            invoice_id: string;
                        } | null;
                        pending_plan: string | null;
                        plan: string | null;
                        price_id: string;
                        schedule_id: string | null;
                        seats: number;
                        /** @description Stripe's start_date */
                        started_at?: string | null;
                        /** @description Stripe's status, or `paused` while collection is paused (Stripe's own status is then in stripe_status) */
                        status: string;
                        stripe_status: string;
                        subscription_id: string;
                        trial_end: string | null;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Semantically invalid */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    usageReport: {
        parameters: {
            query?: {
                cursor?: string;
                from?: string;
                granularity?: "day" | "month" | "billing_period";
                limit?: number;
                meter?: string;
                period?: ("current" | "previous") | string;
                to?: string;
            };
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        meters: {
                            limit: {
                                /** @description True once nothing remains (used >= limit). */
                                exceeded: boolean;
                                /** @description Exact decimal; null = unlimited. */
                                limit: string | null;
                                meter: string;
                                /** @enum {string} */
                                mode: "soft" | "hard";
                                remaining: string | null;
                                resets_at: string;
                                /** @description Exact decimal usage in the current window. */
                                used: string;
                                /** @enum {string} */
                                window: "day" | "month" | "billing_period";
                                window_start: string;
                            } | null;
                            meter: string;
                            name: string;
                            used: string;
                        }[];
                        period: {
                            end: string;
                            /** @enum {string} */
                            kind: "billing_period" | "month";
                            label: string;
                            start: string;
                        };
                        plan: string;
                        workspace_id: string;
                    } | {
                        data: {
                            /** @enum {string} */
                            granularity: "day" | "month" | "billing_period";
                            meter: string;
                            period_end: string;
                            period_start: string;
                            /** @description Exact decimal: the usage counted in the period. */
                            total: string;
                        }[];
                        from: string;
                        /** @enum {string} */
                        granularity: "day" | "month" | "billing_period";
                        next_cursor: string | null;
                        to: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    usageEvents: {
        parameters: {
            query?: {
                cursor?: string;
                from?: string;
                limit?: number;
                meter?: string;
                to?: string;
            };
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            counted_at: string;
                            idempotency_key: string;
                            metadata: {
                                [key: string]: unknown;
                            } | null;
                            meter: string;
                            timestamp: string;
                            value: string;
                            window: {
                                end: string;
                                start: string | null;
                            };
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordUsage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Refuse (429 `usage_limit_exceeded` with the limit and current usage; nothing counted) when the event would exceed a hard limit. The check is against the current window, so a `timestamp` before its start is a 400. Do not retry a `usage_limit_exceeded` as you would a rate limit.
                     * @default false
                     */
                    enforce?: boolean;
                    /** @description A catalog meter key or one of its event type aliases, e.g. ai_credits, whatsapp_message, email_send. */
                    event_type: string;
                    /** @description Unique per workspace and meter: the same key is counted once, however often it is sent. */
                    idempotency_key: string;
                    /** @description Free-form annotations for the producer's own tracing (at most 20 keys): kept with the counted event (the event explorer lists it), never counted. */
                    metadata?: {
                        [key: string]: string | number | boolean | null;
                    };
                    /**
                     * Format: date-time
                     * @description When the usage happened (ISO-8601). Defaults to when the event was received. At most 35 days back, not in the future.
                     */
                    timestamp?: string;
                    /** @description Positive exact decimal, at most 1000000000000 with at most 12 decimal places and 15 significant digits (Stripe's meters take no more). Prefer a string ("2.5"). */
                    value: number | string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        counted: boolean;
                        counted_in: {
                            end: string;
                            start: string;
                        };
                        /** @description The idempotency key was counted before: nothing was added. */
                        duplicate: boolean;
                        event_type: string;
                        idempotency_key: string;
                        meter: string;
                        /**
                         * @description sent: on the Stripe meter (Stripe keeps one per event), billed by the workspace's subscription; not_metered: not sent, as no invoice would bill it: the workspace has no subscription, its subscription ended (canceled or expired; a cancellation bills the period's usage up to it on a final invoice), or the event is dated before the subscription started; already_sent: a duplicate older than Stripe's dedupe window, not re-sent.
                         * @enum {string}
                         */
                        meter_event: "sent" | "not_metered" | "already_sent";
                        timestamp: string;
                        usage: {
                            /** @description True once nothing remains (used >= limit). */
                            exceeded: boolean;
                            /** @description Exact decimal; null = unlimited. */
                            limit: string | null;
                            meter: string;
                            /** @enum {string} */
                            mode: "soft" | "hard";
                            remaining: string | null;
                            resets_at: string;
                            /** @description Exact decimal usage in the current window. */
                            used: string;
                            /** @enum {string} */
                            window: "day" | "month" | "billing_period";
                            window_start: string;
                        };
                        value: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Limit reached or rate limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordUsageAsync: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A catalog meter key or one of its event type aliases, e.g. ai_credits, whatsapp_message, email_send. */
                    event_type: string;
                    /** @description Unique per workspace and meter: the same key is counted once, however often it is sent. */
                    idempotency_key: string;
                    /** @description Free-form annotations for the producer's own tracing (at most 20 keys): kept with the counted event (the event explorer lists it), never counted. */
                    metadata?: {
                        [key: string]: string | number | boolean | null;
                    };
                    /**
                     * Format: date-time
                     * @description When the usage happened (ISO-8601). Defaults to when the event was received. At most 35 days back, not in the future.
                     */
                    timestamp?: string;
                    /** @description Positive exact decimal, at most 1000000000000 with at most 12 decimal places and 15 significant digits (Stripe's meters take no more). Prefer a string ("2.5"). */
                    value: number | string;
                    workspace_id: string;
                };
            };
        };
        responses: {
            /** @description Success */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        accepted: true;
                        idempotency_key: string;
                        message_id: string;
                        meter: string;
                        timestamp: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpoints: {
                            created_at: string;
                            description: string;
                            disabled: boolean;
                            events: string[];
                            id: string;
                            previous_secret_expires_at: string | null;
                            secret_created_at: string;
                            updated_at: string;
                            url: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    disabled?: boolean;
                    /** @description Event types to deliver: exact (`invoice.paid`), a family (`subscription.*`) or `*` for all */
                    events: string[];
                    /** @description https URL (http to localhost in the local stack); private, link-local and metadata addresses are refused */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        description: string;
                        disabled: boolean;
                        events: string[];
                        id: string;
                        previous_secret_expires_at: string | null;
                        /** @description The signing secret: shown only here */
                        secret: string;
                        secret_created_at: string;
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        description: string;
                        disabled: boolean;
                        events: string[];
                        id: string;
                        previous_secret_expires_at: string | null;
                        secret_created_at: string;
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    disabled?: boolean;
                    /** @description Event types to deliver: exact (`invoice.paid`), a family (`subscription.*`) or `*` for all */
                    events?: string[];
                    /** @description https URL (http to localhost in the local stack); private, link-local and metadata addresses are refused */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        description: string;
                        disabled: boolean;
                        events: string[];
                        id: string;
                        previous_secret_expires_at: string | null;
                        secret_created_at: string;
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "succeeded" | "failed";
            };
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            attempts: number;
                            completed_at: string | null;
                            created_at: string;
                            endpoint_id: string;
                            event_id: string;
                            event_type: string;
                            id: string;
                            last_error: string | null;
                            last_latency_ms: number | null;
                            last_response_body: string | null;
                            last_response_code: number | null;
                            next_attempt_at: string | null;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                            updated_at: string;
                            workspace_id: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        completed_at: string | null;
                        created_at: string;
                        endpoint_id: string;
                        event_id: string;
                        event_type: string;
                        id: string;
                        last_error: string | null;
                        last_latency_ms: number | null;
                        last_response_body: string | null;
                        last_response_code: number | null;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "succeeded" | "failed";
                        updated_at: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                delivery_id: string;
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        completed_at: string | null;
                        created_at: string;
                        endpoint_id: string;
                        event_id: string;
                        event_type: string;
                        id: string;
                        last_error: string | null;
                        last_latency_ms: number | null;
                        last_response_body: string | null;
                        last_response_code: number | null;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "succeeded" | "failed";
                        updated_at: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpoint_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    grace_seconds?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created_at: string;
                        description: string;
                        disabled: boolean;
                        events: string[];
                        id: string;
                        previous_secret_expires_at: string | null;
                        /** @description The signing secret: shown only here */
                        secret: string;
                        secret_created_at: string;
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    razorpayWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duplicate: boolean;
                        event_id: string;
                        /** @constant */
                        received: true;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    stripeWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duplicate: boolean;
                        event_id: string;
                        /** @constant */
                        received: true;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        country: string;
                        created_at: string;
                        currency: string;
                        email: string;
                        name: string;
                        phone: string | null;
                        stripe_customer_id: string | null;
                        updated_at: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    country: string;
                    currency: string;
                    /** Format: email */
                    email: string;
                    name: string;
                    /** @description E.164; used where a channel needs a number (invoices sent by WhatsApp) */
                    phone?: string;
                    stripe_customer_id?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        country: string;
                        created_at: string;
                        currency: string;
                        email: string;
                        name: string;
                        phone: string | null;
                        stripe_customer_id: string | null;
                        updated_at: string;
                        workspace_id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict: invalid transition, reused Idempotency-Key, or one still in progress (then Retry-After says when its lease ends) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceEvents: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            data: {
                                [key: string]: unknown;
                            };
                            id: string;
                            occurred_at: string;
                            type: string;
                            workspace_id: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPaymentMethods: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        payment_methods: {
                            brand: string | null;
                            exp_month: number | null;
                            exp_year: number | null;
                            id: string;
                            is_default: boolean;
                            last4: string | null;
                            type: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    detachPaymentMethod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                payment_method_id: string;
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        detached: true;
                        id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setDefaultPaymentMethod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                payment_method_id: string;
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        brand: string | null;
                        exp_month: number | null;
                        exp_year: number | null;
                        id: string;
                        is_default: boolean;
                        last4: string | null;
                        type: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSetupIntent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspace_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        client_secret: string | null;
                        id: string;
                    };
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a required scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (including workspaces of another project) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A provider (Stripe, Razorpay) failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingPage: {
        parameters: {
            query?: {
                done?: string;
                error?: string;
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingPageAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                action: "checkout" | "change-plan" | "cancel" | "undo-cancel" | "portal" | "razorpay";
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingPageCancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingPagePlanChange: {
        parameters: {
            query: {
                plan: string;
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingPageEvents: {
        parameters: {
            query?: {
                after?: string;
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                    "text/html": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    operatorConsole: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    operatorConsoleLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            [key: string]: {
                                error?: string;
                                latency_ms: number;
                                /** @enum {string} */
                                status: "ok" | "error";
                            };
                        };
                        /** @enum {string} */
                        status: "ok" | "degraded";
                        time: string;
                    };
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "live";
                    };
                };
            };
        };
    };
    pageAsset: {
        parameters: {
            query?: {
                v?: string;
            };
            header?: never;
            path: {
                asset: "billing.js" | "console.js" | "pages.css";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/javascript": string;
                    "text/css": string;
                };
            };
            /** @description Invalid input (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ready";
                    };
                };
            };
            /** @description A dependency (DynamoDB, SQS, Stripe) is unavailable or did not answer in time; retry after Retry-After seconds, with the same Idempotency-Key */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
