import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { config } from '../../config';

let client: SSMClient | undefined;
const cache = new Map<string, Promise<string>>();

/**
 * Reads a SecureString once per container. A failed read is not cached, so the next
 * invocation tries again instead of failing for the container's lifetime.
 */
export function readParameter(name: string): Promise<string> {
  let p = cache.get(name);
  if (!p) {
    client ??= new SSMClient({ region: config().AWS_REGION });
    p = client.send(new GetParameterCommand({ Name: name, WithDecryption: true })).then((r) => {
      const v = r.Parameter?.Value;
      if (!v) throw new Error(`Parameter ${name} is empty`);
      return v;
    });
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}

/** A secret given directly (local stack, tests) wins; otherwise the deployed parameter is read. */
export async function secret(direct: string | undefined, parameterName: string | undefined, what: string): Promise<string> {
  if (direct) return direct;
  if (parameterName) return readParameter(parameterName);
  throw new Error(`${what} is not configured`);
}
