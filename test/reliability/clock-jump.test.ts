// The fault campaign, clock part: the wall clock (Date.now) is stepped — as NTP or an operator does —
// while a canary polls, forward and back by an hour. The monitor measures on the system clock, which
// counts on the monotonic clock: the canary still ends in success with its true completion time, the
// monitor goes on, every canary is accounted for and no impossible number reaches the metrics. Its
// timestamps (the *_timestamp_seconds gauges) follow the stepped wall clock, as Prometheus' time() does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import type { CanaryRecord } from '../../src/monitor/record.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import { systemClock } from '../../src/timing/clock.ts';
import { CREDS, metricsOf, monitorFor, sample } from '../support/monitor.ts';
import type { GroundTruth } from '../unit/helpers.ts';
import { expectAccounted } from './support/accounting.ts';

afterEach(() => vi.restoreAllMocks());

/** Steps Date.now() by `ms` from now on (what a wall-clock step looks like to a running process). */
function stepWallClock(ms: number): void {
  const real = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => real() + ms);
}

test('the system clock does not follow a step of the wall clock', async () => {
  const before = systemClock.now();
  stepWallClock(3_600_000);
  expect(Date.now() - before).toBeGreaterThan(3_500_000); // the step is real for Date.now …
  expect(systemClock.now() - before).toBeLessThan(1000); // … and invisible to the system clock
});

test.each([
  ['forward by an hour', 3_600_000],
  ['backward by an hour', -3_600_000],
])('the wall clock stepped %s mid-canary: success with the true completion time, and the monitor goes on', async (_name, stepMs) => {
  const sb = await startSandbox({ settings: { credentials: CREDS, latency: { kind: 'fixed', ms: 600 }, rateLimit: { limit: 0 } } });
  try {
    const ledgerPath = join(mkdtempSync(join(tmpdir(), 'lsq-jump-ledger-')), 'ledger.json');
    const { monitor } = monitorFor(sb, { ledgerPath, deadlineMs: 5000, budget: 500 });
    const results: CanaryRecord[] = [];
    const first = monitor.cycle();
    await new Promise((r) => setTimeout(r, 200)); // submitted, polling
    stepWallClock(stepMs);
    results.push((await first)!);
    results.push((await monitor.cycle())!);
    expect(await expectAccounted({ monitor, results, ledgerPath, sandboxUrl: sb.url })).toEqual(['success', 'success']);
    for (const r of results) {
      const truth = (await (await fetch(`${sb.url}/__sandbox/requests/${r.requestId}`)).json()) as GroundTruth;
      // The completion is the middle of the bracket between the last poll that saw the update running and
      // the first that saw it final (issue 18): the truth lies in the bracket, and the bracket is polls
      // apart, not an hour (the step).
      expect(truth.completionMs!).toBeGreaterThanOrEqual(r.completionLowMs! - 1);
      expect(truth.completionMs!).toBeLessThanOrEqual(r.completionHighMs! + 1);
      expect(Math.abs(r.completionMs! - truth.completionMs!)).toBeLessThanOrEqual(r.completionUncertaintyMs! + 1);
      expect(r.completionHighMs! - r.completionLowMs!).toBeLessThan(2000);
    }
    const exposition = await metricsOf(monitor);
    const sum = sample(exposition, 'lsq_canary_completion_seconds_sum', { outcome: 'success' })!;
    // Two canaries of 600 ms: about 1.2 s in all, each the middle of its bracket; never the hour of the step.
    expect(sum).toBeGreaterThan(0.8);
    expect(sum).toBeLessThan(5);
    const lastSuccess = sample(exposition, 'lsq_canary_last_success_timestamp_seconds')!;
    expect(Math.abs(lastSuccess * 1000 - Date.now())).toBeLessThan(5000); // the wall clock as stepped
  } finally {
    await sb.stop();
  }
});
