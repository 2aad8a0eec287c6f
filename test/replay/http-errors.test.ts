// Answers other than 200: each becomes its typed error, keeps what LeadSquared said, and tells the
// poller whether to wait it out (429, 5xx) or stop (400, 401, 404).
import { expect, test } from 'vitest';
import {
  BadRequestError,
  ContractViolationError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  waitForCompletion,
  type LsqClient,
  type WaitResult,
} from '../../src/client/index.ts';
import { exampleUpdateRequest } from '../../src/contract/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { FAST_POLLS, useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();

/** Polls on a fake clock, moving it 100 ms at a time (bounded), so a Retry-After costs no wall time. */
async function waitOnFakeClock(client: LsqClient, clock: FakeClock, requestId: string): Promise<WaitResult> {
  let settled = false;
  const done = waitForCompletion(client, requestId, { schedule: FAST_POLLS, deadlineMs: 60_000 }).finally(() => {
    settled = true;
  });
  for (let i = 0; i < 600 && !settled; i++) {
    await clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return done;
}

test("a 429 without Retry-After keeps LeadSquared's message and has no retry hint", async () => {
  const { client, requestId } = replay.play('rate-limited-without-retry-after');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RateLimitedError);
  const e = error as RateLimitedError;
  expect(e.status).toBe(429);
  expect(e.leadSquaredMessage).toBe('API calls exceeded the limit of 25 in 5 second(s)');
  expect(e.retryAfterSeconds).toBeNull();
  expect(e.envelope?.ExceptionType).toBe('MXAPIRateLimitExceededException');
});

test('a 429 with Retry-After: 3 gives the poller 3 seconds to wait', async () => {
  const { client, requestId } = replay.play('rate-limited-with-retry-after');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RateLimitedError);
  expect((error as RateLimitedError).retryAfterSeconds).toBe(3);
  expect((error as RateLimitedError).leadSquaredMessage).toBe('API calls exceeded the limit of 25 in 5 second(s)');
});

test('polling waits out a 429 for as long as Retry-After says, then reads the Success', async () => {
  const clock = new FakeClock();
  const { client, requestId } = replay.play('rate-limited-with-retry-after', { clock });
  const waited = await waitOnFakeClock(client, clock, requestId);
  expect([waited.state, waited.polls, waited.rateLimited]).toEqual(['succeeded', 2, 1]);
  expect(waited.elapsedMs).toBeGreaterThanOrEqual(3000);
});

test('polling after a 429 without Retry-After keeps its own pace', async () => {
  const clock = new FakeClock();
  const { client, requestId } = replay.play('rate-limited-without-retry-after', { clock });
  const waited = await waitOnFakeClock(client, clock, requestId);
  expect([waited.state, waited.polls, waited.rateLimited]).toEqual(['succeeded', 2, 1]);
  expect(waited.elapsedMs).toBeLessThan(3000);
});

test("a 401 with a gateway's HTML page is an UnauthorizedError that keeps an excerpt of the page", async () => {
  const { client, requestId } = replay.play('unauthorized-html-gateway');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnauthorizedError);
  const e = error as UnauthorizedError;
  expect(e.status).toBe(401);
  expect(e.envelope).toBeNull();
  expect(e.bodyExcerpt).toContain('401 Authorization Required');
  expect(e.message).toContain('HTTP 401');
});

test('polling stops at the first 401: no retry can fix credentials', async () => {
  const { client, requestId, replay: played } = replay.play('unauthorized-html-gateway');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect(waited.polls).toBe(1);
  expect(waited.state).toBe('unknown');
  expect(waited.lastError).toBeInstanceOf(UnauthorizedError);
  expect(played.played()).toHaveLength(1);
});

test('a 500 with the error envelope is a ServerError carrying the exception type and message', async () => {
  const { client, requestId } = replay.play('server-error-envelope-then-success');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ServerError);
  const e = error as ServerError;
  expect(e.status).toBe(500);
  expect(e.envelope).toEqual({
    Status: 'Error',
    ExceptionType: 'MXInternalServerErrorException',
    ExceptionMessage: 'Something went wrong. Please try again later.',
  });
  expect(e.message).toContain('MXInternalServerErrorException: Something went wrong');
});

test('polling waits out a 500 and reads the Success that follows', async () => {
  const { client, requestId } = replay.play('server-error-envelope-then-success');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect([waited.state, waited.polls, waited.lastError]).toEqual(['succeeded', 2, null]);
  expect(waited.violations).toEqual([]);
});

test("a 502 with a gateway's HTML page is a ServerError without an envelope, and polling waits it out", async () => {
  const { client, requestId } = replay.play('bad-gateway-html-then-success');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ServerError);
  expect([(error as ServerError).status, (error as ServerError).envelope]).toEqual([502, null]);
  expect((error as ServerError).bodyExcerpt).toContain('502 Bad Gateway');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect([waited.state, waited.polls, waited.lastError]).toEqual(['succeeded', 1, null]);
});

test('a 404 is a NotFoundError and ends polling at once', async () => {
  const { client, requestId } = replay.play('not-found');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect((error as NotFoundError).envelope).toBeNull();
  expect((error as NotFoundError).bodyExcerpt).toContain('No HTTP resource was found');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect([waited.polls, waited.lastError?.constructor]).toEqual([1, NotFoundError]);
});

test('an update refused with 400 and the envelope is a BadRequestError with the exception', async () => {
  const { client } = replay.play('update-bad-request-envelope');
  const error = await client.submitUpdate(exampleUpdateRequest).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  expect((error as BadRequestError).envelope?.ExceptionType).toBe('MXInvalidInputException');
  expect((error as BadRequestError).endpoint).toBe('update');
});

test('an update answered 200 without a RequestID is a ContractViolationError, since there is nothing to poll', async () => {
  const { client } = replay.play('update-accepted-without-request-id');
  const error = await client.submitUpdate(exampleUpdateRequest).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect((error as ContractViolationError).violations.map((v) => v.rule)).toEqual(['accepted.request-id.missing']);
});
