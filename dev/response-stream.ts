import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { ResponseMeta, ResponseStream } from '#shared/http/streaming';

/**
 * What the Lambda runtime hands a streaming handler, over a Node HTTP response: the metadata
 * (status, headers) is written first, then every chunk as it comes. A client that disconnects
 * destroys the stream, which is how the handler learns to stop.
 */
export function nodeResponseStream(res: ServerResponse): ResponseStream {
  const stream = new Writable({
    write(chunk, _enc, cb) {
      if (!res.headersSent) res.writeHead(200);
      res.write(chunk, cb);
    },
    final(cb) {
      if (!res.headersSent) res.writeHead(200);
      res.end(cb);
    },
  }) as ResponseStream;
  stream.setResponseMeta = (meta: ResponseMeta) => {
    if (!res.headersSent) res.writeHead(meta.statusCode, meta.headers);
    res.flushHeaders();
  };
  res.once('close', () => stream.destroy());
  return stream;
}

/** A response stream that keeps what is written (tests): `destroyAfter` bytes of body end it as a leaving client would. */
export function collectingResponseStream(opts: { destroyAfter?: number } = {}) {
  const out = { meta: undefined as ResponseMeta | undefined, body: '' };
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out.body += String(chunk);
      cb();
      if (opts.destroyAfter !== undefined && out.body.length >= opts.destroyAfter) stream.destroy();
    },
  }) as ResponseStream;
  stream.setResponseMeta = (meta) => (out.meta = meta);
  return { stream, out };
}
