// Bad input: 1,200 malformed requests (seeded) to the sandbox's API paths. Never a 5xx, never a crash
// or a dropped connection, always LeadSquared's envelope on a refusal — and afterwards the sandbox's
// state is intact: earlier tasks read back the same, and a valid update still round-trips. Then a
// property over random request targets (fast-check, fixed seed): `//…` never routes anywhere.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LsqClient } from '../../src/client/index.ts';
import { waitForCompletion } from '../../src/client/wait.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { RELIABILITY_CREDENTIALS } from './secret-values.ts';
import { FuzzGenerator, type FuzzCase } from './support/fuzz-requests.ts';
import { sendRaw, type RawAnswer } from './support/raw-http.ts';

const CASES = 1200;
const SEED = Number(process.env.LSQ_FUZZ_SEED ?? 20261101);
const OPPORTUNITY = '5ca5b042-51ea-4699-b6f0-84c40ab12770';

let sb: Sandbox;
let client: LsqClient;
const earlier: Array<{ requestId: string; requestBody: unknown }> = [];

beforeAll(async () => {
  sb = await startSandbox({ settings: { credentials: RELIABILITY_CREDENTIALS, seed: 7, latency: { kind: 'fixed', ms: 30 }, rateLimit: { limit: 0 } } });
  client = new LsqClient({ baseUrl: sb.url, credentials: RELIABILITY_CREDENTIALS, rateLimit: null });
  for (let i = 0; i < 3; i++) {
    const { requestId } = await client.submitUpdate({ ProspectOpportunityId: OPPORTUNITY, Fields: [{ SchemaName: 'mx_Custom_1', Value: `before-${i}` }] });
    const done = await waitForCompletion(client, requestId, { schedule: { delayBefore: () => 20 }, deadlineMs: 5000 });
    earlier.push({ requestId, requestBody: done.final!.requestBody });
  }
});
afterAll(async () => sb?.stop());

/** What is wrong with an answer, or null when it is what LeadSquared would send. */
function problem(a: RawAnswer): string | null {
  if (a.status === null) return `no HTTP answer (connection closed): ${JSON.stringify(a.body.slice(0, 80))}`;
  if (a.status >= 500) return `HTTP ${a.status}`;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(a.body);
  } catch {
    return `HTTP ${a.status} with a body that is not JSON: ${JSON.stringify(a.body.slice(0, 80))}`;
  }
  if (a.status === 200) return typeof json.RequestID === 'string' ? null : 'HTTP 200 without a RequestID';
  if (a.status < 400) return `HTTP ${a.status}`;
  const envelope = json.Status === 'Error' && typeof json.ExceptionType === 'string' && typeof json.ExceptionMessage === 'string';
  return envelope ? null : `HTTP ${a.status} without the error envelope: ${a.body.slice(0, 120)}`;
}

test(`${CASES} malformed requests: never a 5xx, never a dropped connection, always the envelope`, async () => {
  const generator = new FuzzGenerator(SEED, {
    updatePath: sb.settings.updatePath,
    statusPath: sb.settings.statusPath,
    credentials: RELIABILITY_CREDENTIALS,
    knownRequestIds: earlier.map((e) => e.requestId),
  });
  const cases = [...generator.cases(CASES)];
  const failures: string[] = [];
  const statuses = new Map<number | null, number>();
  const families = new Map<string, number>();
  const run = async (c: FuzzCase, i: number) => {
    let answer: RawAnswer;
    try {
      answer = await sendRaw(sb.port, c.bytes);
    } catch (err) {
      failures.push(`#${i} ${c.family} / ${c.label}: ${(err as Error).message}`);
      return;
    }
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    families.set(c.family, (families.get(c.family) ?? 0) + 1);
    const p = problem(answer);
    if (p) failures.push(`#${i} ${c.family} / ${c.label}: ${p}`);
  };
  for (let i = 0; i < cases.length; i += 25) await Promise.all(cases.slice(i, i + 25).map((c, j) => run(c, i + j)));

  if (process.env.LSQ_FUZZ_VERBOSE) console.log(Object.fromEntries(statuses), Object.fromEntries(families));
  expect(failures, `seed ${SEED}`).toEqual([]);
  expect([...families.values()].reduce((a, b) => a + b, 0)).toBe(CASES);
  expect([...families.keys()].sort()).toEqual(['body', 'framing', 'headers', 'method', 'path', 'query', 'target']);
  expect([...statuses.keys()].filter((s) => s !== null && s >= 500)).toEqual([]);
  expect(statuses.get(400)).toBeGreaterThan(100); // the generator really produces bad input
  for (const code of [401, 404, 405, 413]) expect(statuses.get(code), `HTTP ${code}`).toBeGreaterThan(0);
});

test('after the fuzzing the sandbox still answers, earlier tasks read the same and a valid update round-trips', async () => {
  expect((await fetch(`${sb.url}/__sandbox/health`)).status).toBe(200);
  for (const e of earlier) {
    const s = await client.getStatus(e.requestId);
    expect(s).toMatchObject({ state: 'succeeded', violations: [] });
    expect(s.requestBody).toEqual(e.requestBody);
  }
  const { requestId } = await client.submitUpdate({
    ProspectOpportunityId: OPPORTUNITY,
    OpportunityNote: 'after fuzz',
    Fields: [{ SchemaName: 'mx_Custom_1', Value: 'after' }],
  });
  const done = await waitForCompletion(client, requestId, { schedule: { delayBefore: () => 20 }, deadlineMs: 5000, expect: { opportunityId: OPPORTUNITY } });
  expect(done).toMatchObject({ state: 'succeeded', violations: [] });
  expect(done.final!.requestBody).toMatchObject({ OpportunityNote: 'after fuzz' });
});

// Pieces a hostile target is made of: admin and API route names, dot segments, broken percent-encoding,
// authority look-alikes. Joined after a prefix that is sometimes one slash and sometimes an authority.
const PIECES = [
  '__sandbox',
  'settings',
  'faults',
  'requests',
  'health',
  'reset',
  'opportunity',
  'update',
  'status',
  '..',
  '.',
  '',
  '%',
  '%E0%A4%A',
  '%2e',
  '%2F',
  '%5C',
  '[',
  ']',
  '[::1]',
  '127.0.0.1:1',
  'x',
  '\\',
  '@',
  ':',
  '%00',
  '?',
  '#',
  '{}',
  '|',
];
const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
const targets = fc
  .tuple(
    fc.constantFrom('/', '//', '///', '/\\', '\\', '', 'http://x/', '*', '/./', '//['),
    fc.array(fc.oneof(fc.constantFrom(...PIECES), printable), { maxLength: 6 }),
  )
  .map(([prefix, pieces]) => `${prefix}${pieces.join('/')}`)
  .filter((t) => t.length > 0);

test('random request targets: an HTTP answer, never a 5xx, the envelope on every 4xx, and `//…` never routed', async () => {
  // A sandbox of its own: a random POST may land on /__sandbox/reset, which must not wipe the tasks
  // the test above reads back.
  const own = await startSandbox({ settings: { credentials: RELIABILITY_CREDENTIALS, rateLimit: { limit: 0 } } });
  try {
    await fc.assert(
      fc.asyncProperty(targets, fc.boolean(), async (target, write) => {
        const head = write ? `POST ${target} HTTP/1.1\r\ncontent-type: application/json\r\ncontent-length: 2\r\n` : `GET ${target} HTTP/1.1\r\n`;
        const answer = await sendRaw(own.port, Buffer.from(`${head}host: 127.0.0.1\r\nconnection: close\r\n\r\n${write ? '{}' : ''}`, 'latin1'));
        expect(answer.status, `${target}: ${answer.body.slice(0, 120)}`).not.toBeNull();
        expect(answer.status!, target).toBeLessThan(500);
        if (answer.status! >= 400)
          expect(JSON.parse(answer.body), target).toMatchObject({ Status: 'Error', ExceptionType: expect.any(String), ExceptionMessage: expect.any(String) });
        // A target that does not start with a single slash is refused before any route is looked at.
        if (!/^\/(?![/\\])/.test(target)) expect(answer.status, target).toBe(400);
      }),
      { seed: 20261102, numRuns: 600 },
    );
  } finally {
    await own.stop();
  }
});
