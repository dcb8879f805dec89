import { createTableContext } from '#shared/adapters/dynamodb/client';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { createSqsClient, queuePublisher } from '#shared/adapters/sqs/client';
import {
  listWebhookEvents,
  type Provider,
  replayWebhookEvents,
  type WebhookOpsPorts,
  type WebhookScope,
} from '#shared/domain/operations/webhook-events';
import type { InboxStatus } from '#shared/domain/webhooks/ports';
import { type DemoFile, formatColumns, parseFlags, runWhenInvoked, UsageError } from './common';
import { DEFAULT_LOCAL_TABLE, resolveTarget } from './keys';

// Kept free of dev/local-stack's imports so the CLI starts fast and works against AWS alone.

export const HELP = `npm run webhooks -- <command> [options]

The operator's view of the webhook inbox: every stored Stripe and Razorpay event, of every project
and of none (an API key sees only its own project's events, through /api/v1/admin/webhook-events).

Commands
  list [--provider stripe|razorpay] [--project <id> | --unowned] [--workspace <id>] [--type <t>]
       [--status received|queued|processed|failed|ignored] [--from <ISO>] [--to <ISO>]
       [--limit <1-100>] [--cursor <c>]
      Newest first. --project: that project's events only; --unowned: events no project has
      claimed (an unknown customer, a catalog change, a failure before the workspace was found).
  replay [--provider stripe|razorpay] [--project <id>] (<event_id>… | --from <ISO> [--to <ISO>] [--type <t>])
      Queues stored events again for the consumer, which processes them even if they were
      processed before (everything it does is idempotent). By ids, or by time range (at most 500).
      Prints what was queued and which ids were not found.

Which table and queues
  --endpoint <url>, --table <name>, --region <name> as for npm run keys; the queues from
  STRIPE_QUEUE_URL and PAYMENT_QUEUE_URL (SQS_ENDPOINT if set), using the usual AWS credentials.
  Without settings, the local stack of \`npm start\` (.local/demo.json; table ${DEFAULT_LOCAL_TABLE}).

Other
  --json      machine-readable output
  -h, --help  this text
Exit status: 0 done, 1 failed (or an id was not found), 2 bad arguments.`;

const STATUSES: readonly InboxStatus[] = ['received', 'queued', 'processed', 'failed', 'ignored'];
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What `npm start` writes besides the table: the queues, for a replay. */
type StackFile = DemoFile & {
  sqs_endpoint?: string;
  queue_urls?: Partial<Record<'usage' | 'stripe' | 'payment', string>>;
};

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  demo?: () => StackFile | undefined;
}

function parse(argv: string[]) {
  return parseFlags(argv, {
    provider: { type: 'string', default: 'stripe' },
    project: { type: 'string' },
    unowned: { type: 'boolean', default: false },
    workspace: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string', default: '25' },
    cursor: { type: 'string' },
    endpoint: { type: 'string' },
    table: { type: 'string' },
    region: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

type Flags = ReturnType<typeof parse>['values'];

function iso(flag: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new UsageError(`${flag} must be an ISO 8601 time, got '${v}'`);
  return new Date(t).toISOString();
}

/** Checks every flag before anything is touched; bad input exits 2. */
export function options(f: Flags) {
  if (f.provider !== 'stripe' && f.provider !== 'razorpay')
    throw new UsageError(`--provider must be stripe or razorpay, got '${f.provider}'`);
  if (f.project !== undefined && !ID.test(f.project))
    throw new UsageError(`--project must be a project id, got '${f.project}'`);
  if (f.project && f.unowned) throw new UsageError('--project and --unowned exclude each other');
  if (f.workspace !== undefined && !ID.test(f.workspace))
    throw new UsageError(`--workspace must be a workspace id, got '${f.workspace}'`);
  if (f.status !== undefined && !STATUSES.includes(f.status as InboxStatus))
    throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const limit = Number(f.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new UsageError(`--limit must be 1-100, got '${f.limit}'`);
  const scope: WebhookScope = f.project ? { projectId: f.project } : 'all';
  return {
    provider: f.provider as Provider,
    scope,
    filter: {
      type: f.type,
      status: f.status as InboxStatus | undefined,
      workspaceId: f.workspace,
      from: iso('--from', f.from),
      to: iso('--to', f.to),
      unowned: f.unowned,
    },
    limit,
  };
}

function ports(f: Flags, io: CliIo): WebhookOpsPorts {
  const demo = io.demo?.();
  const target = resolveTarget(f, io.env, demo);
  const table = createTableContext({ tableName: target.tableName, endpoint: target.endpoint, region: target.region });
  const local = !io.env.TABLE_NAME && !f.endpoint && !f.table;
  const queueUrl = (env: 'STRIPE_QUEUE_URL' | 'PAYMENT_QUEUE_URL', id: 'stripe' | 'payment') =>
    io.env[env] || (local ? demo?.queue_urls?.[id] : undefined);
  const sqs = createSqsClient({
    endpoint: io.env.SQS_ENDPOINT || (local ? demo?.sqs_endpoint : undefined),
    region: target.region,
  });
  const queue = (env: 'STRIPE_QUEUE_URL' | 'PAYMENT_QUEUE_URL', id: 'stripe' | 'payment') => ({
    send: async (body: unknown) => {
      const url = queueUrl(env, id);
      if (!url) throw new UsageError(`replay needs ${env} (or a running \`npm start\`)`);
      return queuePublisher(sqs, url).send(body);
    },
  });
  return {
    inbox: inboxRepository(table),
    queues: { stripe: queue('STRIPE_QUEUE_URL', 'stripe'), razorpay: queue('PAYMENT_QUEUE_URL', 'payment') },
  };
}

function formatEvents(events: Awaited<ReturnType<typeof listWebhookEvents>>['events']): string {
  const rows = [
    ['EVENT', 'TYPE', 'CREATED', 'WORKSPACE', 'STATUS', 'ATTEMPTS', 'LAST ERROR'],
    ...events.map((e) => [
      e.event_id,
      e.type,
      e.created,
      e.workspace_id ?? '-',
      e.status,
      String(e.attempts),
      (e.last_error ?? '').slice(0, 60),
    ]),
  ];
  return formatColumns(rows);
}

/** Runs one command; returns the exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values: f, positionals } = parse(argv);
    const [command, ...ids] = positionals;
    if (f.help) {
      io.out(`${HELP}\n`);
      return 0;
    }
    if (!command) throw new UsageError('A command is required: list or replay');
    const o = options(f);
    if (command === 'list') {
      if (ids.length) throw new UsageError(`list takes no event ids (got ${ids.join(' ')}); use replay`);
      const page = await listWebhookEvents(ports(f, io), o.scope, o.provider, o.filter, {
        limit: o.limit,
        cursor: f.cursor,
      });
      io.out(
        f.json
          ? `${JSON.stringify(page, null, 2)}\n`
          : `${formatEvents(page.events)}\n${page.next_cursor ? `more: --cursor ${page.next_cursor}\n` : ''}`,
      );
      return 0;
    }
    if (command === 'replay') {
      if (!ids.length && !o.filter.from)
        throw new UsageError('replay needs event ids, or --from (and optionally --to, --type)');
      if (ids.length && (f.from || f.to || f.type)) throw new UsageError('give event ids or a time range, not both');
      if (f.unowned || f.status || f.workspace || f.cursor)
        throw new UsageError('replay takes --provider, --project and ids or --from/--to/--type only');
      const r = await replayWebhookEvents(ports(f, io), o.scope, {
        provider: o.provider,
        event_ids: ids.length ? ids : undefined,
        from: o.filter.from,
        to: o.filter.to,
        type: f.type,
      });
      if (f.json) io.out(`${JSON.stringify(r, null, 2)}\n`);
      else {
        io.out(
          `Queued ${r.replayed.length} ${o.provider} event(s) for processing${r.replayed.length ? `: ${r.replayed.join(', ')}` : ''}\n`,
        );
        if (r.not_found.length)
          io.out(
            `Not found${o.scope === 'all' ? '' : ` in project ${(o.scope as { projectId: string }).projectId}`}: ${r.not_found.join(', ')}\n`,
          );
      }
      return r.not_found.length ? 1 : 0;
    }
    throw new UsageError(`Unknown command '${command}': use list or replay`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nSee npm run webhooks -- --help\n`);
      return 2;
    }
    io.err(`webhooks failed: ${(e as Error).message}\n`);
    return 1;
  }
}

await runWhenInvoked(import.meta.url, main);
