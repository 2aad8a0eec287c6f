// One HTTP exchange with a deadline and a size cap, returning the raw pieces the client classifies.
// Uses Node's fetch (undici); `fetchImpl` lets msw or a test swap the transport.
import { NetworkError, TimeoutError, type Endpoint } from './errors.ts';
import { redact } from './redact.ts';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body as text, cut at `maxBodyBytes` (then `truncated` is true). */
  text: string;
  truncated: boolean;
  latencyMs: number;
}

export interface ExchangeOptions {
  endpoint: Endpoint;
  url: URL;
  init: RequestInit;
  timeoutMs: number;
  maxBodyBytes: number;
  fetchImpl: typeof fetch;
  signal?: AbortSignal | undefined;
  now: () => number;
}

export async function exchange(o: ExchangeOptions): Promise<RawResponse> {
  const details = { endpoint: o.endpoint, url: redact(o.url.toString()) };
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([timeout, o.signal]) : timeout;
  const started = o.now();
  try {
    const res = await o.fetchImpl(o.url, { ...o.init, signal });
    const { text, truncated } = await readCapped(res, o.maxBodyBytes);
    return { status: res.status, headers: res.headers, text, truncated, latencyMs: o.now() - started };
  } catch (err) {
    if (timeout.aborted) throw new TimeoutError(o.timeoutMs, details);
    if (o.signal?.aborted) throw o.signal.reason ?? err;
    throw new NetworkError(err, details);
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      chunks.push(value.subarray(0, value.byteLength - (size - maxBytes)));
      return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated: true };
    }
    chunks.push(value);
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated: false };
}

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.round((date - nowMs) / 1000));
}
