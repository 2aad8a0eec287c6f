import { expect, test } from 'vitest';
import { ContractViolationError, RateLimitedError, ServerError, TimeoutError } from '../../src/client/errors.ts';
import { classifyOutcome } from '../../src/monitor/classify.ts';
import { pollAllowance } from '../../src/monitor/build.ts';
import { parseDuration } from '../../src/monitor/duration.ts';
import { AdaptivePollSchedule, fixedIntervalSchedule } from '../../src/monitor/poll-schedule.ts';

/** Poll times (ms since submit) a schedule produces until `until`. */
function pollTimes(s: ReturnType<AdaptivePollSchedule['forCanary']>, until: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (let i = 0; t < until && i < 10_000; i++) {
    t += s.delayBefore(i, t);
    times.push(t);
  }
  return times;
}

test('without history the schedule starts at the initial wait and backs off', () => {
  const times = pollTimes(new AdaptivePollSchedule({ initialMs: 1000 }).forCanary(), 10_000);
  expect(times[0]).toBe(1000);
  expect(times[1]).toBe(1500);
  expect(times.length).toBeLessThan(15);
});

test('with history it spends nothing before the fastest completion seen', () => {
  const s = new AdaptivePollSchedule();
  for (const ms of [2000, 2100, 2050]) s.observe(ms);
  const times = pollTimes(s.forCanary(), 3000);
  expect(times[0]).toBe(1800);
  expect(times.filter((t) => t < 1800)).toEqual([]);
});

test('inside the learned range the detection error stays within the step ratio', () => {
  const s = new AdaptivePollSchedule({ pollAllowance: 40 });
  for (const ms of [10_000, 10_000, 10_000]) s.observe(ms);
  const times = pollTimes(s.forCanary(), 12_000);
  const detected = times.find((t) => t >= 10_000)!;
  expect((detected - 10_000) / 10_000).toBeLessThanOrEqual(0.05);
});

test('the poll allowance bounds the polls spent across the learned range', () => {
  const s = new AdaptivePollSchedule({ pollAllowance: 5 });
  for (const ms of [1000, 3000, 2000]) s.observe(ms);
  const times = pollTimes(s.forCanary(), 1.2 * 3000);
  expect(times.length).toBeLessThanOrEqual(6);
});

test('a fixed poller polls every interval', () => {
  expect(pollTimes(fixedIntervalSchedule(15_000), 60_000)).toEqual([15_000, 30_000, 45_000, 60_000]);
});

test('the allowance is the budget per cycle less the submit, never under 3', () => {
  expect(pollAllowance(5, 5000, 15_000)).toBe(14);
  expect(pollAllowance(5, 5000, 5000)).toBe(4);
  expect(pollAllowance(1, 5000, 1000)).toBe(3);
});

test.each([
  ['30s', 30_000],
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['250ms', 250],
  ['2', 2000],
  ['soon', null],
  ['-1s', null],
] as const)('duration %s is %s ms', (raw, ms) => {
  expect(parseDuration(raw)).toBe(ms);
});

const details = { endpoint: 'status' as const, url: 'http://x' };
test.each([
  [{ state: 'succeeded', violations: [], timedOut: false, error: null }, 'success'],
  [{ state: 'failed', violations: [], timedOut: false, error: null }, 'failure'],
  [{ state: 'errored', violations: [], timedOut: false, error: null }, 'error'],
  [{ state: 'succeeded', violations: [{ rule: 'status.message.object', path: '$', detail: '' }], timedOut: false, error: null }, 'contract_violation'],
  [{ state: null, violations: [], timedOut: false, error: new RateLimitedError(null, 'x', null, details) }, 'rate_limited'],
  [{ state: 'queued', violations: [], timedOut: true, error: null }, 'timeout'],
  [{ state: null, violations: [], timedOut: false, error: new ServerError(500, null, '', details) }, 'http_error'],
  [{ state: null, violations: [], timedOut: false, error: new TimeoutError(100, details) }, 'http_error'],
  [{ state: null, violations: [], timedOut: false, error: new ContractViolationError(200, [], '', details) }, 'contract_violation'],
] as const)('evidence %# is outcome %s', (evidence, outcome) => {
  expect(classifyOutcome(evidence as never).outcome).toBe(outcome);
});
