/**
 * How long a test waits for something a local server does in the background (a queue to drain,
 * a webhook to arrive, a stack to answer). Only a failing test waits this long; a passing one
 * returns as soon as the condition holds, so the bound is sized for a loaded 2-core machine
 * (DynamoDB Local alone can take 20 s to answer there), not for the expected time.
 */
export const PATIENCE_MS = 120_000;

/**
 * Polls `probe` every 250 ms until it answers something truthy; after the timeout fails naming
 * `what`, with `context()` (say, the stack's last log lines) appended.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = PATIENCE_MS,
  context?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
