// `lsq-harness/msw` as a user's own msw test would use it: a shipped cassette's handlers at the user's
// base URL, a real client against them, and failOnUnhandled making an unanswered request visible.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { LsqClient, NetworkError, waitForCompletion } from '../../src/client/index.ts';
import {
  failOnUnhandled,
  handlersFromCassette,
  handlersFromFolder,
  readCassette,
  requestIdOf,
  shippedCassette,
  shippedCassetteNames,
} from '../../src/replay/msw.ts';
import { OTHER_CREDENTIALS } from './support/replay-server.ts';

const BASE_URL = 'https://lsq.example.test';
const unhandled = failOnUnhandled();
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: unhandled.onUnhandledFrame }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => new LsqClient({ baseUrl: BASE_URL, credentials: OTHER_CREDENTIALS, rateLimit: null });

test("a shipped cassette's handlers serve the user's base URL, and the client waits out the 429 to Success", async () => {
  const har = readCassette(shippedCassette('rate-limited-without-retry-after'));
  server.use(...handlersFromCassette(har, { baseUrl: BASE_URL, onUnmatched: unhandled.onUnmatched }));
  const waited = await waitForCompletion(client(), requestIdOf(har), { schedule: { delayBefore: () => 1 }, deadlineMs: 5000 });
  expect([waited.state, waited.polls, waited.rateLimited]).toEqual(['succeeded', 2, 1]);
  expect(unhandled.requests).toEqual([]);
});

test('a request no handler takes is failed as a dropped connection and listed, not sent to the network', async () => {
  server.use(...handlersFromCassette(readCassette(shippedCassette('seed-status-success-verbatim')), { baseUrl: BASE_URL, onUnmatched: unhandled.onUnmatched }));
  await expect(client().getStatus('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NetworkError);
  await expect(
    new LsqClient({ baseUrl: BASE_URL, credentials: OTHER_CREDENTIALS, rateLimit: null, statusPath: '/moved' }).getStatus('x'),
  ).rejects.toBeInstanceOf(NetworkError);
  expect(unhandled.requests.splice(0)).toEqual([
    `GET ${BASE_URL}/opportunity/update/status?RequestID=00000000-0000-4000-8000-000000000000`,
    `GET ${BASE_URL}/moved?RequestID=x`,
  ]);
});

test('handlersFromFolder gives every shipped cassette by name, each with handlers of its own', () => {
  const all = handlersFromFolder();
  expect(Object.keys(all)).toEqual(shippedCassetteNames());
  expect(Object.keys(all).length).toBeGreaterThanOrEqual(25);
  expect(Object.values(all).every((h) => h.length > 0)).toBe(true);
});
