// A canary that starts while the monitor's earlier calls are still in the rate window holds its submit
// until they have left it (at most one window), so its first burst of polls gets the whole budget.
// Fake time (the sandbox and the client share one clock), so the check is exact and takes milliseconds.
import { afterEach, expect, test } from 'vitest';
import { LsqClient } from '../../src/client/index.ts';
import { scheduleFor } from '../../src/monitor/build.ts';
import { runCanary } from '../../src/monitor/canary.ts';
import { Ledger } from '../../src/monitor/ledger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { ClockDriver } from '../reliability/support/drive-clock.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../reliability/secret-values.ts';

const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';
let sb: Sandbox | null = null;
afterEach(async () => {
  await sb?.stop();
  sb = null;
});

async function backToBack(count: number) {
  const driver = new ClockDriver(new FakeClock(Date.UTC(2026, 0, 1)));
  sb = await startSandbox({ clock: driver.clock, settings: { credentials: CREDS, seed: 3, rateLimit: { limit: 1000 } } });
  const sends: Array<{ at: number; endpoint: string }> = [];
  const client = new LsqClient({
    baseUrl: sb.url,
    credentials: CREDS,
    clock: driver.clock,
    fetch: driver.fetch,
    rateLimit: { limit: 5, windowMs: 5000, kind: 'sliding' },
    onCall: (e) => sends.push({ at: driver.clock.now() - e.latencyMs, endpoint: e.endpoint }),
  });
  const schedule = scheduleFor(client);
  const deps = { client, ledger: new Ledger(null), schedule, settings: { opportunityId: CANARY, markerField: 'mx_Custom_1', deadlineMs: 60_000 } };
  // Each canary starts the moment the one before it settled, as a late cycle does.
  const canaries: Array<{ submitAt: number; lastCallBefore: number | null; outcome: string }> = [];
  for (let i = 0; i < count; i++) {
    const lastCallBefore = sends.at(-1)?.at ?? null;
    const from = sends.length;
    const r = await driver.run(runCanary(deps));
    canaries.push({ submitAt: sends[from]!.at, lastCallBefore, outcome: r.outcome });
  }
  return { canaries, windowMs: client.limiter!.settings.windowMs };
}

test('once the completions are learned, a canary that starts at once after another waits until its calls left the window', async () => {
  const { canaries, windowMs } = await backToBack(6);
  expect(canaries.every((c) => c.outcome === 'success')).toBe(true);
  // Before the model has learned (3 canaries), nothing to make room for: no hold (only the limiter's
  // own wait when the window is full).
  for (const c of canaries.slice(1, 3)) expect(c.submitAt - c.lastCallBefore!).toBeLessThan(windowMs / 2);
  // After: the submit comes one window after the previous canary's last call, not before and not later.
  for (const c of canaries.slice(3)) expect(c.submitAt - c.lastCallBefore!).toBe(windowMs);
});
