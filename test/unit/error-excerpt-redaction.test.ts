// An error keeps only an excerpt of the body it got; the excerpt is cut after redaction, so a secret
// lying across the cut is masked whole and no start of it survives in the message.
import { afterEach, expect, test } from 'vitest';
import { LsqClient } from '../../src/client/client.ts';
import { ContractViolationError, httpErrorFor, type LsqHttpError, type RateLimitedError } from '../../src/client/errors.ts';
import { clearSecrets, registerSecret } from '../../src/client/redact.ts';
import { TEST_CREDENTIALS } from './helpers.ts';

afterEach(() => clearSecrets());

const SECRET = 'zQ7vK2pL9xW4mN8r';
const details = { endpoint: 'update' as const, url: 'http://127.0.0.1:1/opportunity/update' };

/** The longest start of SECRET found in the text (0 when none of 4 characters or more). */
function leakedPrefix(text: string): number {
  for (let n = SECRET.length; n >= 4; n--) if (text.includes(SECRET.slice(0, n))) return n;
  return 0;
}

/** A body of `filler` characters, then SECRET starting `before` characters before `edge`. */
const bodyAcross = (edge: number, before = 6) => `${'a'.repeat(edge - before)}${SECRET}${'b'.repeat(300)}`;

test.each([
  ['the message (cut at 200)', 200, (e: LsqHttpError) => e.message],
  ['the body excerpt (cut at 2048)', 2048, (e: LsqHttpError) => e.bodyExcerpt],
  ["LeadSquared's message (cut at 500)", 500, (e: LsqHttpError) => (e as RateLimitedError).leadSquaredMessage],
])('a secret across the edge of %s leaves no start of itself', (_what, edge, pick) => {
  registerSecret(SECRET);
  for (const before of [1, 4, 6, 10, SECRET.length - 1]) {
    const error = httpErrorFor(429, null, bodyAcross(edge, before), null, details);
    expect(leakedPrefix(pick(error)), `secret starting ${before} before the edge`).toBe(0);
    // The cut may fall inside the marker itself: what remains of it is '[', '[RED', …
    expect(pick(error)).toMatch(/a\[(?:R|…$)/);
  }
});

test('a contract violation keeps no start of a secret across its excerpt edge', () => {
  registerSecret(SECRET);
  const error = new ContractViolationError(200, [], bodyAcross(2048), details);
  expect(leakedPrefix(error.bodyExcerpt)).toBe(0);
});

const answering =
  (body: string): typeof fetch =>
  async () =>
    new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const credentials = TEST_CREDENTIALS;

test('a body over the size cap keeps no start of a secret lying across the excerpt the client takes', async () => {
  registerSecret(SECRET);
  const client = new LsqClient({ baseUrl: 'http://127.0.0.1:1', credentials, rateLimit: null, maxBodyBytes: 400, fetch: answering(bodyAcross(200)) });
  const error = await client.getStatus('r-1').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect(leakedPrefix((error as ContractViolationError).bodyExcerpt)).toBe(0);
  expect(leakedPrefix((error as Error).message)).toBe(0);
});

test('a body cut by the size cap in the middle of a secret keeps no start of it', async () => {
  registerSecret(SECRET);
  const client = new LsqClient({ baseUrl: 'http://127.0.0.1:1', credentials, rateLimit: null, maxBodyBytes: 150, fetch: answering(bodyAcross(150)) });
  const error = await client.getStatus('r-1').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect((error as ContractViolationError).bodyExcerpt.length).toBeGreaterThan(0);
  expect(leakedPrefix((error as ContractViolationError).bodyExcerpt)).toBe(0);
});
