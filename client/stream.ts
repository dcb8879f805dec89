import type { TollgateEvent } from './webhooks';

export interface StreamOptions {
  /** Resume after this event id; `'0'` replays the history from its start; unset: from now on. */
  lastEventId?: string;
  signal?: AbortSignal;
  /** Reconnect when the server ends a connection (it does every few minutes); default true. */
  reconnect?: boolean;
}

export interface StreamedEvent {
  /** The SSE id: pass it back as `lastEventId` to resume after this event. */
  id: string;
  event: TollgateEvent;
}

/**
 * The live billing events of a workspace from `GET /api/v1/billing/stream` (Server-Sent Events),
 * as an async iterator. When the server ends a connection the iterator reconnects after the
 * `retry:` it was told, resuming from the last id it saw; an error answer throws.
 */
export async function* billingEvents(
  fetchImpl: (input: Request) => Promise<Response>,
  url: string,
  headers: Record<string, string>,
  opts: StreamOptions,
  onError: (res: Response) => Promise<never>,
): AsyncGenerator<StreamedEvent> {
  let last = opts.lastEventId;
  let retryMs = 1000;
  while (!opts.signal?.aborted) {
    const res = await fetchImpl(
      new Request(url, {
        headers: { ...headers, accept: 'text/event-stream', ...(last !== undefined ? { 'last-event-id': last } : {}) },
        signal: opts.signal,
      }),
    );
    if (!res.ok || !res.body) await onError(res);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    // Leaving (an abort) cancels the read in progress, whatever the fetch implementation does with the signal.
    const onAbort = () => void reader.cancel().catch(() => undefined);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const i = line.indexOf(':');
            const k = i < 0 ? line : line.slice(0, i);
            const v = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            fields[k] = k === 'data' && fields.data !== undefined ? `${fields.data}\n${v}` : v;
          }
          if (fields.retry && /^\d+$/.test(fields.retry)) retryMs = Number(fields.retry);
          if (fields.id !== undefined && fields.data !== undefined && fields.event !== 'reconnect') {
            last = fields.id;
            yield { id: fields.id, event: JSON.parse(fields.data) as TollgateEvent };
          }
        }
      }
    } catch (e) {
      if (opts.signal?.aborted) return;
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      reader.releaseLock();
    }
    if (opts.reconnect === false) return;
    await new Promise((r) => setTimeout(r, retryMs));
  }
}
