// Captures every exchange a client makes, as HAR entries: pass `recorder.fetch` as the client's
// `fetch` option. The capture holds secrets as sent; only redactHar() output may be written anywhere.
// A response body is recorded up to the client's own cap (4 MiB): the client never reads past it, and a
// 16 MB body made a 16 MB cassette. A cut body says so in `content`: `_truncated: true`, the
// `_originalSize` when the server declared a Content-Length, and a comment.
import type { Har, HarEntry, HarNameValue } from './har.ts';

export const HAR_CREATOR = { name: 'lsq-harness', version: '0.1.0' } as const;

/** The client's default response cap (LsqClient's `maxBodyBytes`, src/client/client.ts). */
export const RECORDED_BODY_CAP = 4 * 1024 * 1024;

/** Reads at most `maxBytes` of a body (then cancels the rest); `error` when the stream broke first. */
async function readCapped(res: Response, maxBytes: number): Promise<{ text: string; bytes: number; truncated: boolean; error?: unknown }> {
  if (!res.body) return { text: '', bytes: 0, truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  let error: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - bytes));
        bytes = maxBytes;
        truncated = true;
        // Not awaited: a cancelled branch of a cloned (teed) body settles only once the other branch,
        // the client's, is cancelled or read to the end too.
        void reader.cancel().catch(() => undefined);
        break;
      }
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch (err) {
    error = err; // a body cut off mid-way is recorded as far as it came
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), bytes, truncated, ...(error === undefined ? {} : { error }) };
}

const toPairs = (headers: Headers): HarNameValue[] => [...headers].map(([name, value]) => ({ name, value }));

function requestUrl(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

/** Why an exchange ended without an answer, in the spirit of a browser's HAR `_error`. */
function errorName(err: unknown, signal: AbortSignal | null | undefined): string {
  if (signal?.aborted) return 'aborted (no answer before the deadline)';
  let c: unknown = err;
  for (let depth = 0; depth < 4 && c && typeof c === 'object'; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return (err as Error)?.name ?? 'network error';
}

export class CassetteRecorder {
  readonly entries: HarEntry[] = [];
  private readonly inner: typeof fetch;
  private readonly maxBodyBytes: number;

  /** `maxBodyBytes`: the cap of the client being recorded, when it is not the default. */
  constructor(inner: typeof fetch = (input, init) => globalThis.fetch(input, init), options: { maxBodyBytes?: number } = {}) {
    this.inner = inner;
    this.maxBodyBytes = options.maxBodyBytes ?? RECORDED_BODY_CAP;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = requestUrl(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const started = Date.now();
    const startedDateTime = new Date(started).toISOString();
    const request: HarEntry['request'] = {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: toPairs(headers),
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      ...(body !== undefined ? { postData: { mimeType: headers.get('content-type') ?? '', text: body } } : {}),
      headersSize: -1,
      bodySize: body === undefined ? 0 : Buffer.byteLength(body),
    };

    let res: Response;
    try {
      res = await this.inner(input, init);
    } catch (err) {
      const elapsed = Date.now() - started;
      this.entries.push({
        startedDateTime,
        time: elapsed,
        request,
        response: {
          status: 0,
          statusText: '',
          httpVersion: '',
          cookies: [],
          headers: [],
          content: { size: 0, mimeType: '' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
          _error: errorName(err, init?.signal),
        },
        cache: {},
        timings: { send: 0, wait: elapsed, receive: 0 },
      });
      throw err;
    }
    const answered = Date.now();
    // Read a copy, up to the client's cap; the client reads the original.
    const read = await readCapped(res.clone(), this.maxBodyBytes);
    const { text, truncated } = read;
    const error = 'error' in read ? errorName(read.error, init?.signal) : undefined;
    const done = Date.now();
    const size = Buffer.byteLength(text);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    const cut = truncated
      ? {
          _truncated: true,
          ...(Number.isSafeInteger(declared) && declared >= 0 ? { _originalSize: declared } : {}),
          comment: `body cut at ${this.maxBodyBytes} bytes, the client's response cap${Number.isSafeInteger(declared) ? ` (${declared} bytes were sent)` : ''}`,
        }
      : {};
    this.entries.push({
      startedDateTime,
      time: done - started,
      request,
      response: {
        status: res.status,
        statusText: res.statusText,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: toPairs(res.headers),
        content: { size, mimeType: res.headers.get('content-type') ?? '', text, ...cut },
        redirectURL: '',
        headersSize: -1,
        bodySize: size,
        ...(error ? { _error: error } : {}),
      },
      cache: {},
      timings: { send: 0, wait: answered - started, receive: done - answered },
    });
    return res;
  };

  /** The capture as a HAR log. Still holds secrets: pass it through redactHar() before writing it. */
  toHar(scenario: string, description: string): Har {
    return { log: { version: '1.2', creator: { ...HAR_CREATOR }, comment: description, _scenario: scenario, entries: [...this.entries] } };
  }
}
