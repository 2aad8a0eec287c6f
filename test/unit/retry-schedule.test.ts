import { afterEach, expect, test } from 'vitest';
import { RETRY_SCHEDULE_MS, type Sandbox } from '../../src/sandbox/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { admin, clientFor, type GroundTruth, sandboxFor, update } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

async function truth(id: string): Promise<GroundTruth> {
  return (await admin(sandbox, 'GET', `/requests/${id}`)).json() as Promise<GroundTruth>;
}

test('a system error is retried on the documented schedule, then ends ERROR', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({ latency: { kind: 'fixed', ms: 1000 }, queueFraction: 0 }, clock);
  const client = clientFor(sandbox);
  const { requestId } = await client.submitUpdate(update({ OpportunityNote: 'SANDBOX_SYSTEM_ERROR' }));
  const t = await truth(requestId);
  expect(t.attemptCount).toBe(11); // the first try and 10 retries
  const gaps = t.attempts.slice(1).map((a: { startedAt: number }, i: number) => a.startedAt - t.attempts[i]!.endedAt);
  expect(gaps).toEqual(RETRY_SCHEDULE_MS);
  expect(t.final).toBe('ERROR');
  // Between attempts the status says it is waiting to retry; after the last, ERROR.
  await clock.advance(1000 + 10_000);
  expect((await client.getStatus(requestId)).currentStep).toBe('Retry-Queue');
  await clock.advance(t.completedAt! - clock.now());
  const final = await client.getStatus(requestId);
  expect(final).toMatchObject({ state: 'errored', status: 'ERROR', currentStep: null });
});

test('the retry schedule is scaled by the time factor', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({ latency: { kind: 'fixed', ms: 1000 }, queueFraction: 0, timeScale: 60 }, clock);
  const { requestId } = await clientFor(sandbox).submitUpdate(update({ OpportunityNote: 'SANDBOX_SYSTEM_ERROR_ONCE' }));
  const t = await truth(requestId);
  expect(t.attemptCount).toBe(2);
  expect(t.attempts[1]!.startedAt - t.attempts[0]!.endedAt).toBe(30_000 / 60);
  expect(t.final).toBe('Success');
});

test('an application (MX) error is not retried', async () => {
  sandbox = await sandboxFor({}, new FakeClock());
  const { requestId } = await clientFor(sandbox).submitUpdate(update({ Fields: [{ SchemaName: 'mx_Custom_1', Value: 'SANDBOX_FAIL_MX' }] }));
  const t = await truth(requestId);
  expect(t.attemptCount).toBe(1);
  expect(t.final).toBe('FAILURE');
});

test('by default a normal update completes in 1–3 s', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({ rateLimit: { limit: 0 } }, clock);
  const client = clientFor(sandbox);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    times.push((await truth((await client.submitUpdate(update())).requestId)).completionMs!);
    await clock.advance(500); // two a second: well within the default capacity
  }
  expect(Math.min(...times)).toBeGreaterThanOrEqual(1000);
  expect(Math.max(...times)).toBeLessThanOrEqual(3000);
});

test('past its capacity the queue makes updates wait In-Queue for a slot', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({ capacity: 1, latency: { kind: 'fixed', ms: 1000 }, queueFraction: 0 }, clock);
  const client = clientFor(sandbox);
  const a = await truth((await client.submitUpdate(update())).requestId);
  const b = await truth((await client.submitUpdate(update())).requestId);
  expect(b.pickedAt).toBe(a.completedAt);
  expect(b.completionMs).toBe(2000);
});

test('while a retry waits, StatusReason is the failed attempt’s error, not the planned outcome', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({ latency: { kind: 'fixed', ms: 1000 }, queueFraction: 0 }, clock);
  const client = clientFor(sandbox);
  const { requestId } = await client.submitUpdate(update({ OpportunityNote: 'SANDBOX_SYSTEM_ERROR_ONCE' }));
  await clock.advance(1000 + 5000);
  const waiting = await client.getStatus(requestId);
  expect(waiting).toMatchObject({ currentStep: 'Retry-Queue', reason: 'Unable to connect to the database' });
});
