// One HTTP exchange with a deadline and a size cap, returning the raw pieces the client classifies.
// Over node:http / node:https (node-http.ts, which says why not fetch), or through `fetchImpl` when the
// caller gave one (the recorder, tests on fake time); timeouts, aborts and errors are judged the same
// way for both.
import { NetworkError, TimeoutError, type Endpoint } from './errors.ts';
import { sendOverNodeHttp, type CappedResponse, type HeaderReader } from './node-http.ts';
import { redact } from './redact.ts';

export interface RawResponse {
  status: number;
  headers: HeaderReader;
  /** The body as text, cut at `maxBodyBytes` (then `truncated` is true). */
  text: string;
  truncated: boolean;
}

export interface ExchangeOptions {
  endpoint: Endpoint;
  url: URL;
  init: RequestInit;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Absent: node:http / node:https. */
  fetchImpl?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
}

export async function exchange(o: ExchangeOptions): Promise<RawResponse> {
  const details = { endpoint: o.endpoint, url: redact(o.url.toString()) };
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([timeout, o.signal]) : timeout;
  try {
    const res = o.fetchImpl
      ? await viaFetch(o.fetchImpl, o.url, { ...o.init, signal }, o.maxBodyBytes)
      : await viaNodeHttp(o.url, o.init, signal, o.maxBodyBytes);
    return res;
  } catch (err) {
    if (timeout.aborted) throw new TimeoutError(o.timeoutMs, details);
    if (o.signal?.aborted) throw o.signal.reason ?? err;
    throw new NetworkError(err, details);
  }
}

function viaNodeHttp(url: URL, init: RequestInit, signal: AbortSignal, maxBodyBytes: number): Promise<CappedResponse> {
  // The client sends plain-object headers and string bodies only.
  if (init.body != null && typeof init.body !== 'string') throw new TypeError('the client sends string bodies only');
  return sendOverNodeHttp(
    url,
    { method: init.method ?? 'GET', headers: (init.headers ?? {}) as Record<string, string>, body: init.body ?? undefined },
    signal,
    maxBodyBytes,
  );
}

async function viaFetch(fetchImpl: typeof fetch, url: URL, init: RequestInit, maxBodyBytes: number): Promise<CappedResponse> {
  const res = await fetchImpl(url, init);
  const { text, truncated } = await readCapped(res, maxBodyBytes);
  return { status: res.status, headers: res.headers, text, truncated };
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
