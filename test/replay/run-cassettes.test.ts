// The cassette runner the gate uses (src/replay/run-cassettes.ts): every shipped cassette passes its
// own expectation through the real client; a wrong expectation, a client that misbehaves, a crash and
// an unanswered request each fail the cassette with a detail that says why; requests to other origins
// pass through untouched while cassettes play. No msw server of the test's own runs in this file.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { LsqClient, RateLimitedError, UnauthorizedError } from '../../src/client/index.ts';
import type { Har } from '../../src/replay/har.ts';
import { CassetteFolderError, SHIPPED_CASSETTES_DIR, listCassettes, runCassettes } from '../../src/replay/run-cassettes.ts';
import { CASSETTE_DIR } from './support/replay-server.ts';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A shipped cassette as these tests edit it: a HAR whose expectation they make wrong, or malformed, on purpose. */
type Cassette = Har & { log: { _lsqExpect?: Record<string, unknown> } };

/** A temp folder holding copies of the named shipped cassettes, each optionally edited. */
function folderWith(cassettes: Record<string, ((har: Cassette) => void) | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-cassettes-'));
  dirs.push(dir);
  for (const [name, edit] of Object.entries(cassettes)) {
    const har = JSON.parse(readFileSync(join(SHIPPED_CASSETTES_DIR, `${name}.har`), 'utf8')) as Cassette;
    edit?.(har);
    writeFileSync(join(dir, `${name}.har`), JSON.stringify(har, null, 2));
  }
  return dir;
}

test('the shipped folder is the one the replay suite reads, found from the package root', () => {
  expect(SHIPPED_CASSETTES_DIR).toBe(CASSETTE_DIR);
});

test('every shipped cassette passes the expectation it carries, through the real client', async () => {
  const results = await runCassettes(SHIPPED_CASSETTES_DIR);
  expect(results.length).toBe(listCassettes(SHIPPED_CASSETTES_DIR).length);
  expect(results.length).toBeGreaterThanOrEqual(25);
  expect(results.filter((r) => r.verdict !== 'passed' || !r.judged).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
  const byName = Object.fromEntries(results.map((r) => [r.name, r]));
  expect(byName['rate-limited-with-retry-after']?.got?.polls).toEqual(['RateLimitedError', 'succeeded']);
  expect(byName['rate-limited-with-retry-after']?.durationMs).toBeGreaterThanOrEqual(3000); // Retry-After: 3 was waited out
  expect(byName['slow-response']?.got?.error).toBe('TimeoutError');
  expect(byName['message-plain-object']?.detail).toBe('status: succeeded, status.message.object');
}, 60_000);

test('a cassette whose expectation is wrong is reported failed, saying what differs', async () => {
  const dir = folderWith({
    'message-plain-object': (har) => Object.assign(har.log._lsqExpect!, { state: 'failed', violations: ['status.message.not-json'] }),
    'seed-status-success-verbatim': null,
  });
  const [wrong, right] = await runCassettes(dir);
  expect(wrong?.verdict).toBe('failed');
  expect(wrong?.detail).toBe('state: expected failed, got succeeded; violations: expected [status.message.not-json], got [status.message.object]');
  expect(right?.verdict).toBe('passed');
});

test('a poll sequence, an error class and a missing error are each judged', async () => {
  const dir = folderWith({
    'submit-then-queued-processing-success': (har) => (har.log._lsqExpect!.polls = ['queued', 'succeeded']),
    'unauthorized-html-gateway': (har) => (har.log._lsqExpect!.error = 'ServerError'),
    'not-found': (har) => delete har.log._lsqExpect!.error,
  });
  const results = Object.fromEntries((await runCassettes(dir)).map((r) => [r.name, r.detail]));
  expect(results['submit-then-queued-processing-success']).toBe('polls: expected [queued, succeeded], got [queued, processing, succeeded]');
  expect(results['unauthorized-html-gateway']).toMatch(/^error: expected ServerError, got UnauthorizedError \(status call answered HTTP 401/);
  expect(results['not-found']).toMatch(/^unexpected NotFoundError \(status call answered HTTP 404/);
});

test('a client that stops reporting a violation is caught', async () => {
  const real = LsqClient.prototype.getStatus;
  vi.spyOn(LsqClient.prototype, 'getStatus').mockImplementation(async function (this: LsqClient, ...args) {
    return { ...(await real.apply(this, args)), violations: [] };
  });
  const [r] = await runCassettes(folderWith({ 'message-double-encoded': null }));
  expect([r?.verdict, r?.detail]).toEqual(['failed', 'violations: expected [status.message.double-encoded], got []']);
});

test('a client that no longer waits out a 429 is caught', async () => {
  const real = LsqClient.prototype.getStatus;
  // As if a 429 were read as a 401: the poller gives up at once instead of waiting it out.
  vi.spyOn(LsqClient.prototype, 'getStatus').mockImplementation(async function (this: LsqClient, ...args) {
    try {
      return await real.apply(this, args);
    } catch (e) {
      if (e instanceof RateLimitedError) throw new UnauthorizedError(401, e.envelope, '', { endpoint: 'status', url: e.url });
      throw e;
    }
  });
  const [r] = await runCassettes(folderWith({ 'rate-limited-without-retry-after': null }));
  expect(r?.verdict).toBe('failed');
  expect(r?.detail).toMatch(
    /^state: expected succeeded, got unknown; unexpected UnauthorizedError \(.*\); polls: expected \[RateLimitedError, succeeded\], got \[UnauthorizedError\]$/,
  );
});

test('a cassette without an expectation only has to replay without crashing the client, and says so', async () => {
  const dir = folderWith({ 'status-word-unknown': (har) => delete har.log._lsqExpect });
  const [r] = await runCassettes(dir);
  expect([r?.verdict, r?.judged, r?.expected]).toEqual(['passed', false, null]);
  expect(r?.detail).toBe('no _lsqExpect: replayed (every-entry) without a crash, not judged');
  vi.spyOn(LsqClient.prototype, 'getStatus').mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'Status')"));
  const [crashed] = await runCassettes(dir);
  expect([crashed?.verdict, crashed?.detail]).toEqual(['failed', "the client crashed: TypeError (Cannot read properties of undefined (reading 'Status'))"]);
});

test('a request on a recorded path that no entry answers fails the cassette at once', async () => {
  // The accepted answer names another RequestID than the status calls recorded: the poll is unanswered.
  const dir = folderWith({
    'submit-then-queued-processing-success': (har) => {
      const res = har.log.entries[0]!.response.content;
      res.text = res.text!.replace(/"RequestID":"[^"]+"/, '"RequestID":"00000000-0000-4000-8000-000000000000"');
    },
  });
  const started = Date.now();
  const [r] = await runCassettes(dir);
  expect(r?.verdict).toBe('failed');
  expect(r?.detail).toBe('requests no cassette entry answered: GET /opportunity/update/status?RequestID=00000000-0000-4000-8000-000000000000');
  expect(Date.now() - started).toBeLessThan(3000); // stopped there, not waited out to the 15 s deadline
});

test('a request to a path the cassette never recorded fails the cassette through onUnhandledFrame', async () => {
  // Only the submit is left: the wait polls the default status path, which no handler serves.
  const dir = folderWith({ 'submit-then-queued-processing-success': (har) => har.log.entries.splice(1) });
  const started = Date.now();
  const [r] = await runCassettes(dir);
  expect(r?.detail).toMatch(/^requests no cassette entry answered: GET \/opportunity\/update\/status\?RequestID=[\w-]+$/);
  expect(Date.now() - started).toBeLessThan(3000);
});

/** A loopback server that answers every request with `real <path>`. */
async function realServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => res.end(`real ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('while cassettes play, fetch and node:http calls elsewhere pass through untouched — even to a recorded origin', async () => {
  const { server, origin } = await realServer();
  try {
    // The cassette claims to be recorded from this very server, as a sandbox recording is from 127.0.0.1:<port>.
    const dir = folderWith({
      'sandbox-recorded-success': (har) => {
        for (const e of har.log.entries) e.request.url = e.request.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, origin);
      },
    });
    const recordedUrl = `${origin}/opportunity/update/status?RequestID=x`;
    const seen: Promise<string>[] = [];
    const results = await runCassettes(dir, {
      onCassette: () => {
        seen.push(fetch(recordedUrl).then((r) => r.text()));
        seen.push(
          new Promise((resolve, reject) =>
            get(recordedUrl, (res) => {
              let body = '';
              res.on('data', (d: Buffer) => (body += d));
              res.on('end', () => resolve(body));
            }).on('error', reject),
          ),
        );
      },
    });
    expect(await Promise.all(seen)).toEqual(['real /opportunity/update/status?RequestID=x', 'real /opportunity/update/status?RequestID=x']);
    expect([results[0]?.verdict, results[0]?.got?.unhandled]).toEqual(['passed', []]);
  } finally {
    server.close();
  }
});

test('interception ends with the run: fetch is msw-free afterwards', async () => {
  const { server, origin } = await realServer();
  try {
    await runCassettes(folderWith({ 'seed-status-success-verbatim': null }));
    expect(await (await fetch(`${origin}/after`)).text()).toBe('real /after');
    await expect(
      fetch('https://cassette.lsq-harness-replay.invalid/opportunity/update/status?RequestID=5ebec781-c325-41f0-914e-9692301a2515'),
    ).rejects.toThrow();
  } finally {
    server.close();
  }
});

test('a folder that is missing, not a folder, or holds no cassette is refused, naming it', () => {
  const empty = folderWith({});
  copyFileSync(join(SHIPPED_CASSETTES_DIR, 'empty-body.har'), join(empty, 'notes.txt'));
  expect(() => listCassettes('/nonexistent/cassettes')).toThrow(new CassetteFolderError('/nonexistent/cassettes', 'no such folder'));
  expect(() => listCassettes(join(empty, 'notes.txt'))).toThrow(/notes\.txt: not a folder/);
  expect(() => listCassettes(empty)).toThrow(/holds no \.har cassette/);
});

test('a malformed expectation fails its cassette, naming the field', async () => {
  const dir = folderWith({ 'empty-body': (har) => (har.log._lsqExpect!.flow = 'poll') });
  const [r] = await runCassettes(dir);
  expect(r?.verdict).toBe('failed');
  expect(r?.detail).toMatch(/log\._lsqExpect\.flow: /);
});
