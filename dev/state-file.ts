import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How long after a change the state is written at the latest. */
const DEFAULT_SAVE_DELAY_MS = 500;

export interface StateFile {
  readonly path: string;
  /** Marks the state changed: it is written within the save delay (changes in between share one write). */
  changed(): void;
  /** Writes now if a change is waiting, and waits for writes under way. */
  flush(): Promise<void>;
  /** Flushes, then ignores further changes. */
  close(): Promise<void>;
}

/** The parsed contents of a state file, or undefined when there is none yet. */
export function readStateFile(path: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message}); move it away to start empty`);
  }
}

/** Writes `text` to a temporary file beside `path`, syncs it and renames it over `path`: readers see the old or the new file, never half of one. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Keeps an emulator's state in a JSON file: `snapshot` is serialized at most once per `delayMs`
 * after a change (so a crash loses at most that much), and on `flush`/`close`. Identical contents
 * are not written again.
 */
export function openStateFile(
  path: string,
  snapshot: () => unknown,
  opts: { delayMs?: number; onError?: (e: Error) => void } = {},
): StateFile {
  const delayMs = opts.delayMs ?? DEFAULT_SAVE_DELAY_MS;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let last: string | null = existsSync(path) ? readFileSync(path, 'utf8') : null;
  let closed = false;

  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    // Serialized now, in one synchronous step, so the file holds one consistent moment.
    const text = `${JSON.stringify(snapshot())}\n`;
    if (text === last) return writing;
    last = text;
    writing = writing
      .then(() => writeAtomically(path, text))
      .catch((e: Error) => {
        last = null;
        (opts.onError ?? ((err: Error) => process.stderr.write(`Could not write ${path}: ${err.message}\n`)))(e);
      });
    return writing;
  };

  return {
    path,
    changed() {
      if (closed || timer) return;
      timer = setTimeout(() => void save(), delayMs);
      // A pending save must not keep a process alive; stopping the emulator flushes it.
      timer.unref();
    },
    flush: () => (closed ? writing : save()),
    async close() {
      if (closed) return writing;
      await save();
      closed = true;
    },
  };
}
