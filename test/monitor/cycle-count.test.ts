// `--cycles N` stops after N cycles and its exit code judges every one of them. The monitor keeps only
// its latest 1,000 results in memory, and the command used to count and judge those: --cycles 1001
// never stopped, and a failure before the last 1,000 cycles exited 0.
import { expect, test } from 'vitest';
import type { Monitor } from '../../src/monitor/monitor.ts';
import { stubMonitor } from './stub-provider.ts';

/**
 * 1,001 cycles of one stub monitor whose first cycle fails, run once for the three tests that read them
 * (the count and the wait, the failure that left the kept results, /healthz): a run is ~1.5-3 s of CPU,
 * most of it the monitor planning each canary's polls. The first cycle's submit and its re-check both
 * get a 5xx: a confirmed failure, two failed canaries (one 5xx alone would be re-checked into a
 * transient failure, which does not count as failed); the 1,000 cycles after it succeed. Whether the
 * wait for 1,001 cycles had ended is noted after the 1,000th cycle and after the 1,001st.
 */
let run: Promise<{ monitor: Monitor; reachedAfter1000: boolean; reachedAfter1001: boolean }> | undefined;
function thousandAndOneCycles() {
  run ??= (async () => {
    const { monitor, driver } = stubMonitor({ submit: (n) => (n <= 2 ? 'server-error' : 'accepted') });
    let reached = false;
    void monitor.untilCycles(1001).then(() => (reached = true));
    for (let i = 0; i < 1000; i++) await driver.run(monitor.cycle());
    const reachedAfter1000 = reached;
    await driver.run(monitor.cycle());
    await Promise.resolve();
    return { monitor, reachedAfter1000, reachedAfter1001: reached };
  })();
  return run;
}

test('1,001 cycles are counted as 1,001 and a wait for them ends, though only 1,000 results are kept', async () => {
  const { monitor, reachedAfter1000, reachedAfter1001 } = await thousandAndOneCycles();
  expect(reachedAfter1000).toBe(false);
  expect(reachedAfter1001).toBe(true);
  expect(monitor.results).toHaveLength(1000);
  expect(monitor.tally).toEqual({ cycles: 1001, settled: 1002, failed: 2 }); // settled: the first cycle's canary and its re-check
});

test('a failure in the first of 1,001 cycles is still counted after it has left the kept results', async () => {
  const { monitor } = await thousandAndOneCycles();
  expect(monitor.results.every((r) => r.outcome === 'success')).toBe(true); // the failure was dropped …
  expect(monitor.tally.failed).toBe(2); // … but not forgotten
});

test('/healthz counts every cycle, not the kept results', async () => {
  const { monitor } = await thousandAndOneCycles();
  const url = await monitor.listen('127.0.0.1', 0);
  const health = (await (await fetch(`${url}/healthz`)).json()) as { cycles: number };
  await monitor.stop(0);
  expect(health.cycles).toBe(1001);
});
