// One msw server per test file, with the cassettes played through it. Any request that no cassette
// entry answers is recorded, errored (the client sees a network error, nothing reaches the network)
// and fails the test in afterEach — the client's polling would otherwise wait such an error out and
// the test could pass by accident.
//
// msw 3 calls the option `onUnhandledFrame`; the msw 2 name `onUnhandledRequest` is silently ignored
// and msw falls back to a warning. test/replay/unhandled.test.ts proves this hook bites.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { LsqClient, type ClientOptions, type PollSchedule } from '../../../src/client/index.ts';
import { cassetteHandlers, type Replay } from '../../../src/replay/handlers.ts';
import { readCassette, type Har } from '../../../src/replay/har.ts';
import { requestIdOf } from '../../../src/replay/play-flow.ts';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../../../src/sandbox/settings.ts';

/** The shipped cassettes, at the package root (they are product, not test code: the gate replays them). */
export const CASSETTE_DIR = new URL('../../../cassettes/', import.meta.url).pathname;

export function cassette(name: string): Har {
  return readCassette(`${CASSETTE_DIR}${name}.har`);
}

/** Credentials other than any recording's: cassettes hold placeholders, so these must match just as well. */
export const OTHER_CREDENTIALS = {
  accessKey: `${SANDBOX_DEFAULT_CREDENTIALS.accessKey}-2`,
  secretKey: `${SANDBOX_DEFAULT_CREDENTIALS.secretKey}-2`,
  apiKey: `${SANDBOX_DEFAULT_CREDENTIALS.apiKey}-2`,
};

/** Poll again after 1 ms: the cassettes set the pace, not the production backoff. */
export const FAST_POLLS: PollSchedule = { delayBefore: () => 1 };

/** The RequestID a cassette is about (the runner's own reading of it). */
export { requestIdOf };

export interface Played {
  har: Har;
  replay: Replay;
  client: LsqClient;
  requestId: string;
}

export interface ReplayServer {
  /** Installs a cassette's handlers and returns a real client pointed at its origin. */
  play(name: string, options?: Partial<ClientOptions>): Played;
  /** Requests no cassette answered in the current test (cleared, and failing the test, after it). */
  unhandled: string[];
}

export function useReplayServer(): ReplayServer {
  const unhandled: string[] = [];
  const server = setupServer();
  beforeAll(() =>
    server.listen({
      onUnhandledFrame({ frame }) {
        const request = (frame.data as { request?: Request }).request;
        unhandled.push(request ? `${request.method} ${request.url}` : 'a non-HTTP frame');
        // Rejecting with a network-error Response makes msw fail the fetch as a dropped connection
        // would (rejecting with an Error would answer 500 instead); nothing reaches the network.
        return Promise.reject(Response.error());
      },
    }),
  );
  afterEach(() => {
    server.resetHandlers();
    const leaked = unhandled.splice(0);
    expect(leaked, 'requests that no cassette entry answered').toEqual([]);
  });
  afterAll(() => server.close());

  return {
    unhandled,
    play(name, options = {}) {
      const har = cassette(name);
      const replay = cassetteHandlers(har, { onUnmatched: (r) => unhandled.push(`${r.method} ${r.url}`) });
      server.use(...replay.handlers);
      const client = new LsqClient({
        baseUrl: new URL(har.log.entries[0]!.request.url).origin,
        credentials: SANDBOX_DEFAULT_CREDENTIALS,
        rateLimit: null,
        timeoutMs: 2000,
        ...options,
      });
      return { har, replay, client, requestId: requestIdOf(har) };
    },
  };
}
