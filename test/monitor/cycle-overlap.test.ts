// The monitor's own cycle with canaries that outlast its interval: a fixed 5-minute latency, a canary
// every 30 s (the default against a real host), at most 3 in flight, 5 calls per 5 s. Every canary
// starts on a tick, so the other canaries' gap fillers and the next canary's submit used to land on
// the instant of a canary's burst; the limiter held the poll that would have seen the completion for
// a window, and the model learned the 5-s brackets that followed (BENCHMARKS.md, P3). Fake time.
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
