// `lsq-harness/msw`: msw handlers built from HAR cassettes, for users' own msw tests — the shipped
// cassettes (every edge case we have seen or documented) or cassettes they recorded themselves with
// `lsq-harness record`. Also the cassette runner the gate uses, to judge a folder outside any test
// runner. Nothing here needs vitest; msw is the only peer.
//
// In a user's test: setupServer(...handlersFromCassette(shippedCassette('rate-limited-with-retry-after'),
// { baseUrl, onUnmatched: unhandled.onUnmatched })), listened with { onUnhandledFrame:
// unhandled.onUnhandledFrame } where unhandled = failOnUnhandled(); then point the client at baseUrl
// and expect unhandled.requests to stay empty. The full example is in docs/replay.md.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpHandler, UnhandledFrameHandle } from 'msw';
import { cassetteHandlers, type ReplayOptions } from './handlers.ts';
import { readCassette, type Har } from './har.ts';
import { SHIPPED_CASSETTES_DIR, listCassettes } from './run-cassettes.ts';

export { cassetteHandlers, requestKey, type PlayedEntry, type Replay, type ReplayOptions } from './handlers.ts';
export { CassetteError, describeCassette, parseCassette, readCassette, type Har, type HarEntry } from './har.ts';
export { CassetteExpectationSchema, expectationOf, type CassetteExpectation, type CassetteOutcome, type Flow } from './expectation.ts';
export { requestIdOf } from './play-flow.ts';
export {
  CassetteFolderError,
  REPLAY_ORIGIN,
  SHIPPED_CASSETTES_DIR,
  listCassettes,
  runCassettes,
  type CassetteResult,
  type RunCassettesOptions,
} from './run-cassettes.ts';

export interface HandlersFromCassetteOptions {
  /** Serve the cassette at this origin (scheme, host, port; a path is ignored) instead of the recorded one — your client's base URL. */
  baseUrl?: string;
  /** Multiplies each recorded wait (`timings.wait`); 0 answers at once. Default 1. */
  delayScale?: number;
  /** Called for a request to a recorded path that no entry answers (it gets a network error). */
  onUnmatched?: (request: Request) => void;
}

/**
 * msw handlers that answer as the cassette recorded: requests matched by method and URL (credential
 * parameters ignored), entries with the same request in recorded order (a polling timeline), the last
 * one again once they are used up. Each call starts afresh.
 */
export function handlersFromCassette(pathOrHar: string | Har, options: HandlersFromCassetteOptions = {}): HttpHandler[] {
  const har = typeof pathOrHar === 'string' ? readCassette(pathOrHar) : pathOrHar;
  return cassetteHandlers(har, replayOptions(options)).handlers;
}

/**
 * Every cassette of a folder, by name (the file name without `.har`), each with fresh handlers. Many
 * cassettes answer the same URL (they share a RequestID), so install one cassette's handlers at a time.
 */
export function handlersFromFolder(dir: string = SHIPPED_CASSETTES_DIR, options: HandlersFromCassetteOptions = {}): Record<string, HttpHandler[]> {
  const out: Record<string, HttpHandler[]> = {};
  for (const file of listCassettes(dir)) out[file.replace(/^.*\//, '').replace(/\.har$/, '')] = handlersFromCassette(file, options);
  return out;
}

/** The path of a cassette shipped with lsq-harness, e.g. `shippedCassette('status-word-unknown')`. */
export function shippedCassette(name: string): string {
  return join(SHIPPED_CASSETTES_DIR, `${name}.har`);
}

/** The names of the shipped cassettes. */
export function shippedCassetteNames(): string[] {
  return readdirSync(SHIPPED_CASSETTES_DIR)
    .filter((f) => f.endsWith('.har'))
    .map((f) => f.slice(0, -'.har'.length))
    .sort();
}

export interface UnhandledRequests {
  /** Every request nothing answered, as `METHOD url`. */
  requests: string[];
  /** For `server.listen({ onUnhandledFrame })`: a request no handler takes. */
  onUnhandledFrame: Extract<UnhandledFrameHandle, (...args: never[]) => unknown>;
  /** For `handlersFromCassette(…, { onUnmatched })`: a request to a recorded path that no entry answers. */
  onUnmatched: (request: Request) => void;
}

/**
 * An `onUnhandledFrame` for `server.listen()` that fails every request no handler answers as a
 * dropped connection and records it in `requests`: assert it is empty. msw 3 calls the option
 * `onUnhandledFrame`; its msw 2 name `onUnhandledRequest` is ignored without a word, and msw then only
 * warns — a poller waits such errors out, so a test could pass on a request nothing answered.
 * `passThrough` lets chosen requests reach the network instead (e.g. your own loopback servers).
 */
export function failOnUnhandled(passThrough: (request: Request) => boolean = () => false): UnhandledRequests {
  const requests: string[] = [];
  return {
    requests,
    onUnmatched: (request) => void requests.push(`${request.method} ${request.url}`),
    onUnhandledFrame({ frame }) {
      const request = (frame.data as { request?: Request }).request;
      if (request && passThrough(request)) return;
      requests.push(request ? `${request.method} ${request.url}` : 'a non-HTTP frame');
      return Promise.reject(Response.error());
    },
  };
}

function replayOptions(o: HandlersFromCassetteOptions): ReplayOptions {
  return {
    ...(o.baseUrl ? { origin: new URL(o.baseUrl).origin } : {}),
    ...(o.delayScale !== undefined ? { delayScale: o.delayScale } : {}),
    ...(o.onUnmatched ? { onUnmatched: o.onUnmatched } : {}),
  };
}
