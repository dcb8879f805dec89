import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type QueueDef, queues } from '#shared/sqs/queues';
import { freePort } from '../../dev/free-port';
import { LOCAL_ACCOUNT } from '../../dev/sqs-local';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One process as /proc shows it; `start` (clock ticks since boot) tells a reused pid apart. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  start: string;
  state: string;
  cmd: string;
}

export interface StackPorts {
  http: number;
  dynamodb: number;
  sqs: number;
  stripe: number;
  razorpay: number;
}

export interface StopResult {
  /** Every process seen in the stack's process group or below it while it ran. */
  processes: ProcInfo[];
  /** Those still alive after the grace period (then killed, so nothing outlives the test). */
  leftovers: ProcInfo[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface StackProcess {
  baseUrl: string;
  apiKey: string;
  ports: StackPorts;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  queueUrls: Record<QueueDef['id'], string>;
  dlqUrls: Record<QueueDef['id'], string>;
  /** Milliseconds from spawning to the first `/health` 200. */
  startupMs: number;
  pid: number;
  /** Everything the stack printed so far (stdout and stderr, interleaved). */
  logs(): string;
  /** SIGTERM to the whole process group, as Ctrl-C does, then waits for every process to go. */
  stop(opts?: { graceMs?: number }): Promise<StopResult>;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19], cmd };
  } catch {
    return undefined;
  }
}

function allProcs(): ProcInfo[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is ProcInfo => p !== undefined);
}

/** The leader's process group plus every descendant, in case one started its own group. */
export function processFamily(leader: number): ProcInfo[] {
  const procs = allProcs();
  const family = new Map(procs.filter((p) => p.pgid === leader || p.pid === leader).map((p) => [p.pid, p]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!family.has(p.pid) && family.has(p.ppid)) {
        family.set(p.pid, p);
        grew = true;
      }
    }
  }
  return [...family.values()];
}

/** A zombie has exited; only its parent's bookkeeping remains. */
const isAlive = (p: ProcInfo) => {
  const now = readProc(p.pid);
  return now !== undefined && now.start === p.start && now.state !== 'Z';
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drops settings from the caller's shell that would point the stack at real providers. */
const INHERITED_OVERRIDES =
  /^(STRIPE_|RAZORPAY_|TABLE_NAME$|DYNAMODB_ENDPOINT$|SQS_ENDPOINT$|\w+_QUEUE_URL$|TOLLGATE_)/;

/**
 * How long the stack may take to answer /health: DynamoDB Local alone can take 20 s on a loaded
 * 2-core machine, the catalog is applied to the emulator, and a quiet machine needs a few seconds.
 */
export const STACK_READY_MS = 180_000;

export interface StackProcessOptions {
  readyTimeoutMs?: number;
  /** Arguments after `dev/start.ts`, e.g. `['--persist']`. */
  args?: string[];
  /** The ports of an earlier stack, to restart it as `npm start` would (default: free ports). */
  ports?: StackPorts;
}

/**
 * Starts the local stack the way a user does, `npx tsx dev/start.ts`, on free ports and with a
 * fixed demo key, in its own process group so that stopping it can be checked for leftovers.
 */
export async function startStackProcess(
  extraEnv: Record<string, string> = {},
  opts: StackProcessOptions = {},
): Promise<StackProcess> {
  const ports: StackPorts = opts.ports ?? {
    http: await freePort(),
    dynamodb: await freePort(),
    sqs: await freePort(),
    stripe: await freePort(),
    razorpay: await freePort(),
  };
  const apiKey = extraEnv.TOLLGATE_DEMO_API_KEY ?? `tg_demo_e2e${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !INHERITED_OVERRIDES.test(k)),
  );
  Object.assign(env, {
    PORT: String(ports.http),
    DYNAMODB_PORT: String(ports.dynamodb),
    SQS_PORT: String(ports.sqs),
    STRIPE_EMULATOR_PORT: String(ports.stripe),
    RAZORPAY_EMULATOR_PORT: String(ports.razorpay),
    TOLLGATE_DEMO_API_KEY: apiKey,
    TOLLGATE_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'tollgate-e2e-')),
    ...extraEnv,
  });

  const t0 = performance.now();
  const child: ChildProcess = spawn('npx', ['tsx', 'dev/start.ts', ...(opts.args ?? [])], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  // If the test run itself dies, the stack must not outlive it.
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);

  const seen = new Map<string, ProcInfo>();
  const track = () => {
    for (const p of processFamily(pid)) seen.set(`${p.pid}:${p.start}`, p);
  };

  let stopped: Promise<StopResult> | undefined;
  const stop = (stopOpts: { graceMs?: number } = {}) =>
    (stopped ??= (async () => {
      track();
      const processes = [...seen.values()];
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // the group is already gone
      }
      // A bound for a loaded machine, where DynamoDB Local's JVM can take many seconds to exit.
      const deadline = Date.now() + (stopOpts.graceMs ?? 60_000);
      while (Date.now() < deadline && processes.some(isAlive)) await sleep(100);
      const leftovers = processes.filter(isAlive);
      for (const p of leftovers) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
      await Promise.race([exited, sleep(5_000)]);
      process.removeListener('exit', killGroup);
      return { processes, leftovers, exitCode: exit?.code ?? null, signal: exit?.signal ?? null };
    })());

  const baseUrl = `http://127.0.0.1:${ports.http}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? STACK_READY_MS);
  for (;;) {
    if (exit) {
      await stop();
      throw new Error(
        `The local stack exited (code ${exit.code}, signal ${exit.signal}) before it was ready:\n${output}`,
      );
    }
    const ok = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The local stack was not healthy within ${opts.readyTimeoutMs ?? STACK_READY_MS} ms:\n${output}`);
    }
    await sleep(200);
  }
  const startupMs = Math.round(performance.now() - t0);
  track();

  const sqsEndpoint = `http://127.0.0.1:${ports.sqs}`;
  const url = (name: string) => `${sqsEndpoint}/${LOCAL_ACCOUNT}/${name}`;
  return {
    baseUrl,
    apiKey,
    ports,
    dynamodbEndpoint: `http://127.0.0.1:${ports.dynamodb}`,
    sqsEndpoint,
    queueUrls: Object.fromEntries(queues.map((q) => [q.id, url(q.name)])) as StackProcess['queueUrls'],
    dlqUrls: Object.fromEntries(queues.map((q) => [q.id, url(q.dlqName)])) as StackProcess['dlqUrls'],
    startupMs,
    pid,
    logs: () => output,
    stop,
  };
}
