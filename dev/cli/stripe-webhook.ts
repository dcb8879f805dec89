import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStripeClient, STRIPE_API_VERSION } from '#shared/adapters/stripe/client';
import { createWebhookEndpoint } from '#shared/adapters/stripe/webhook-endpoint';
import { STRIPE_WEBHOOK_EVENTS } from '#shared/domain/webhooks/stripe/events';
import { parseFlags, readDemoFile, UsageError } from './common';

export const HELP = `npm run stripe-webhook -- create --url <https://…/api/v1/webhooks/stripe> [--api-base URL] [--key sk_...] [--json]

  create  registers Tollgate's Stripe webhook receiver in the Stripe account: api_version pinned to
          ${STRIPE_API_VERSION} (the SDK's; events in any other version are refused) and the
          ${STRIPE_WEBHOOK_EVENTS.length} event types Tollgate acts on. Prints the signing secret, which Stripe shows
          only once: store it as the webhook-secret parameter (see README, Deploying).

Target: STRIPE_SECRET_KEY (and STRIPE_API_BASE for a Stripe-compatible server) from the
environment or the flags; with neither, the local emulator of a running \`npm start\`.
Exit status: 0 done, 1 Stripe refused, 2 bad arguments.`;

export interface WebhookCliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

const parseWebhookFlags = (argv: string[]) =>
  parseFlags(argv, {
    url: { type: 'string' },
    'api-base': { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });

export async function main(argv: string[], io: WebhookCliIo): Promise<number> {
  let flags: ReturnType<typeof parseWebhookFlags>;
  try {
    flags = parseWebhookFlags(argv);
    if (flags.values.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    if (flags.positionals[0] !== 'create') throw new UsageError('the command is create');
    if (!flags.values.url || !/^https?:\/\//.test(flags.values.url))
      throw new UsageError('--url must be the http(s) URL of the Stripe webhook receiver');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${HELP}\n`);
    return 2;
  }
  const { values } = flags;
  const key = values.key ?? io.env.STRIPE_SECRET_KEY;
  const apiBase =
    values['api-base'] ??
    io.env.STRIPE_API_BASE ??
    (key ? undefined : (readDemoFile()?.stripe_api_base ?? `http://127.0.0.1:${io.env.STRIPE_EMULATOR_PORT ?? 12111}`));
  const stripe = createStripeClient({
    secretKey: key ?? 'sk_test_local',
    apiBase: apiBase ?? undefined,
    maxNetworkRetries: 1,
  });
  try {
    const endpoint = await createWebhookEndpoint(stripe, values.url!);
    if (values.json) io.out(`${JSON.stringify(endpoint)}\n`);
    else {
      io.out(
        [
          `Created webhook endpoint ${endpoint.id} → ${endpoint.url}`,
          `  api_version ${endpoint.api_version}, ${endpoint.enabled_events.length} event types`,
          `  signing secret (shown once; store it now): ${endpoint.secret}`,
          '',
        ].join('\n'),
      );
    }
    return 0;
  } catch (e) {
    io.err(`stripe-webhook create failed: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
