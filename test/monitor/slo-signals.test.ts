// The signals the SLOs are computed from, as the monitor publishes them: a transport-level failure is
// re-checked once before it counts (transient vs confirmed), a slow success is degraded but a success,
// a maintenance window runs no canary and reads lsq_maintenance 1, and a canary left In-Queue is stuck
// and, past the deadline, leaked — each through the record and the publisher's metrics.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseMaintenanceWindow } from '../../src/monitor/maintenance.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { clearFaults, fault, metricsOf, monitorFor, sample, sandbox } from '../support/monitor.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(async () => sb?.stop());

test('a submit 5xx is re-checked once: the re-check succeeds, so the failure is transient and no failure counts', async () => {
  await clearFaults(sb);
  const { monitor, records } = monitorFor(sb);
  await fault(sb, { kind: 'http-5xx', endpoint: 'update', count: 1 });
  const r = await monitor.cycle();
  expect(r?.outcome).toBe('success');
  expect(r?.recheckOf).toBe(records[0]!.canaryId);
  expect(records.map((x) => [x.outcome, x.recheck])).toEqual([
    ['http_error', 'transient'],
    ['success', 'none'],
  ]);
  const page = await metricsOf(monitor);
  expect(sample(page, 'lsq_canary_rechecks_total', { result: 'transient' })).toBe(1);
  expect(sample(page, 'lsq_canary_rechecks_total', { result: 'confirmed' })).toBe(0);
  expect(sample(page, 'lsq_canary_runs_total', { outcome: 'http_error' })).toBe(1); // every canary, as before
  expect(monitor.tally.failed).toBe(0);
});

test('a submit that keeps failing is confirmed by its re-check, and counts', async () => {
  await clearFaults(sb);
  const { monitor, records } = monitorFor(sb);
  await fault(sb, { kind: 'reset', endpoint: 'update', count: 2 });
  const r = await monitor.cycle();
  expect(r?.outcome).toBe('http_error');
  expect(records.map((x) => x.recheck)).toEqual(['confirmed', 'none']);
  expect(sample(await metricsOf(monitor), 'lsq_canary_rechecks_total', { result: 'confirmed' })).toBe(1);
  expect(monitor.tally.failed).toBe(2);
});

test('an answer from the provider (a 429) is not re-checked', async () => {
  await clearFaults(sb);
  const { monitor, records } = monitorFor(sb);
  await fault(sb, { kind: 'rate-limit-storm', endpoint: 'update', count: 1 });
  await monitor.cycle();
  expect(records.map((x) => [x.outcome, x.recheck])).toEqual([['rate_limited', 'none']]);
});

test('with --no-recheck a transport failure counts at once', async () => {
  await clearFaults(sb);
  const { monitor, records } = monitorFor(sb, { recheck: false });
  await fault(sb, { kind: 'http-5xx', endpoint: 'update', count: 1 });
  await monitor.cycle();
  expect(records.map((x) => x.outcome)).toEqual(['http_error']);
});

test('a success slower than the degraded threshold is a degraded success: counted, shown, still a success', async () => {
  await clearFaults(sb);
  const { monitor, lines } = monitorFor(sb, { degradedAfterMs: 100 }); // the sandbox takes 200 ms
  const r = await monitor.cycle();
  expect(r?.outcome).toBe('success');
  expect(r?.degraded).toBe(true);
  expect(lines.some((l) => l.startsWith('canary success') && l.includes('(degraded)'))).toBe(true);
  expect(sample(await metricsOf(monitor), 'lsq_canary_degraded_total')).toBe(1);
  const fast = monitorFor(sb, { degradedAfterMs: 5000 });
  expect((await fast.monitor.cycle())?.degraded).toBe(false);
});

test('a task left In-Queue is stuck past the threshold and leaked past the deadline; it was accepted', async () => {
  await clearFaults(sb);
  const { monitor } = monitorFor(sb, { stuckAfterMs: 300, deadlineMs: 1200 });
  await fault(sb, { kind: 'stuck', endpoint: 'update', count: 1 });
  const r = await monitor.cycle();
  expect(r?.outcome).toBe('timeout');
  expect([r?.stuck, r?.leaked, r?.queueMs]).toEqual([true, true, null]);
  const page = await metricsOf(monitor);
  expect([sample(page, 'lsq_canary_stuck_total'), sample(page, 'lsq_canary_leaked_total'), sample(page, 'lsq_canary_accepted_total')]).toEqual([1, 1, 1]);
});

test('a normal canary records its time in queue and is neither stuck nor leaked', async () => {
  await clearFaults(sb);
  const { monitor } = monitorFor(sb, { stuckAfterMs: 5000 });
  const r = await monitor.cycle();
  expect(r?.queueMs).toBeGreaterThan(0);
  expect([r?.stuck, r?.leaked, r?.retriesSeen]).toEqual([false, false, 0]);
  expect(sample(await metricsOf(monitor), 'lsq_canary_queue_seconds_count')).toBe(1);
});

test('in a maintenance window no canary runs and lsq_maintenance reads 1; outside it, 0', async () => {
  const now = Date.now();
  const open = parseMaintenanceWindow(`${new Date(now - 60_000).toISOString()}/${new Date(now + 60_000).toISOString()}`);
  const { monitor, records, lines } = monitorFor(sb, { maintenance: [open] });
  expect(await monitor.cycle()).toBeNull();
  expect(records).toEqual([]);
  expect(lines).toContain('skipped a cycle: in a maintenance window');
  expect(sample(await metricsOf(monitor), 'lsq_maintenance')).toBe(1);
  const closed = monitorFor(sb, { maintenance: [parseMaintenanceWindow('2020-01-01T00:00Z/2020-01-02T00:00Z')] });
  expect(sample(await metricsOf(closed.monitor), 'lsq_maintenance')).toBe(0);
});

test('maintenance windows: absolute ranges and cron windows in UTC; bad ones are refused', () => {
  const saturday = parseMaintenanceWindow('cron 0 2 * * 6 2h');
  expect(saturday.covers(Date.parse('2026-12-05T02:00:00Z'))).toBe(true);
  expect(saturday.covers(Date.parse('2026-12-05T03:59:59Z'))).toBe(true);
  expect(saturday.covers(Date.parse('2026-12-05T04:00:00Z'))).toBe(false);
  expect(saturday.covers(Date.parse('2026-12-05T01:59:59Z'))).toBe(false);
  expect(() => parseMaintenanceWindow('cron 0 2 * * 6 soon')).toThrow(/length/);
  expect(() => parseMaintenanceWindow('2026-12-05/2026-12-04')).toThrow(/END after START/);
  expect(() => parseMaintenanceWindow('tomorrow')).toThrow(/expected/);
});
