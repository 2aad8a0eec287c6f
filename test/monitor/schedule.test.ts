import { expect, test } from 'vitest';
import type { PollSchedule } from '../../src/client/wait.ts';
import { ContractViolationError, RateLimitedError, ServerError, TimeoutError } from '../../src/client/errors.ts';
import { classifyOutcome } from '../../src/monitor/classify.ts';
import { pollAllowance } from '../../src/monitor/build.ts';
import { parseDuration } from '../../src/monitor/duration.ts';
import { AdaptivePollSchedule, callsBefore, fixedIntervalSchedule } from '../../src/monitor/poll-schedule.ts';

/** Poll times (ms since submit) a schedule produces until `until`. */
function pollTimes(s: PollSchedule, until: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (let i = 0; t < until && i < 10_000; i++) {
    t += s.delayBefore(i, t);
    times.push(t);
  }
  return times;
}

test("without history the schedule polls at the budget's pace from the first window on, never backing off", () => {
  // Evenly from the start: the old doubling (250, 500, 1,000, 2,000 ms, then the window was spent)
  // bracketed a 2-s provider's first canaries [1 s, 2 s] and [2 s, 5 s].
  const times = pollTimes(new AdaptivePollSchedule({ limit: 5, windowMs: 5000 }).forCanary(), 60_000);
  expect(times.slice(0, 4)).toEqual([1000, 2000, 3000, 4000]);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  expect(Math.max(...gaps)).toBe(1000);
  // A first poll of one's own (tests with a fast provider) keeps the pace after it.
  const early = pollTimes(new AdaptivePollSchedule({ initialMs: 250, limit: 5, windowMs: 5000 }).forCanary(), 5000);
  expect(early.slice(0, 4)).toEqual([250, 1250, 2250, 3250]);
});

test('with history it spends nothing before the completions it learned, and polls where they fall', () => {
  const s = new AdaptivePollSchedule({ limit: 5, windowMs: 5000 });
  for (const [lowMs, highMs] of [
    [1990, 2010],
    [2040, 2060],
    [2090, 2110],
    [2000, 2020],
  ])
    s.observe({ lowMs: lowMs!, highMs: highMs! });
  const times = pollTimes(s.forCanary(), 2200);
  expect(times.filter((t) => t < 1500)).toEqual([]);
  expect(times.filter((t) => t >= 1900 && t <= 2200).length).toBeGreaterThanOrEqual(3);
});

test("past the learned range it keeps polling at the budget's pace", () => {
  const s = new AdaptivePollSchedule({ limit: 5, windowMs: 5000 });
  for (let i = 0; i < 5; i++) s.observe({ lowMs: 2000, highMs: 2100 });
  const times = pollTimes(s.forCanary(), 60_000).filter((t) => t > 10_000);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(1000);
});

test('calls other canaries spent in the window leave the first burst fewer polls', () => {
  const fresh = new AdaptivePollSchedule({ limit: 5, windowMs: 5000 });
  const busy = new AdaptivePollSchedule({ limit: 5, windowMs: 5000 });
  let now = 10_000;
  busy.useClock(() => now);
  fresh.useClock(() => now);
  for (const s of [fresh, busy]) for (let i = 0; i < 5; i++) s.observe({ lowMs: 1000 + 100 * i, highMs: 1100 + 100 * i });
  for (const t of [9000, 9500, 9800]) busy.noteCall(t);
  now = 10_000;
  const inFirstWindow = (s: AdaptivePollSchedule) => s.plan(10_000).filter((t) => t < 5000 - 1000).length;
  expect(inFirstWindow(fresh)).toBe(4);
  expect(inFirstWindow(busy)).toBe(1);
});

test('a call sent at the very instant of the submit still holds its place in the window', () => {
  // A canary that starts late starts at once: the previous canary's last poll and this submit share an instant.
  const s = new AdaptivePollSchedule({ limit: 5, windowMs: 5000 });
  const now = 10_000;
  s.useClock(() => now);
  for (let i = 0; i < 5; i++) s.observe({ lowMs: 1000 + 100 * i, highMs: 1100 + 100 * i });
  for (const t of [7000, 8000, 10_000, 10_000]) s.noteCall(t);
  const calls = [-3000, -2000, 0, 0, ...s.plan(now)];
  for (const t of calls) expect(calls.filter((u) => u > t - 5000 && u <= t).length).toBeLessThanOrEqual(5);
});

test('the calls before a submit: the submit itself left out (noted to within a few ms), the rest relative to it', () => {
  expect(callsBefore([4000, 7000, 8000, 10_000, 10_000], 10_000, 5000)).toEqual([-3000, -2000, 0]);
  expect(callsBefore([8000, 10_002], 10_000, 5000)).toEqual([-2000]);
  // A resumed canary's submit was never noted here: every call counts.
  expect(callsBefore([8000, 9000], 10_000, 5000)).toEqual([-2000, -1000]);
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
