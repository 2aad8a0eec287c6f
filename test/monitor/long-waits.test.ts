// Waits longer than setTimeout can hold (2^31-1 ms, ~24.8 days). Node turns a longer delay into 1 ms,
// so `--interval 600h` fired a canary every millisecond (9 canaries in 21 s). The clock chains timers
// instead, and the scheduler sleeps on the clock, so any interval or cron gap is kept.
import { afterEach, expect, test, vi } from 'vitest';
import { Cron } from 'croner';
import { schedule } from '../../src/monitor/schedule.ts';
import { FakeClock, MAX_TIMER_MS, systemClock } from '../../src/timing/clock.ts';

const HOUR = 3_600_000;

// The spy first, then the timers: the setTimeout spy wraps the fake one, and restoring it after
// useRealTimers() put the fake setTimeout back on globalThis, where it never fired for the next file
// sharing this worker (isolate: false): its tests that wait on real timers hung.
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

test('a real sleep longer than 2^31-1 ms does not end early (Node would fire it after 1 ms)', async () => {
  const ac = new AbortController();
  let ended = false;
  const sleeping = systemClock.sleep(2 ** 31, ac.signal).then(
    () => (ended = true),
    () => undefined,
  );
  await new Promise((r) => setTimeout(r, 30)); // an overflowed timer would have fired 29 ms ago
  expect(ended).toBe(false);
  ac.abort();
  await sleeping;
});

test('a 600 h sleep is chained timers of at most 2^31-1 ms and ends after 600 h, not before', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  const armed = vi.spyOn(globalThis, 'setTimeout');
  let ended = false;
  const sleeping = systemClock.sleep(600 * HOUR).then(() => (ended = true));
  await vi.advanceTimersByTimeAsync(600 * HOUR - 1);
  expect(ended).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await sleeping;
  expect(ended).toBe(true);
  const delays = armed.mock.calls.map((c) => Number(c[1]));
  expect(delays.length).toBeGreaterThan(1);
  expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
});

test('an interval of 600 h runs one cycle at start, then the next after 600 h', async () => {
  const clock = new FakeClock();
  let ticks = 0;
  const s = schedule({ kind: 'interval', ms: 600 * HOUR }, () => void ticks++, clock);
  await clock.advance(21_000);
  expect(ticks).toBe(1);
  await clock.advance(600 * HOUR - 21_001);
  expect(ticks).toBe(1);
  await clock.advance(1);
  expect(ticks).toBe(2);
  await clock.advance(600 * HOUR);
  expect(ticks).toBe(3);
  s.stop();
  await clock.advance(600 * HOUR);
  expect(ticks).toBe(3);
  expect(clock.pendingSleepers).toBe(0);
});

test('an interval keeps its cadence: a tick that takes time does not push the next one later', async () => {
  const clock = new FakeClock();
  const at: number[] = [];
  const s = schedule({ kind: 'interval', ms: 5000 }, () => void at.push(clock.now()), clock);
  const start = clock.now();
  for (let i = 0; i < 3; i++) await clock.advance(5000);
  s.stop();
  expect(at.map((t) => t - start)).toEqual([0, 5000, 10_000, 15_000]);
});

test('a yearly cron (next run far beyond 24.8 days) fires at its wall time, not before', async () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 1));
  const due = new Cron('0 0 1 1 *', { paused: true }).nextRun(new Date(clock.wallNow()))!.getTime(); // next 1 January, local time
  const at: number[] = [];
  const s = schedule({ kind: 'cron', expression: '0 0 1 1 *' }, () => void at.push(clock.wallNow()), clock);
  await clock.advance(due - clock.wallNow() - 1);
  expect(at).toEqual([]);
  await clock.advance(24 * HOUR);
  s.stop();
  expect(at).toEqual([due]);
});

test('a cron follows a step of the wall clock (it runs at wall times, not after monotonic gaps)', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 10, 0, 30));
  let ticks = 0;
  const s = schedule({ kind: 'cron', expression: '0 * * * *' }, () => void ticks++, clock); // on the hour
  await clock.advance(60_000);
  expect(ticks).toBe(0);
  clock.stepWall(HOUR - 2 * 60_000); // NTP: it is 10:59:30 now; the 11:00 run is 30 s away, not 59 min
  await clock.advance(61_000);
  s.stop();
  expect(ticks).toBe(1);
});
