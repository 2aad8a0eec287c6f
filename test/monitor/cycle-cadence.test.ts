// The monitor's own cycle at a cadence that keeps its budget busy (`scripts/run.sh`'s 5 s against a
// 1–3-s sandbox, 5 calls per 5 s): once the completion times are learned, every canary still gets a
// burst of polls around its completion. A submit hold tried for P3 broke this: a held canary ran into
// the next tick, which then started beside it, found the window full and bracketed its completion
// over seconds with one poll (BENCHMARKS.md, P3). Fake time, so the run is exact and quick.
//
// The monitor's own cycle with canaries that outlast its interval: a fixed 5-minute latency, a canary
// every 30 s (the default against a real host), at most 3 in flight, 5 calls per 5 s. Every canary
// starts on a tick, so the other canaries' gap fillers and the next canary's submit used to land on
// the instant of a canary's burst; the limiter held the poll that would have seen the completion for
// a window, and the model learned the 5-s brackets that followed (BENCHMARKS.md, P3).
import { afterEach, expect, test } from 'vitest';
import type { CanaryRecord } from '../../src/monitor/record.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { ClockDriver } from '../reliability/support/drive-clock.ts';
import { CREDS, monitorFor } from '../support/monitor.ts';

let sb: Sandbox | null = null;
afterEach(async () => {
  await sb?.stop();
  sb = null;
});

test('every 5 s with 5 calls per 5 s: each learned canary brackets its completion with a burst of polls', async () => {
  const driver = new ClockDriver(new FakeClock(Date.UTC(2026, 0, 1)));
  // The sandbox's default latency (uniform 1–3 s), on the same fake clock; no provider limit to hit.
  sb = await startSandbox({ clock: driver.clock, settings: { credentials: CREDS, seed: 5, rateLimit: { limit: 1000 } } });
  const { monitor, records } = monitorFor(sb, {
    clock: driver.clock,
    fetch: driver.fetch,
    budget: 5,
    intervalMs: 5000,
    deadlineMs: 60_000,
    schedule: undefined, // the monitor's own, on its client's budget
    env: { LSQ_TIMEOUT_MS: '10000' },
  });
  monitor.start({ kind: 'interval', ms: 5000 });
  await driver.run(monitor.untilCycles(16));
  await driver.run(monitor.stop(60_000));
  const learned: CanaryRecord[] = records.slice(4);
  expect(learned.length).toBeGreaterThanOrEqual(12);
  expect(learned.every((r) => r.outcome === 'success')).toBe(true);
  const wide = learned.filter((r) => r.polls < 2 || r.completionUncertaintyMs! > 800);
  expect(wide.map((r) => `${r.polls} polls, ±${Math.round(r.completionUncertaintyMs!)} ms`)).toEqual([]);
});

test('every 30 s with a 5-min latency: once learned, each canary brackets its completion within a second', async () => {
  const driver = new ClockDriver(new FakeClock(Date.UTC(2026, 0, 1)));
  sb = await startSandbox({
    clock: driver.clock,
    settings: { credentials: CREDS, seed: 5, rateLimit: { limit: 1000 }, latency: { kind: 'fixed', ms: 300_000 }, queueFraction: 0 },
  });
  const { monitor, records } = monitorFor(sb, {
    clock: driver.clock,
    fetch: driver.fetch,
    budget: 5,
    intervalMs: 30_000,
    deadlineMs: 15 * 60_000,
    schedule: undefined, // the monitor's own, on its client's budget
    env: { LSQ_TIMEOUT_MS: '10000' },
  });
  monitor.start({ kind: 'interval', ms: 30_000 });
  await driver.run(monitor.untilCycles(36));
  await driver.run(monitor.stop(15 * 60_000));
  expect(records.every((r) => r.outcome === 'success')).toBe(true);
  const learned: CanaryRecord[] = records.slice(12);
  expect(learned.length).toBeGreaterThanOrEqual(20);
  const wide = learned.filter((r) => r.completionUncertaintyMs! > 500);
  expect(wide.map((r) => `±${Math.round(r.completionUncertaintyMs!)} ms`)).toEqual([]);
});
