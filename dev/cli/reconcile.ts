import { money } from '#shared/domain/money';
import { ManualPaymentBody } from '#shared/domain/payments/contracts';
import type { ManualPaymentResult } from '#shared/domain/payments/types';
import type { DriftProgress } from '#shared/domain/reconciliation/drift';
import type { RunDto } from '#shared/domain/reconciliation/report';
import { type DemoFile, parseFlags, runWhenInvoked, UsageError } from './common';

// Kept free of dev/local-stack's imports so the CLI starts fast and works against AWS alone.

export const HELP = `npm run reconcile -- <command> [options]

Commands
  payment --invoice <in_…> --amount <minor units> --currency <inr> --reference <ref> --method <m>
          [--paid-at <ISO time>] [--note <text>] [--allow-partial] [--gateway <manual|zoho|…>]
      Records a bank transfer, cheque or other-gateway payment against a Stripe invoice and
      settles the invoice (paid out of band) once the recorded payments add up. Amounts are
      minor units: ₹1,250.00 is --amount 125000. Methods: neft, rtgs, imps, upi, cheque, other.
      The same --reference again is answered with the first result; nothing is recorded twice.
  drift [--project <id>] [--dry-run]
      Compares Stripe and Razorpay with the table (subscriptions, customer links, settlements,
      invoices paid out of band, open Razorpay orders and Payment Links), fixes what the source
      of truth settles, and prints the run report with progress. --dry-run finds and reports,
      changes nothing.

How it reaches Tollgate
  --via api      through the HTTP API: --url (TOLLGATE_URL) and --key (TOLLGATE_API_KEY), a key
                 with the finance scope for payment and admin for drift (the key's project only)
  --via direct   in this process, against the table, Stripe and Razorpay, configured like the
                 functions (TABLE_NAME, STRIPE_SECRET_KEY, RAZORPAY_KEY_ID, … and AWS credentials)
  Default: payment goes through the API, drift runs direct. With nothing configured, both use the
  local stack of a running \`npm start\` (.local/demo.json).

Other
  --json      machine-readable output
  -h, --help  this text
Exit status: 0 done, 1 refused or failed, 2 bad arguments.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether progress may redraw one line (a terminal) or must print whole lines. */
  tty?: boolean;
  demo?: () => DemoFile | undefined;
  fetch?: typeof fetch;
}

function parse(argv: string[]) {
  return parseFlags(argv, {
    invoice: { type: 'string' },
    amount: { type: 'string' },
    currency: { type: 'string' },
    reference: { type: 'string' },
    method: { type: 'string' },
    'paid-at': { type: 'string' },
    note: { type: 'string' },
    'allow-partial': { type: 'boolean', default: false },
    gateway: { type: 'string' },
    project: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    via: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

type Flags = ReturnType<typeof parse>['values'];

/** The payment as the API and the domain take it, validated by the same schema as the API body. */
export function paymentFromFlags(f: Flags, now = new Date()) {
  for (const [flag, v] of [
    ['--invoice', f.invoice],
    ['--amount', f.amount],
    ['--currency', f.currency],
    ['--reference', f.reference],
    ['--method', f.method],
  ] as const) {
    if (!v) throw new UsageError(`${flag} is required`);
  }
  if (!/^\d+$/.test(f.amount!))
    throw new UsageError(`--amount must be a whole number of minor units (₹1,250.00 is 125000), got '${f.amount}'`);
  const body = {
    invoice_id: f.invoice,
    amount: Number(f.amount),
    currency: f.currency!.toLowerCase(),
    reference: f.reference,
    method: f.method,
    paid_at: f['paid-at'] ?? now.toISOString(),
    ...(f.note ? { note: f.note } : {}),
    ...(f['allow-partial'] ? { allow_partial: true } : {}),
    ...(f.gateway ? { gateway: f.gateway } : {}),
  };
  const r = ManualPaymentBody.safeParse(body);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function apiTarget(f: Flags, io: CliIo): { url: string; key: string } {
  const demo = io.demo?.();
  const url = f.url ?? io.env.TOLLGATE_URL ?? demo?.base_url;
  const key = f.key ?? io.env.TOLLGATE_API_KEY ?? demo?.api_key;
  if (!url || !key)
    throw new UsageError(
      '--via api needs --url and --key (or TOLLGATE_URL and TOLLGATE_API_KEY, or a running `npm start`)',
    );
  return { url: url.replace(/\/+$/, ''), key };
}

/** Points the functions' configuration at the local stack when nothing else is configured. */
function directEnvironment(io: CliIo): Record<string, string> {
  if (io.env.TABLE_NAME) return {};
  const demo = io.demo?.();
  if (!demo?.table)
    throw new UsageError(
      '--via direct needs TABLE_NAME and the provider settings of a deployment, or a running `npm start`',
    );
  const out: Record<string, string> = { TABLE_NAME: demo.table };
  if (demo.dynamodb_endpoint) out.DYNAMODB_ENDPOINT = demo.dynamodb_endpoint;
  if (demo.stripe_api_base && !io.env.STRIPE_SECRET_KEY)
    Object.assign(out, { STRIPE_API_BASE: demo.stripe_api_base, STRIPE_SECRET_KEY: 'sk_test_local' });
  if (demo.razorpay_api_base && !io.env.RAZORPAY_KEY_ID) {
    // dev/providers.ts's defaults when RAZORPAY_KEY_ID/SECRET were not set for `npm start`.
    Object.assign(out, {
      RAZORPAY_API_BASE: demo.razorpay_api_base,
      RAZORPAY_KEY_ID: demo.razorpay_key_id ?? 'rzp_test_local',
      RAZORPAY_KEY_SECRET: demo.razorpay_key_secret ?? 'rzp_local_secret',
    });
  }
  return out;
}

/** Domain modules read their configuration once, on first use: load them after the environment is set. */
async function directPorts(io: CliIo) {
  Object.assign(process.env, {
    LOG_LEVEL: io.env.LOG_LEVEL ?? 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...directEnvironment(io),
  });
  const { reloadConfig } = await import('#shared/config');
  reloadConfig();
  const { driftPorts } = await import('#shared/wiring/reconciliation');
  return driftPorts();
}

async function api<T>(
  io: CliIo,
  target: { url: string; key: string },
  path: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await (io.fetch ?? fetch)(`${target.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { error: { code: 'bad_response', message: text.slice(0, 300) } };
  }
  return { status: res.status, body: json as T };
}

class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function formatPayment(r: ManualPaymentResult, replayed: boolean): string {
  const lines = [
    `${replayed ? 'Already recorded (same reference); the first result:' : 'Recorded.'}`,
    `  payment      ${r.payment_id}  (${r.gateway} ${r.method} ${r.reference})`,
    `  amount       ${money(r.amount, r.currency)}  (recorded on the invoice: ${r.recorded_total}, outstanding: ${r.outstanding})`,
    `  invoice      ${r.invoice_id}  ${r.invoice_status ?? ''}`,
    `  status       ${r.status}${r.attention_id ? `  (attention item ${r.attention_id})` : ''}`,
  ];
  return lines.join('\n');
}

export function formatRun(run: RunDto): string {
  const out = [
    `Run ${run.run_id}: ${run.status}${run.dry_run ? ' (dry run: nothing changed)' : ''}, ${run.started_at} → ${run.finished_at ?? '…'}`,
  ];
  out.push(
    `  checked   ${Object.entries(run.checked)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out.push(`  drifts    ${run.drifts.found} found, ${run.drifts.fixed} fixed`);
  for (const [kind, c] of Object.entries(run.drifts.by_kind))
    out.push(`    ${kind.padEnd(28)} ${c.found} found, ${c.fixed} fixed`);
  for (const d of run.items) out.push(`    ${d.fixed ? 'fixed ' : 'OPEN  '} ${d.kind} ${d.subject}: ${d.detail}`);
  if (run.attention.length) {
    out.push(`  needs attention (${run.attention.length}):`);
    for (const a of run.attention) out.push(`    ${a.id}  ${a.reason}: ${a.message}`);
  }
  if (run.truncated) out.push('  (more entries than a report keeps; counts include them all)');
  if (run.error) out.push(`  error: ${run.error}`);
  out.push(`  The report stays readable at GET /api/v1/admin/reconciliation/runs/${run.run_id}`);
  return out.join('\n');
}

/** On a terminal one line per phase counts up in place; in a log, one line per finished phase. */
function progressPrinter(io: CliIo) {
  return (p: DriftProgress) => {
    const line = `  ${p.phase.padEnd(16)} checked ${String(p.checked).padStart(5)}   drifts ${p.found} (fixed ${p.fixed})`;
    if (io.tty) io.err(`\r${line}${p.done ? '\n' : ''}`);
    else if (p.done) io.err(`${line}\n`);
  };
}

async function payment(f: Flags, io: CliIo): Promise<{ result: ManualPaymentResult; replayed: boolean }> {
  const body = paymentFromFlags(f);
  if ((f.via ?? 'api') === 'api') {
    const r = await api<ManualPaymentResult & { error?: { code: string; message: string } }>(
      io,
      apiTarget(f, io),
      '/api/v1/checkout/reconcile',
      body,
    );
    if (r.status >= 300)
      throw new Refused(r.body.error?.code ?? String(r.status), r.body.error?.message ?? `HTTP ${r.status}`);
    return { result: r.body, replayed: r.status === 200 };
  }
  const ports = await directPorts(io);
  const { recordManualPayment } = await import('#shared/domain/payments/manual');
  const { AppError } = await import('#shared/errors');
  try {
    return await recordManualPayment(ports, body, { origin: 'cli' });
  } catch (e) {
    if (e instanceof AppError && e.statusCode < 500) throw new Refused(e.code, e.message);
    throw e;
  }
}

async function drift(f: Flags, io: CliIo): Promise<RunDto> {
  if ((f.via ?? 'direct') === 'api') {
    if (f.project) throw new UsageError('--project is implied by the key with --via api');
    io.err("  running through the API (the run is limited to the key's project and the request's time budget)…\n");
    const r = await api<RunDto & { error?: { code: string; message: string } }>(
      io,
      apiTarget(f, io),
      '/api/v1/admin/reconciliation/runs',
      { dry_run: f['dry-run'] },
    );
    if (r.status >= 300)
      throw new Refused(
        (r.body.error as { code?: string })?.code ?? String(r.status),
        (r.body.error as { message?: string })?.message ?? `HTTP ${r.status}`,
      );
    return r.body;
  }
  const ports = await directPorts(io);
  const { runDrift } = await import('#shared/domain/reconciliation/drift');
  const { toRunDto } = await import('#shared/domain/reconciliation/report');
  io.err(
    `Drift check over ${f.project ? `project ${f.project}` : 'every project'}${f['dry-run'] ? ' (dry run)' : ''}\n`,
  );
  const run = await runDrift(ports, {
    trigger: 'cli',
    projectId: f.project,
    dryRun: f['dry-run'],
    onProgress: progressPrinter(io),
  });
  return toRunDto(run);
}

/** Runs one command; returns the exit status. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values: f, positionals } = parse(argv);
    const command = positionals[0];
    if (f.help || !command) {
      io.out(`${HELP}\n`);
      return f.help ? 0 : 2;
    }
    if (f.via !== undefined && f.via !== 'api' && f.via !== 'direct')
      throw new UsageError(`--via must be api or direct, got '${f.via}'`);
    if (command === 'payment') {
      const r = await payment(f, io);
      io.out(
        f.json
          ? `${JSON.stringify({ replayed: r.replayed, ...r.result }, null, 2)}\n`
          : `${formatPayment(r.result, r.replayed)}\n`,
      );
      return r.result.status === 'needs_attention' ? 1 : 0;
    }
    if (command === 'drift') {
      const r = await drift(f, io);
      io.out(f.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatRun(r)}\n`);
      return r.status === 'failed' ? 1 : 0;
    }
    throw new UsageError(`Unknown command '${command}': use payment or drift`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nSee npm run reconcile -- --help\n`);
      return 2;
    }
    if (e instanceof Refused) {
      io.err(`Refused (${e.code}): ${e.message}\n`);
      return 1;
    }
    io.err(`reconcile failed: ${(e as Error).message}\n`);
    return 1;
  }
}

await runWhenInvoked(import.meta.url, run);
