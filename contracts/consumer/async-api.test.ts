// Consumer contract of the async Update an Opportunity API and its Status API, as the harness's own
// client (src/client) uses them. The interactions come from the product's builders (src/pact, the
// `lsq-harness/pact` export), so this suite also exercises what users write their own pacts with.
// Every interaction is driven through LsqClient against Pact's mock server, so the pact records what
// the client really sends and what it really relies on.
//
// All interactions live in this one file on purpose: pact-js merges into an existing pact file, so
// the pact is built whole in a fresh folder and replaces the committed one only when every test of
// this file ran and passed. A renamed or dropped interaction then shows up as a diff of
// contracts/pacts/, which CI refuses until it is committed; a run filtered to one test (or a failing
// one) leaves the committed pact as it was.
import { copyFileSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import { afterAll, expect, test } from 'vitest';
import { BadRequestError, LsqClient, RateLimitedError, UnauthorizedError } from '../../src/client/index.ts';
import { TASK_STEPS } from '../../src/contract/index.ts';
import { CONSUMER, EXAMPLES, EXAMPLE_CREDENTIALS, INVALID_EXAMPLE_CREDENTIALS, PROVIDER, interactions } from '../../src/pact/index.ts';
import { PACT_FILE } from '../../src/pact/pact-names.ts';

const WRITE_DIR = mkdtempSync(join(tmpdir(), 'lsq-pact-'));
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: WRITE_DIR, logLevel: 'warn' });

const client = (baseUrl: string, credentials: typeof EXAMPLE_CREDENTIALS | typeof INVALID_EXAMPLE_CREDENTIALS = EXAMPLE_CREDENTIALS) =>
  new LsqClient({ baseUrl, credentials, rateLimit: null, timeoutMs: 5000 });

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => null,
    (e: unknown) => e,
  );

// Vitest wants the first argument (the context) destructured, even when unused.
// biome-ignore lint/correctness/noEmptyPattern: Vitest reads a hook's source and refuses a first parameter that is not an object pattern; this hook needs none of the context, only the file
afterAll(({}, file) => {
  const tests = file.tasks;
  const passed = tests.filter((t) => t.result?.state === 'pass').length;
  if (passed === tests.length) {
    // Copy, then rename: a verifier reading the pact meanwhile (gates run side by side) sees a whole file.
    const partial = `${PACT_FILE}.${process.pid}.tmp`;
    copyFileSync(join(WRITE_DIR, basename(PACT_FILE)), partial);
    renameSync(partial, PACT_FILE);
  } else {
    console.warn(`consumer contract: ${passed} of ${tests.length} interactions ran and passed; ${PACT_FILE} is left as it was`);
  }
});

test('an accepted update returns the RequestID to poll', async () => {
  await interactions.updateAccepted(pact).executeTest(async (server) => {
    const result = await client(server.url).submitUpdate(EXAMPLES.updateRequest);
    expect(result.requestId).toBe(EXAMPLES.acceptedRequestId);
    expect(result.violations).toEqual([]);
  });
});

test('a malformed update body is refused with 400 and the error envelope', async () => {
  await interactions.updateWithoutFields(pact).executeTest(async (server) => {
    const error = await failureOf(client(server.url).submitUpdate({ ...EXAMPLES.updateRequest, Fields: [] }, { skipValidation: true }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).envelope?.ExceptionType).toMatch(/^MX\w*Exception$/);
  });
});

test('wrong credentials are refused with 401 and the error envelope', async () => {
  await interactions.updateUnauthorized(pact).executeTest(async (server) => {
    const error = await failureOf(client(server.url, INVALID_EXAMPLE_CREDENTIALS).submitUpdate(EXAMPLES.updateRequest));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).status).toBe(401);
  });
});

test("a refused call past the rate limit keeps LeadSquared's 429 text", async () => {
  await interactions.updateRateLimited(pact).executeTest(async (server) => {
    const error = await failureOf(client(server.url).submitUpdate(EXAMPLES.updateRequest));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).leadSquaredMessage).toBe(EXAMPLES.rateLimitMessage);
  });
});

test('a queued request reads In-Queue with its current step and a null Message', async () => {
  await interactions.statusQueued(pact).executeTest(async (server) => {
    const s = await client(server.url).getStatus(EXAMPLES.requestId);
    expect(s.state).toBe('queued');
    expect(s.currentStep).toBe(TASK_STEPS.queued);
    expect(s.messageForm).toBe('null');
    expect(s.violations).toEqual([]);
  });
});

test('a finished update reads Success with Message as a JSON string naming the opportunity', async () => {
  await interactions.statusSucceeded(pact).executeTest(async (server) => {
    const s = await client(server.url).getStatus(EXAMPLES.requestId, { opportunityId: EXAMPLES.opportunityId });
    expect(s.state).toBe('succeeded');
    expect(s.messageForm).toBe('json-string');
    expect(s.message).toEqual({ Status: 'Success', Message: { Id: EXAMPLES.opportunityId } });
    expect(s.opportunityId).toBe(EXAMPLES.opportunityId);
    expect(s.requestBody).toMatchObject({ ProspectOpportunityId: EXAMPLES.opportunityId });
    expect(s.violations).toEqual([]);
  });
});

test('an update refused by an MX exception reads FAILURE with the reason and no Message', async () => {
  await interactions.statusFailed(pact).executeTest(async (server) => {
    const s = await client(server.url).getStatus(EXAMPLES.requestId);
    expect(s.state).toBe('failed');
    expect(s.reason).toMatch(/^MX\w*Exception: /);
    expect(s.violations).toEqual([]);
  });
});

test('an update whose retries ran out reads ERROR with the system reason', async () => {
  await interactions.statusErrored(pact).executeTest(async (server) => {
    const s = await client(server.url).getStatus(EXAMPLES.requestId);
    expect(s.state).toBe('errored');
    expect(s.reason).toBe('Unable to connect to the database');
    expect(s.violations).toEqual([]);
  });
});

test('an unknown RequestID is refused with 400 and MXInvalidRequestIdException', async () => {
  await interactions.statusUnknownRequestId(pact).executeTest(async (server) => {
    const error = await failureOf(client(server.url).getStatus(EXAMPLES.unknownRequestId));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).envelope?.ExceptionType).toBe('MXInvalidRequestIdException');
  });
});
