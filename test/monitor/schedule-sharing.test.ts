// Canaries in flight share the budget's windows: one canary's gap fillers, and the next canary's
// submit, keep clear of another canary's burst. Canaries start on the monitor's ticks and fill their
// gaps every 15 s, so at a 30-s interval with a fixed 5-min latency the fillers of the canaries in
// flight and the next tick's submit landed on the instant of another canary's burst, took its places
// in the window, and the limiter held the poll that would have seen the completion (BENCHMARKS.md, P3).
import { expect, test } from 'vitest';
import { AdaptivePollSchedule } from '../../src/monitor/poll-schedule.ts';

const WINDOW = 5000;

/** A schedule that has learned a fixed 5-minute completion, on a clock the test sets. */
function learnedFiveMinutes(maxGapMs = 15_000) {
  let now = 0;
  const s = new AdaptivePollSchedule({ limit: 5, windowMs: WINDOW, maxGapMs });
  s.useClock(() => now);
  for (let i = 0; i < 5; i++) s.observe({ lowMs: 299_900, highMs: 300_000 });
  return { s, setNow: (t: number) => (now = t) };
}

/** One canary's poll times on the clock (submitted at `submittedAt`), until `until` after its submit. */
function sent(schedule: ReturnType<AdaptivePollSchedule['forCanary']>, submittedAt: number, until: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (let i = 0; t < until && i < 1000; i++) {
    t += schedule.delayBefore(i, t);
    times.push(submittedAt + t);
  }
  return times;
}

test("a canary's gap fillers keep a window away from another canary's burst", () => {
  const { s, setNow } = learnedFiveMinutes();
  const first = s.forCanary({ submittedAt: 0 });
  // Its planned burst around 300 s (the poll after it, at the budget's pace, is past the plan).
  const burst = sent(first, 0, 300_000).filter((t) => t > 290_000);
  expect(burst.length).toBeGreaterThanOrEqual(4);
  // The next canary starts on the tick 30 s later: its fillers (every 15 s) would fall at 300 s.
  setNow(30_000);
  const second = sent(s.forCanary({ submittedAt: 30_000 }), 30_000, 290_000);
  const near = second.filter((t) => burst.some((b) => Math.abs(b - t) < WINDOW - 1));
  expect(near).toEqual([]);
  // It still fills its gaps: none longer than 15 s by more than the window it yielded.
  const gaps = second.slice(1).map((t, i) => t - second[i]!);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000 + 2 * WINDOW);
});

test('a filler that cannot move clear of the burst without crowding its own next poll is dropped', () => {
  // Fillers every 10 s. The second canary, submitted 7 s after the first, has its last filler 290 s
  // after its submit (297 s on the clock), 3 s before the first canary's burst; a window past that
  // burst is within a window of its own burst at 307 s.
  const { s, setNow } = learnedFiveMinutes(10_000);
  const first = sent(s.forCanary({ submittedAt: 0 }), 0, 300_000);
  setNow(7_000);
  const second = sent(s.forCanary({ submittedAt: 7_000 }), 7_000, 301_000);
  const burst = first.filter((t) => t > 290_000);
  expect(second.filter((t) => burst.some((b) => Math.abs(b - t) < WINDOW - 1))).toEqual([]);
  expect(second.filter((t) => t > 287_500 && t < 306_000)).toEqual([]);
  expect(second.filter((t) => t >= 306_000).length).toBeGreaterThanOrEqual(4);
});

test('without another canary in flight the fillers stay every 15 s', () => {
  const { s } = learnedFiveMinutes();
  const times = sent(s.forCanary({ submittedAt: 0 }), 0, 290_000);
  expect(times.slice(0, 4)).toEqual([15_000, 30_000, 45_000, 60_000]);
});

test('once a canary has ended, its unsent polls are no burst: the others keep their fillers in place', () => {
  const { s, setNow } = learnedFiveMinutes();
  const first = s.forCanary({ submittedAt: 0 });
  first.release();
  setNow(30_000);
  const second = sent(s.forCanary({ submittedAt: 30_000 }), 30_000, 290_000);
  expect(second).toContain(300_000);
});

test("a submit waits for another canary's burst due within the window, at most a window", () => {
  const { s, setNow } = learnedFiveMinutes();
  const first = s.forCanary({ submittedAt: 0 });
  const burst = sent(first, 0, 300_000).filter((t) => t > 290_000);
  // The first burst's polls up to 300 s have been sent; the tick at 300 s would start the next canary.
  const tick = 300_000;
  for (const t of burst.filter((b) => b <= tick)) s.noteCall(t);
  setNow(tick);
  const wait = s.submitDelay(tick);
  const due = burst.filter((b) => b > tick);
  expect(due.length).toBeGreaterThan(0);
  expect(tick + wait).toBeGreaterThan(Math.max(...due));
  expect(wait).toBeLessThanOrEqual(WINDOW);
  // Ended, its burst asks nothing of the next submit.
  first.release();
  expect(s.submitDelay(tick)).toBe(0);
});

test('a submit with room in the window beside the bursts to come does not wait', () => {
  const { s, setNow } = learnedFiveMinutes();
  s.forCanary({ submittedAt: 0 });
  setNow(30_000);
  expect(s.submitDelay(30_000)).toBe(0);
  // Nor a window and more before the burst.
  setNow(294_000);
  expect(s.submitDelay(294_000)).toBe(0);
});
