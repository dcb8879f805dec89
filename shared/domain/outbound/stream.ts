import type { EventFeed, FeedEntry } from './ports';

/**
 * The live stream of a workspace's history as Server-Sent Events. Entries carry a sequence
 * (a ULID taken when they were recorded) as their SSE `id`, so a client that reconnects with
 * `Last-Event-ID` resumes right after the last entry it saw; `Last-Event-ID: 0` replays the
 * history from its start. Without one the stream starts with what is recorded from now on.
 *
 * Entries are sent once they are `settleMs` old: writers on other machines record with their own
 * clocks and the index the feed reads catches up within a moment, so an entry younger than that
 * could still be overtaken by one with a smaller sequence, which a client past it would miss.
 * A connection lasts at most `maxSeconds` and then ends with a reconnect hint (`retry:`).
 */
export interface StreamOptions {
  maxSeconds: number;
  heartbeatSeconds: number;
  pollMs: number;
  settleMs: number;
  /** What the client is told to wait before reconnecting. */
  retryMs: number;
  batch: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  maxSeconds: 300,
  heartbeatSeconds: 15,
  pollMs: 1000,
  settleMs: 1500,
  retryMs: 1000,
  batch: 100,
};

export interface StreamPorts {
  feed: EventFeed;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface SseSink {
  write(chunk: string): Promise<void>;
  /** True once the client has gone. */
  closed(): boolean;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The smallest sequence of a millisecond: every entry recorded at `ms` or later sorts after it. */
export function seqAt(ms: number): string {
  let t = Math.max(0, Math.floor(ms));
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return `${out}${'0'.repeat(16)}`;
}

/** A `Last-Event-ID` this stream issued: a ULID, or `0` for the history's start. */
export const LAST_EVENT_ID = /^(0|[0-9A-HJKMNP-TV-Z]{26})$/;

export const sseEvent = (e: FeedEntry) => `id: ${e.seq}\nevent: ${e.event.type}\ndata: ${JSON.stringify(e.event)}\n\n`;

export async function runEventStream(
  ports: StreamPorts,
  opts: StreamOptions,
  ref: { projectId: string; workspaceId: string },
  lastEventId: string | undefined,
  sink: SseSink,
): Promise<{ sent: number; lastEventId: string; reason: 'client_closed' | 'max_duration' }> {
  const started = ports.clock().getTime();
  let cursor = lastEventId ?? seqAt(started);
  let sent = 0;
  let lastWrite = started;
  await sink.write(`retry: ${opts.retryMs}\n: connected to ${ref.workspaceId}\n\n`);
  while (!sink.closed()) {
    const now = ports.clock().getTime();
    if (now - started >= opts.maxSeconds * 1000) {
      await sink.write(
        `: connection time limit (${opts.maxSeconds} s) reached; reconnect with Last-Event-ID\nretry: ${opts.retryMs}\nevent: reconnect\ndata: ${JSON.stringify({ last_event_id: cursor, retry_ms: opts.retryMs })}\n\n`,
      );
      return { sent, lastEventId: cursor, reason: 'max_duration' };
    }
    let entries: FeedEntry[];
    do {
      entries = (
        await ports.feed.after(
          ref.projectId,
          ref.workspaceId,
          cursor,
          seqAt(ports.clock().getTime() - opts.settleMs),
          opts.batch,
        )
      ).filter((e) => e.seq > cursor);
      for (const e of entries) {
        if (sink.closed()) break;
        await sink.write(sseEvent(e));
        cursor = e.seq;
        sent++;
        lastWrite = ports.clock().getTime();
      }
    } while (entries.length >= opts.batch && !sink.closed());
    if (ports.clock().getTime() - lastWrite >= opts.heartbeatSeconds * 1000) {
      await sink.write(`: heartbeat ${ports.clock().toISOString()}\n\n`);
      lastWrite = ports.clock().getTime();
    }
    await ports.sleep(opts.pollMs);
  }
  return { sent, lastEventId: cursor, reason: 'client_closed' };
}
