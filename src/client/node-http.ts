// The client's default transport: one request over node:http or node:https, its body read up to a
// cap. Not fetch: Node's fetch is undici, about 17 MB resident once the first call loads it, a sixth
// of the monitor's footprint, and the monitor serves /metrics with node:http anyway (BENCHMARKS.md,
// P5). A caller that passes `fetch` to the client (msw in a browser, the recorder, tests on fake time)
// still gets fetch.
//
// What fetch did that callers could see, kept: its default request headers (a host or its firewall
// sees the same request), response bodies decoded when the server compresses them, duplicate header
// fields read as one value joined by ", ", the cap counted on decoded bytes. Not kept: fetch followed
// redirects, forwarding x-api-key to wherever they pointed; here a redirect is the HTTP answer it is
// (the API never redirects). `http.request` is looked up at each call, so an interceptor installed
// later (msw's, nock's) sees the request, as it saw fetch's.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

// Not `import http from 'node:http'`: an ESM import of a built-in reads every one of its exports, and
// node:http's WebSocket is a getter that loads undici (~12 MB resident) — the very cost this file
// avoids. process.getBuiltinModule hands over the module object without reading them (the same object
// interceptors patch).
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

/** The part of fetch's Headers the client reads. */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface CappedResponse {
  status: number;
  headers: HeaderReader;
  /** The body as text, cut at the cap (then `truncated` is true). */
  text: string;
  truncated: boolean;
}

export interface NodeHttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

// What Node's fetch sends unless told otherwise.
const FETCH_DEFAULT_HEADERS: Record<string, string> = {
  accept: '*/*',
  'accept-language': '*',
  'sec-fetch-mode': 'cors',
  'user-agent': 'node',
  'accept-encoding': 'gzip, deflate',
};

// The codings fetch decodes (it asks for gzip and deflate, and decodes br too); so does this.
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Header fields as fetch's Headers reads them: names in any case, repeated fields joined with ", ". */
export function headerReader(rawHeaders: readonly string[]): HeaderReader {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!.replace(/^[\t ]+|[\t ]+$/g, '');
    const before = fields.get(name);
    fields.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { get: (name) => fields.get(name.toLowerCase()) ?? null };
}

/**
 * Sends one request and reads its answer, at most `maxBodyBytes` of (decoded) body. Rejects with the
 * socket's error (its `code`: ECONNREFUSED, ENOTFOUND, a TLS code…) or, once `signal` aborts, with
 * the abort; the caller tells them apart by its own signals, as it did with fetch.
 */
export function sendOverNodeHttp(url: URL, request: NodeHttpRequest, signal: AbortSignal, maxBodyBytes: number): Promise<CappedResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!transport) return reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const headers: Record<string, string> = { ...FETCH_DEFAULT_HEADERS };
    // The caller's names win whatever their case (Node would send both spellings otherwise).
    for (const [name, value] of Object.entries(request.headers)) {
      delete headers[name.toLowerCase()];
      headers[name] = value;
    }
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const req = transport.request(url, { method: request.method, headers, signal }, (res) => {
      const status = res.statusCode ?? 0;
      const fieldReader = headerReader(res.rawHeaders);
      let body: Readable | NodeJS.ReadWriteStream = res;
      try {
        body = decoded(res, fieldReader.get('content-encoding'));
      } catch (err) {
        res.destroy();
        return reject(err);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (truncated: boolean) => {
        done = true;
        resolve({ status, headers: fieldReader, text: new TextDecoder().decode(Buffer.concat(chunks)), truncated });
      };
      body.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.byteLength;
        if (size > maxBodyBytes) {
          chunks.push(chunk.subarray(0, chunk.byteLength - (size - maxBodyBytes)));
          finish(true);
          // Read no further: the connection goes (fetch cancelled the body the same way).
          res.destroy();
          if (body !== res) (body as Readable).destroy();
          return;
        }
        chunks.push(chunk);
      });
      body.on('end', () => {
        if (!done) finish(false);
      });
      body.on('error', (err) => {
        if (!done) reject(err);
      });
      // A connection that closes before the body ends (reset, timeout's abort) is an error, never a short body.
      res.on('close', () => {
        if (!done && !res.complete) reject(signal.aborted ? signal.reason : Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
      });
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/** The body stream decoded per Content-Encoding (codings applied in order, so undone in reverse). */
function decoded(res: IncomingMessage, contentEncoding: string | null): Readable | NodeJS.ReadWriteStream {
  if (!contentEncoding) return res;
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity');
  // An unknown coding: fetch hands the body over as it came; so does this.
  if (codings.length === 0 || codings.some((c) => !DECODERS[c])) return res;
  let stream: Readable | NodeJS.ReadWriteStream = res;
  for (const coding of codings.reverse()) {
    const decoder = DECODERS[coding]!();
    stream.on('error', (err) => decoder.emit('error', err));
    stream = stream.pipe(decoder);
  }
  return stream;
}
