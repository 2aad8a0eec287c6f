// The recorder: `lsq-harness record` against the embedded sandbox, with credentials of its own, writes
// a cassette that holds none of them (in any encoding) and replays green through msw.
// No msw server is active while recording: the sandbox's loopback traffic must be real.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { LsqClient, REDACTED, waitForCompletion } from '../../src/client/index.ts';
import { main } from '../../src/cli/main.ts';
import { cassetteHandlers } from '../../src/replay/handlers.ts';
import { readCassette } from '../../src/replay/har.ts';
import { CassetteRecorder, RECORDED_BODY_CAP } from '../../src/replay/recorder.ts';
import { findSecret, redactBody, redactHar } from '../../src/replay/redact-har.ts';
import { drainOrClose } from '../../src/sandbox/server.ts';
import { FAST_POLLS, OTHER_CREDENTIALS, requestIdOf } from './support/replay-server.ts';

const OPPORTUNITY = '6a22455b-213e-4450-a960-3deef72b5eec';
const SETTING_NAMES = ['LSQ_ACCESS_KEY', 'LSQ_SECRET_KEY', 'LSQ_API_KEY', 'LSQ_CREDENTIALS_IN', 'LSQ_ASYNC_HOST'] as const;
let saved: Record<string, string | undefined> = {};
let secrets: string[] = [];
let out = '';

beforeEach(() => {
  saved = Object.fromEntries(SETTING_NAMES.map((n) => [n, process.env[n]]));
  // Fresh values each run, so no literal of them exists anywhere to be found by accident.
  secrets = ['access', 'secret', 'api'].map((k) => `rec-${k}-${randomBytes(6).toString('hex')}`);
  [process.env.LSQ_ACCESS_KEY, process.env.LSQ_SECRET_KEY, process.env.LSQ_API_KEY] = secrets;
  delete process.env.LSQ_ASYNC_HOST;
  out = mkdtempSync(join(tmpdir(), 'lsq-record-'));
});

afterEach(() => {
  rmSync(out, { recursive: true, force: true });
  for (const n of SETTING_NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
});

const record = (...extra: string[]) => main(['record', '--scenario', 'recorded-here', '--out', out, '--time-scale', '50', ...extra]);

test('a cassette recorded from the sandbox holds no secret and replays green', async () => {
  expect(await record()).toBe(0);
  const path = join(out, 'recorded-here.har');
  const text = readFileSync(path, 'utf8');
  // Checked first, and reported by position only: a failure message must not print the value.
  expect(findSecret(text, secrets)).toBeNull();
  expect(secrets.filter((s) => text.includes(s)).length).toBe(0);

  const har = readCassette(path);
  const [submit, ...polls] = har.log.entries;
  expect(submit?.request.method).toBe('POST');
  expect(submit?.request.queryString).toEqual([
    { name: 'accessKey', value: REDACTED },
    { name: 'secretKey', value: REDACTED },
  ]);
  expect(submit?.request.headers).toContainEqual({ name: 'x-api-key', value: REDACTED });
  expect(polls.length).toBeGreaterThanOrEqual(1); // how many depends on timing: the sandbox runs 50× faster
  expect(polls.every((p) => p.request.headers.some((h) => h.name === 'x-api-key' && h.value === REDACTED))).toBe(true);
  expect(har.log.comment).toMatch(/^Recorded from the embedded sandbox: submit an update, poll to succeeded after \d+ polls$/);

  const unhandled: string[] = [];
  const replay = cassetteHandlers(har, { onUnmatched: (r) => unhandled.push(r.url) });
  const server = setupServer(...replay.handlers);
  server.listen({ onUnhandledFrame: ({ frame }) => void unhandled.push(String((frame.data as { request?: Request }).request?.url)) });
  try {
    // Other credentials than the recording's: placeholders are never matched against.
    const client = new LsqClient({ baseUrl: new URL(submit!.request.url).origin, credentials: OTHER_CREDENTIALS, rateLimit: null });
    const submitted = await client.submitUpdate({ ProspectOpportunityId: OPPORTUNITY, Fields: [{ SchemaName: 'mx_Custom_6', Value: '200,000' }] });
    expect(submitted.requestId).toBe(requestIdOf(har));
    const waited = await waitForCompletion(client, submitted.requestId, { schedule: FAST_POLLS, expect: { opportunityId: OPPORTUNITY } });
    expect([waited.state, waited.polls, waited.violations]).toEqual(['succeeded', polls.length, []]);
    expect(unhandled).toEqual([]);
  } finally {
    server.close();
  }
});

test('credentials sent as x-LSQ-* headers are replaced too', async () => {
  process.env.LSQ_CREDENTIALS_IN = 'header';
  expect(await record()).toBe(0);
  const text = readFileSync(join(out, 'recorded-here.har'), 'utf8');
  expect(findSecret(text, secrets)).toBeNull();
  const submit = readCassette(join(out, 'recorded-here.har')).log.entries[0]!;
  expect(submit.request.headers.filter((h) => /^x-lsq-/i.test(h.name))).toEqual([
    { name: 'x-lsq-accesskey', value: REDACTED },
    { name: 'x-lsq-secretkey', value: REDACTED },
  ]);
  expect(submit.request.queryString).toEqual([]);
});

test('an update that fails is recorded through to its FAILURE', async () => {
  expect(await record('--opportunity', '00000000-0000-0000-0000-000000000001')).toBe(0);
  const har = readCassette(join(out, 'recorded-here.har'));
  expect(har.log.entries.at(-1)?.response.content.text).toContain('"Status":"FAILURE"');
});

test('a cassette name that is not lower-case words, or an existing cassette without --force, is a usage error', async () => {
  expect(await main(['record', '--scenario', '../escape', '--out', out])).toBe(2);
  expect(existsSync(join(out, '..', 'escape.har'))).toBe(false);
  expect(await record()).toBe(0);
  expect(await record()).toBe(2);
  expect(await record('--force')).toBe(0);
});

test('credential keys inside a JSON body are replaced by name, even with a value nobody registered', () => {
  const body = '{"accessKey":"never-registered-1","nested":{"x-api-key":"never-registered-2"},"Note":"kept"}';
  expect(JSON.parse(redactBody(body))).toEqual({ accessKey: REDACTED, nested: { 'x-api-key': REDACTED }, Note: 'kept' });
  const plain = '{\r\n\t"Note": "kept byte for byte"\r\n}';
  expect(redactBody(plain)).toBe(plain);
});

/** A loopback server answering every request with `bytes` of JSON-ish filler, declared or chunked. */
async function serveLarge(bytes: number, declareLength: boolean): Promise<{ url: string; server: Server }> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = createServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(bytes) } : {}) });
    for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
      // The sandbox's wait, which leaves no listener behind (one left per wait added up to the
      // MaxListenersExceededWarning this file used to print).
      if (!res.write(chunk.subarray(0, Math.min(chunk.length, bytes - sent)))) await drainOrClose(res);
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/opportunity/update/status?RequestID=x`, server };
}

test.each([true, false])("a 16 MB response is recorded up to the client's 4 MiB cap, marked truncated (Content-Length sent: %s)", async (declareLength) => {
  const big = 16 * 1024 * 1024;
  const { url, server } = await serveLarge(big, declareLength);
  try {
    const recorder = new CassetteRecorder();
    const res = await recorder.fetch(url);
    // The caller's own copy is untouched by the recording: it can still read every byte.
    expect((await res.arrayBuffer()).byteLength).toBe(big);
    const content = recorder.entries[0]!.response.content as Record<string, unknown>;
    expect(content.size).toBe(RECORDED_BODY_CAP);
    expect((content.text as string).length).toBe(RECORDED_BODY_CAP);
    expect(content._truncated).toBe(true);
    expect(content._originalSize).toBe(declareLength ? big : undefined);
    expect(content.comment).toMatch(/cut at 4194304 bytes/);
    const har = JSON.stringify(redactHar(recorder.toHar('big', 'a huge body'), []));
    expect(har.length).toBeLessThan(RECORDED_BODY_CAP + 64 * 1024);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('the client reading through the recorder gets its own capped answer and does not hang', async () => {
  const { url, server } = await serveLarge(16 * 1024 * 1024, true);
  try {
    const recorder = new CassetteRecorder();
    const client = new LsqClient({ baseUrl: new URL(url).origin, credentials: OTHER_CREDENTIALS, rateLimit: null, fetch: recorder.fetch });
    const settled = await client.getStatus('x').then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(typeof settled).toBe('string');
    expect((recorder.entries[0]!.response.content as Record<string, unknown>)._truncated).toBe(true);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('a body within the cap is recorded whole, with no truncation mark', async () => {
  const { url, server } = await serveLarge(100_000, true);
  try {
    const recorder = new CassetteRecorder(undefined, { maxBodyBytes: 100_000 });
    await (await recorder.fetch(url)).text();
    const content = recorder.entries[0]!.response.content as Record<string, unknown>;
    expect([content.size, content._truncated, content.comment]).toEqual([100_000, undefined, undefined]);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
