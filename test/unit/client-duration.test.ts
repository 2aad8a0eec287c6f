// A call's duration comes from the client's clock (monotonic by default), never from Date.now(): a wall
// clock stepped by NTP during a call must not turn into an hour of latency in the metrics.
import { afterEach, expect, test, vi } from 'vitest';
import { LsqClient, type CallEvent } from '../../src/client/client.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { TEST_CREDENTIALS } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

const credentials = TEST_CREDENTIALS;
const STATUS_BODY = JSON.stringify({ RequestID: 'r-1', Status: 'In-Queue', StatusReason: null, Message: null, RequestBody: '{}' });

/** A transport that answers `status` after running `during` (the moment a clock is stepped). */
const answering =
  (status: number, during: () => void): typeof fetch =>
  async () => {
    during();
    return new Response(status === 200 ? STATUS_BODY : '{}', { status, headers: { 'content-type': 'application/json' } });
  };

function stepWallClock(ms: number): void {
  const real = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => real() + ms);
}

test.each([
  ['forward', 3_600_000],
  ['backward', -3_600_000],
])('a wall clock stepped %s by an hour mid-call does not reach the measured latency', async (_way, step) => {
  const events: CallEvent[] = [];
  const client = new LsqClient({
    baseUrl: 'http://127.0.0.1:1',
    credentials,
    rateLimit: null,
    fetch: answering(200, () => stepWallClock(step)),
    onCall: (e) => events.push(e),
  });
  const result = await client.getStatus('r-1');
  expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  expect(result.latencyMs).toBeLessThan(1000);
  expect(events[0]!.latencyMs).toBe(result.latencyMs);
});

test('with an injected clock, a successful call lasts what that clock says', async () => {
  const clock = new FakeClock();
  const client = new LsqClient({ baseUrl: 'http://127.0.0.1:1', credentials, rateLimit: null, clock, fetch: answering(200, () => clock.jump(250)) });
  const result = await client.getStatus('r-1');
  expect(result.latencyMs).toBe(250);
  expect(result.receivedAt - result.sentAt).toBe(250);
});

test('with an injected clock, a refused call lasts what that clock says too', async () => {
  const clock = new FakeClock();
  const events: CallEvent[] = [];
  const client = new LsqClient({
    baseUrl: 'http://127.0.0.1:1',
    credentials,
    rateLimit: null,
    clock,
    fetch: answering(500, () => clock.jump(400)),
    onCall: (e) => events.push(e),
  });
  await expect(client.getStatus('r-1')).rejects.toThrow(/HTTP 500/);
  expect(events.map((e) => [e.httpStatus, e.latencyMs])).toEqual([[500, 400]]);
});

test('sentAt + latencyMs is never before the answer came, even after a pause right after sentAt is read', async () => {
  // A clock read at the send (sentAt), then a pause of 50 ms (the process descheduled on a busy machine)
  // before the next reading. The canary takes sentAt + latencyMs of its submit as "accepted by"; when
  // that came out before the answer, the bracket's lower edge passed the true completion time.
  let reads = 0;
  let t = 1_000;
  const now = () => {
    reads++;
    t += reads === 2 ? 50 : 1;
    return t;
  };
  const clock = { now, wallNow: () => Date.now(), sleep: async () => {} };
  let answeredAt = 0;
  const client = new LsqClient({
    baseUrl: 'http://127.0.0.1:1',
    credentials,
    rateLimit: null,
    clock,
    fetch: answering(200, () => {
      answeredAt = clock.now();
    }),
  });
  const result = await client.getStatus('r-1');
  expect(answeredAt).toBeGreaterThan(result.sentAt);
  expect(result.sentAt + result.latencyMs).toBeGreaterThanOrEqual(answeredAt);
});
