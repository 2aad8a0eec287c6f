// The poll planner: brackets where the mass is, within the budget's k calls per sliding window.
import { expect, test } from 'vitest';
import { CompletionModel } from '../../src/monitor/completion-model.ts';
import { cdfAt, cdfOfSample, planPolls } from '../../src/monitor/poll-plan.ts';

const uniform = (lo: number, hi: number) => cdfOfSample(Array.from({ length: 2001 }, (_, i) => lo + ((hi - lo) * i) / 2000));

/** Most calls (the submit at 0 included) in any window of `w`. */
function peak(polls: number[], w: number): number {
  const calls = [0, ...polls];
  let most = 0;
  for (let a = 0, b = 0; b < calls.length; b++) {
    while (calls[b]! - calls[a]! >= w) a++;
    most = Math.max(most, b - a + 1);
  }
  return most;
}

test('uniform 1–3 s with 5 per 5 s: four polls across the range, error about a sixth of it', () => {
  const plan = planPolls(uniform(1000, 3000), { limit: 5, windowMs: 5000 });
  expect(plan.polls).toHaveLength(4);
  expect(plan.polls[0]).toBeGreaterThan(900);
  expect(plan.errorMs).toBeGreaterThan(300);
  expect(plan.errorMs).toBeLessThan(340);
});

test('a plan never puts more than the budget in any window, the submit included', () => {
  for (const [lo, hi] of [
    [100, 200],
    [1000, 3000],
    [30_000, 120_000],
  ]) {
    const plan = planPolls(uniform(lo!, hi!), { limit: 5, windowMs: 5000 });
    expect(peak(plan.polls, 5000)).toBeLessThanOrEqual(5);
  }
});

test('a plan spends nothing where no completion falls', () => {
  const plan = planPolls(uniform(299_000, 301_000), { limit: 5, windowMs: 5000 });
  expect(plan.polls.filter((t) => t < 290_000)).toEqual([]);
});

test('a bracket outside what was learned, three times over, resets the model', () => {
  const m = new CompletionModel();
  for (let i = 0; i < 10; i++) m.observe({ lowMs: 1000 + 200 * ((i * 7) % 10), highMs: 1100 + 200 * ((i * 7) % 10) });
  expect(cdfAt(m.cdf()!, 10_000)).toBe(1);
  for (let i = 0; i < 3; i++) m.observe({ lowMs: 30_000 + 1000 * i, highMs: 31_000 + 1000 * i });
  expect(m.resets).toBe(1);
  expect(cdfAt(m.cdf()!, 10_000)).toBe(0);
});

test('one outlier does not reset the model', () => {
  const m = new CompletionModel();
  for (let i = 0; i < 10; i++) m.observe({ lowMs: 1000 + 200 * ((i * 7) % 10), highMs: 1100 + 200 * ((i * 7) % 10) });
  m.observe({ lowMs: 33_000, highMs: 34_000 });
  m.observe({ lowMs: 2000, highMs: 2100 });
  expect(m.resets).toBe(0);
});
