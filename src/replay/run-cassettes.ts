// Replays a folder of cassettes through the real client with msw, outside any test runner, and judges
// each one by the expectation it carries (expectation.ts): the gate's replay stage, and a user's CI.
//
// Safe in a process that does other work: msw intercepts fetch and node:http globally, so
// - each cassette is served at its own origin that cannot exist (`.invalid`), never at the recorded
//   one (a recording from a sandbox on 127.0.0.1:40975 must not answer a call to a real server that
//   happens to listen there now);
// - a request to any other origin is passed through untouched (`onUnhandledFrame` returns: bypass);
//   a request to the cassette's origin that no entry answers fails as a dropped connection, stops the
//   flow and fails the cassette. msw 3 calls the option `onUnhandledFrame`: the msw 2 name
//   `onUnhandledRequest` is ignored without a word (see docs/replay.md);
// - interception is on only while cassettes play (listen, play, close in `finally`), and one run at a
//   time in this process.
import { basename } from 'node:path';
import { setupServer } from 'msw/node';
import { LsqClient } from '../client/index.ts';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../sandbox/settings.ts';
import { crashes, expectationOf, mismatches, type CassetteExpectation, type CassetteOutcome } from './expectation.ts';
import { cassetteHandlers } from './handlers.ts';
import { type Har, readCassette } from './har.ts';
import { listCassettes } from './cassette-folder.ts';
import { EVERY_ENTRY, playFlow, recordedPaths } from './play-flow.ts';

export { CassetteFolderError, listCassettes, SHIPPED_CASSETTES_DIR } from './cassette-folder.ts';

/** Where every cassette is served during a run. `.invalid` never resolves (RFC 2606). */
export const REPLAY_ORIGIN = 'https://cassette.lsq-harness-replay.invalid';

export interface CassetteResult {
  /** The file name without `.har`. */
  name: string;
  file: string;
  verdict: 'passed' | 'failed';
  /** False when the cassette carries no `_lsqExpect`: it was only required not to crash the client. */
  judged: boolean;
  expected: CassetteExpectation | null;
  /** Null when the cassette could not be read. */
  got: CassetteOutcome | null;
  /** One line: what held, or every way it did not. */
  detail: string;
  durationMs: number;
}

export interface RunCassettesOptions {
  /** Multiplies each entry's recorded wait; default 1 (a slow answer is replayed slow). */
  delayScale?: number;
  /** A `wait` flow gives up after this long; default 15 s. */
  waitDeadlineMs?: number;
  /** Called as each cassette starts, with interception on. */
  onCassette?: (name: string) => void;
  /** Stops the run: the cassette playing is abandoned (failed), the rest are not played. */
  signal?: AbortSignal;
}

let queue: Promise<unknown> = Promise.resolve();

/** Replays every cassette of `dir` (or the given files), one after another; one result each, in order. */
export function runCassettes(dirOrFiles: string | readonly string[], options: RunCassettesOptions = {}): Promise<CassetteResult[]> {
  const files = typeof dirOrFiles === 'string' ? listCassettes(dirOrFiles) : [...dirOrFiles];
  const run = queue.then(() => runAll(files, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runAll(files: string[], options: RunCassettesOptions): Promise<CassetteResult[]> {
  let current: { unhandled: string[]; abort: AbortController } | null = null;
  const unanswered = (request: Request) => {
    current?.unhandled.push(`${request.method} ${request.url.replace(REPLAY_ORIGIN, '')}`);
    current?.abort.abort(new Error('a request no cassette entry answered'));
  };
  const server = setupServer();
  server.listen({
    onUnhandledFrame({ frame }) {
      const request = (frame.data as { request?: Request }).request;
      if (!request || new URL(request.url).origin !== REPLAY_ORIGIN) return; // not ours: passed through untouched
      unanswered(request);
      // A network-error Response fails the fetch as a dropped connection would; nothing leaves the process.
      return Promise.reject(Response.error());
    },
  });
  const results: CassetteResult[] = [];
  const stop = () => current?.abort.abort(new Error('the run was stopped'));
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for (const file of files) {
      if (options.signal?.aborted) break;
      const name = basename(file).replace(/\.har$/, '');
      const started = Date.now();
      current = { unhandled: [], abort: new AbortController() };
      options.onCassette?.(name);
      results.push({ ...(await playOne(file, name, server, current, unanswered, options)), durationMs: Date.now() - started });
      server.resetHandlers();
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    current = null;
    server.close();
  }
  return results;
}

async function playOne(
  file: string,
  name: string,
  server: ReturnType<typeof setupServer>,
  current: { unhandled: string[]; abort: AbortController },
  unanswered: (request: Request) => void,
  options: RunCassettesOptions,
): Promise<Omit<CassetteResult, 'durationMs'>> {
  let expected: CassetteExpectation | null = null;
  let har: Har;
  try {
    har = readCassette(file);
    expected = expectationOf(har, file);
  } catch (err) {
    return { name, file, verdict: 'failed', judged: true, expected, got: null, detail: (err as Error).message }; // unreadable: failed whatever it meant to show
  }
  server.use(...cassetteHandlers(har, { origin: REPLAY_ORIGIN, delayScale: options.delayScale ?? 1, onUnmatched: unanswered }).handlers);
  const client = new LsqClient({
    baseUrl: REPLAY_ORIGIN,
    ...recordedPaths(har),
    credentials: SANDBOX_DEFAULT_CREDENTIALS,
    rateLimit: null,
    timeoutMs: expected?.client?.timeoutMs ?? 10_000,
    ...(expected?.client?.maxBodyBytes ? { maxBodyBytes: expected.client.maxBodyBytes } : {}),
  });
  const flow = expected?.flow ?? EVERY_ENTRY;
  const played = await playFlow({ har, flow, expectation: expected, client, waitDeadlineMs: options.waitDeadlineMs ?? 15_000, signal: current.abort.signal });
  const got: CassetteOutcome = { ...played, unhandled: [...current.unhandled] };
  if (!expected) {
    const problems = crashes(got);
    return {
      name,
      file,
      verdict: problems.length ? 'failed' : 'passed',
      judged: false,
      expected,
      got,
      detail: problems.length ? problems.join('; ') : `no _lsqExpect: replayed (${flow}) without a crash, not judged`,
    };
  }
  // An unanswered request stops the flow, so whatever followed it says nothing more.
  const problems = got.unhandled.length ? [`requests no cassette entry answered: ${got.unhandled.join(', ')}`] : mismatches(expected, got);
  return {
    name,
    file,
    verdict: problems.length ? 'failed' : 'passed',
    judged: true,
    expected,
    got,
    detail: problems.length ? problems.join('; ') : summary(got),
  };
}

/** What a passed cassette showed, e.g. `wait: RateLimitedError → succeeded, no violation`. */
function summary(got: CassetteOutcome): string {
  const end = got.polls ? got.polls.join(' → ') : (got.error ?? got.state ?? '');
  return `${got.flow}: ${end}, ${got.violations.length ? got.violations.join(', ') : 'no violation'}`;
}
