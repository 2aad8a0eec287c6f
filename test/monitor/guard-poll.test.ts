// A burst after a long gap gets a guard poll a window before it. Gap fillers come every 15 s, so the
// last one before a burst could be almost 15 s before it; a completion just before the burst's first
// poll was then bracketed back to that filler (P3, bimodal: [17.8 s, 32.8 s], measured 7.5 s off), and
// the wide bracket taught the next plans a mode that was not there.
import { expect, test } from 'vitest';
import { AdaptivePollSchedule } from '../../src/monitor/poll-schedule.ts';

const WINDOW = 5000;

test('the poll before a burst that follows a long gap is a window before it, not up to 15 s', () => {
  const s = new AdaptivePollSchedule({ limit: 5, windowMs: WINDOW, minIntervalMs: 50 });
  // Learned: most canaries complete at 1.5–2.5 s, one in ten on a retry at 32.5–34 s.
  for (let i = 0; i < 40; i++) {
    s.observe(i % 10 === 9 ? { lowMs: 32_500 + 100 * (i % 7), highMs: 33_000 + 100 * (i % 7) } : { lowMs: 1500 + 100 * (i % 9), highMs: 1800 + 100 * (i % 9) });
  }
  const { polls, fillers } = s.planFor(0);
  const burst = polls.find((p) => p > 20_000 && !fillers.has(p))!;
  expect(burst).toBeGreaterThan(30_000);
  const before = polls.filter((p) => p < burst).at(-1)!;
  expect(fillers.has(before)).toBe(true);
  expect(burst - before).toBe(WINDOW + 50);
  // No more than the budget in any window around it.
  for (const t of polls) expect(polls.filter((p) => p >= t && p < t + WINDOW).length).toBeLessThanOrEqual(5);
});

test('a gap short enough to need no guard gets none', () => {
  const s = new AdaptivePollSchedule({ limit: 5, windowMs: WINDOW });
  // Completions between 8 and 9 s: the plan's first poll comes after a gap shorter than two windows.
  for (let i = 0; i < 20; i++) s.observe({ lowMs: 8000 + 40 * i, highMs: 8300 + 30 * i });
  const { fillers } = s.planFor(0);
  expect([...fillers]).toEqual([]);
});
