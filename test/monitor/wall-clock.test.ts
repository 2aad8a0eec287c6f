// Timestamps follow the wall clock, durations the monotonic one. The *_timestamp_seconds gauges used to
// be the start time plus monotonic time: after an NTP step or a suspend they drifted from wall time, and
// LsqCanaryStale (`time() - lsq_canary_last_success_timestamp_seconds`) fired on a healthy canary or
// stayed quiet on a dead one.
import { expect, test } from 'vitest';
import { metricsOf, sample } from '../support/monitor.ts';
import { stubMonitor } from './stub-provider.ts';

const HOUR = 3_600_000;

test.each([
  ['forward', HOUR],
  ['backward', -HOUR],
])('the wall clock stepped %s an hour mid-canary: the timestamps follow it, the completion time does not jump', async (_name, stepMs) => {
  const { monitor, driver, clock } = stubMonitor({
    status: (n) => (n === 1 ? 'in-queue' : 'success'),
    beforeStatus: (n, fake) => n === 2 && fake.stepWall(stepMs),
  });
  const wallAtStart = clock.wallNow();
  const r = (await driver.run(monitor.cycle()))!;
  expect(r.outcome).toBe('success');
  expect(clock.wallNow() - clock.now()).toBe(stepMs); // the step happened
  expect(r.completionMs).toBeGreaterThan(0);
  expect(r.completionMs).toBeLessThan(10_000); // a couple of polls, not an hour more or less

  const exposition = await metricsOf(monitor);
  expect(sample(exposition, 'lsq_canary_last_success_timestamp_seconds')).toBe(clock.wallNow() / 1000);
  expect(sample(exposition, 'lsq_canary_last_run_timestamp_seconds')).toBe(clock.wallNow() / 1000);
  expect(sample(exposition, 'lsq_canary_completion_seconds_sum', { outcome: 'success' })).toBe(r.completionMs! / 1000);

  const [settled] = monitor.ledger.recent();
  expect(settled!.startedAt).toBe(wallAtStart); // before the step
  expect(settled!.settledAt).toBe(clock.wallNow()); // after it
  expect(settled!.marker).toBe(new Date(wallAtStart).toISOString());
});

test('a canary resumed from the ledger counts its deadline from the wall time it was submitted', async () => {
  const { monitor, driver, clock } = stubMonitor({ status: () => 'in-queue' });
  const ledger = monitor.ledger;
  // Submitted 50 s ago by a previous process (whose monotonic clock meant nothing here); 60 s deadline.
  const entry = ledger.open({ canaryId: 'from-before', opportunityId: 'x', target: 'http://127.0.0.1:9', marker: 'm', startedAt: clock.wallNow() - 50_000 });
  ledger.submitted(entry.canaryId, '11111111-2222-4333-8444-555555555555', clock.wallNow() - 50_000);
  const started = clock.now();
  const [r] = await driver.run(monitor.resumeUnsettled());
  expect(r!.outcome).toBe('timeout');
  expect(clock.now() - started).toBeLessThanOrEqual(10_000); // the 10 s left, not a fresh 60 s
});
