import { afterEach, expect, test } from 'vitest';
import {
  BadRequestError,
  ContractViolationError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  RequestShapeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  waitForCompletion,
} from '../../src/client/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { admin, clientFor, type GroundTruth, OPPORTUNITY, sandboxFor, TEST_CREDENTIALS, update } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

const fast = { delayBefore: () => 20 };

test('an update round-trips to Success with the opportunity id in the decoded Message', async () => {
  // 1.5 s, of which 30 % In-Queue: room for the first poll to land in the queued phase on a busy machine.
  sandbox = await sandboxFor({ latency: { kind: 'fixed', ms: 1500 } });
  const client = clientFor(sandbox);
  const submitted = await client.submitUpdate(update());
  expect(submitted.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(submitted.violations).toEqual([]);
  const states: string[] = [];
  const done = await waitForCompletion(client, submitted.requestId, {
    schedule: fast,
    expect: { opportunityId: OPPORTUNITY },
    onPoll: (s) => s && states.push(s.state),
  });
  expect(done.state).toBe('succeeded');
  expect(done.final?.opportunityId).toBe(OPPORTUNITY);
  expect(done.violations).toEqual([]);
  expect(states[0]).toBe('queued');
  expect(states).toContain('processing');
  expect(done.final?.requestBody).toEqual(update());
});

test('an MX failure ends FAILURE with its reason, after one attempt', async () => {
  sandbox = await sandboxFor({ latency: { kind: 'fixed', ms: 50 } });
  const client = clientFor(sandbox);
  const { requestId } = await client.submitUpdate(update({ OpportunityNote: 'SANDBOX_FAIL_MX' }));
  const done = await waitForCompletion(client, requestId, { schedule: fast });
  expect(done.state).toBe('failed');
  expect(done.final?.reason).toMatch(/^MX/);
  expect(done.final?.message).toBeNull();
  const truth = (await (await admin(sandbox, 'GET', `/requests/${requestId}`)).json()) as GroundTruth;
  expect(truth.attemptCount).toBe(1);
});

test('400: a malformed body gets BadRequestError with the envelope', async () => {
  sandbox = await sandboxFor();
  const error = await clientFor(sandbox)
    .submitUpdate({ ProspectOpportunityId: 'nope', Fields: [] }, { skipValidation: true })
    .catch((e) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  expect(error.status).toBe(400);
  expect(error.envelope).toMatchObject({ Status: 'Error', ExceptionType: expect.stringMatching(/^MX/) });
});

test('the client refuses to send a body that breaks the request schema', async () => {
  sandbox = await sandboxFor();
  await expect(clientFor(sandbox).submitUpdate({ ProspectOpportunityId: 'nope', Fields: [] })).rejects.toBeInstanceOf(RequestShapeError);
  expect(sandbox.answered.size).toBe(0);
});

test('401: wrong secretKey gets UnauthorizedError, and status needs only x-api-key', async () => {
  sandbox = await sandboxFor();
  const wrong = clientFor(sandbox, { credentials: { ...TEST_CREDENTIALS, secretKey: 'wrong-secret-value' } });
  await expect(wrong.submitUpdate(update())).rejects.toBeInstanceOf(UnauthorizedError);
  const { requestId } = await clientFor(sandbox).submitUpdate(update());
  await expect(wrong.getStatus(requestId)).resolves.toMatchObject({ state: 'queued' });
  const noApiKey = clientFor(sandbox, { credentials: { ...TEST_CREDENTIALS, apiKey: 'other-api-key' } });
  await expect(noApiKey.getStatus(requestId)).rejects.toBeInstanceOf(UnauthorizedError);
});

test('credentials in x-LSQ-* headers are accepted too', async () => {
  sandbox = await sandboxFor();
  await expect(clientFor(sandbox, { credentialsIn: 'header' }).submitUpdate(update())).resolves.toMatchObject({ httpStatus: 200 });
});

test('404: an unknown path gets NotFoundError', async () => {
  sandbox = await sandboxFor();
  await expect(clientFor(sandbox, { statusPath: '/no/such/path' }).getStatus('x')).rejects.toBeInstanceOf(NotFoundError);
});

test("429 keeps LeadSquared's text, and Retry-After when one is sent", async () => {
  sandbox = await sandboxFor({ rateLimit: { limit: 2, retryAfterHeader: true } });
  const client = clientFor(sandbox);
  await client.submitUpdate(update());
  await client.submitUpdate(update());
  const error = await client.submitUpdate(update()).catch((e) => e);
  expect(error).toBeInstanceOf(RateLimitedError);
  expect(error.leadSquaredMessage).toBe('API calls exceeded the limit of 2 in 5 second(s)');
  expect(error.retryAfterSeconds).toBe(5);
});

test('500 with the envelope gets ServerError', async () => {
  sandbox = await sandboxFor();
  await admin(sandbox, 'POST', '/faults', { kind: 'http-5xx', endpoint: 'update', count: 1 });
  const error = await clientFor(sandbox)
    .submitUpdate(update())
    .catch((e) => e);
  expect(error).toBeInstanceOf(ServerError);
  expect(error.envelope?.ExceptionType).toMatch(/^MX/);
});

test('a hang past the per-call timeout gets TimeoutError', async () => {
  sandbox = await sandboxFor();
  await admin(sandbox, 'POST', '/faults', { kind: 'hang', endpoint: 'update', count: 1 });
  const error = await clientFor(sandbox, { timeoutMs: 300 })
    .submitUpdate(update())
    .catch((e) => e);
  expect(error).toBeInstanceOf(TimeoutError);
  expect(error.timeoutMs).toBe(300);
});

test('a reset connection gets NetworkError', async () => {
  sandbox = await sandboxFor();
  await admin(sandbox, 'POST', '/faults', { kind: 'reset', endpoint: 'status', count: 1 });
  await expect(clientFor(sandbox).getStatus('x')).rejects.toBeInstanceOf(NetworkError);
});

test.each([
  ['malformed', ['body.not-json']],
  ['empty', ['body.not-json']],
  ['wrong-content-type', ['content-type.not-json', 'body.not-json']],
  ['huge', ['body.too-large']],
] as const)('a %s 200 body is a ContractViolationError, not a crash', async (kind, rules) => {
  sandbox = await sandboxFor();
  await admin(sandbox, 'POST', '/faults', { kind, endpoint: 'status', count: 1 });
  const error = await clientFor(sandbox, { maxBodyBytes: 1024 * 1024 })
    .getStatus('x')
    .catch((e) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect(error.violations.map((v: { rule: string }) => v.rule)).toEqual(rules);
});

test('waitForCompletion gives up at the deadline on a stuck task and says so', async () => {
  sandbox = await sandboxFor();
  const client = clientFor(sandbox);
  const { requestId } = await client.submitUpdate(update({ OpportunityNote: 'SANDBOX_STUCK' }));
  const done = await waitForCompletion(client, requestId, { deadlineMs: 1000, schedule: { delayBefore: () => 50 } });
  expect(done.timedOut).toBe(true);
  expect(done.state).toBe('queued');
  expect(done.polls).toBeGreaterThan(2);
});

test('waitForCompletion waits out 5xx and 429 and still finishes', async () => {
  sandbox = await sandboxFor({ latency: { kind: 'fixed', ms: 100 } });
  const client = clientFor(sandbox);
  const { requestId } = await client.submitUpdate(update());
  await admin(sandbox, 'POST', '/faults', { kind: 'http-5xx', endpoint: 'status', count: 2 });
  await admin(sandbox, 'POST', '/faults', { kind: 'rate-limit-storm', endpoint: 'status', count: 1 });
  const done = await waitForCompletion(client, requestId, { schedule: fast });
  expect(done.state).toBe('succeeded');
  expect(done.rateLimited).toBe(1);
});

test('the client-side limiter is shared by every call of one client', async () => {
  sandbox = await sandboxFor({ rateLimit: { limit: 3, windowMs: 1000 } });
  const client = clientFor(sandbox, { rateLimit: { limit: 3, windowMs: 1000, kind: 'sliding' } });
  const started = Date.now();
  const { requestId } = await client.submitUpdate(update());
  await client.getStatus(requestId);
  await client.getStatus(requestId);
  expect(client.budgetSpent()).toBe(3);
  await expect(client.getStatus(requestId)).resolves.toMatchObject({ httpStatus: 200 }); // waited, no 429
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
});
