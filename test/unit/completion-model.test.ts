// The completion model: what the brackets of recent canaries say about where completions lie.
import { expect, test } from 'vitest';
import { agreeing, type Bracket, CompletionModel } from '../../src/monitor/completion-model.ts';
import { cdfAt, planPolls } from '../../src/monitor/poll-plan.ts';

const mass = (m: CompletionModel, lo: number, hi: number) => cdfAt(m.cdf()!, hi) - cdfAt(m.cdf()!, lo);

/** A model of `n` brackets: every `every`-th of the retry mode (`retry(i)`), the others of a mode at 1.5–1.8 s. */
function twoModes(n: number, every: number, retry: (i: number) => Bracket): CompletionModel {
  const m = new CompletionModel();
  for (let i = 0; i < n; i++) m.observe(i % every === every - 1 ? retry(i) : { lowMs: 1500 + 25 * (i % 9), highMs: 1800 + 30 * (i % 11) });
  return m;
}

/** A model of the brackets [lowMs, highMs], observed in order. */
function modelOf(brackets: readonly (readonly number[])[]): CompletionModel {
  const m = new CompletionModel();
  for (const [lowMs, highMs] of brackets) m.observe({ lowMs: lowMs!, highMs: highMs! });
  return m;
}

test('a fixed latency is learned at once: brackets that all contain it are taken as their intersection', () => {
  const m = new CompletionModel();
  // Three cold-start brackets at the budget's pace (~1 s wide), then one from a plan around them.
  for (let i = 0; i < 3; i++) m.observe({ lowMs: 299_500, highMs: 300_550 });
  m.observe({ lowMs: 299_990, highMs: 300_020 });
  expect(mass(m, 299_990, 300_020)).toBeGreaterThan(0.99);
  // So the next plan brackets it within the polls' own floor (50 ms apart), not within ~130 ms.
  expect(planPolls(m.cdf()!, { limit: 5, windowMs: 5000 }).errorMs).toBeLessThanOrEqual(26);
});

test('brackets that tile a range are not taken as agreeing', () => {
  const m = new CompletionModel();
  for (let i = 0; i < 12; i++) m.observe({ lowMs: 1000 + 500 * (i % 4), highMs: 1500 + 500 * (i % 4) });
  for (let t = 1000; t < 3000; t += 500) expect(mass(m, t, t + 500)).toBeLessThan(0.4);
});

test('one bracket that disagrees leaves the agreeing ones at their intersection, and keeps its own weight', () => {
  const weights = Array.from({ length: 21 }, () => 1);
  const brackets = Array.from({ length: 20 }, (_, i) => ({ lowMs: 299_000 + 40 * i, highMs: 300_050 + 10 * i }));
  brackets.push({ lowMs: 330_000, highMs: 331_000 });
  const clipped = agreeing(brackets, weights, 0.9);
  expect(clipped.slice(0, 20).every((b) => b.lowMs === 299_760 && b.highMs === 300_050)).toBe(true);
  expect(clipped[20]).toEqual({ lowMs: 330_000, highMs: 331_000 });
  // Below the share, nothing is clipped.
  expect(agreeing(brackets, weights, 0.99)).toEqual(brackets);
});

test("a bracket that only touches another (its low is the other one's high) does not agree with it", () => {
  const brackets = [
    { lowMs: 1000, highMs: 2000 },
    { lowMs: 2000, highMs: 3000 },
    { lowMs: 1500, highMs: 2000 },
  ];
  expect(agreeing(brackets, [1, 1, 1], 0.9)).toEqual(brackets);
});

test('a rare mode 30 s away does not smear the main one over the gap between them', () => {
  const m = new CompletionModel();
  for (let i = 0; i < 24; i++) {
    // Every sixth canary (17 %) completes on the retry, 30 s later; the rest between 1.5 and 2.5 s.
    const base = 1500 + 330 * (i % 3);
    m.observe(i % 6 === 5 ? { lowMs: 32_500 + 10 * i, highMs: 33_000 + 10 * i } : { lowMs: base, highMs: base + 330 });
  }
  expect(mass(m, 5000, 28_000)).toBeLessThan(0.01);
  expect(mass(m, 1000, 3000)).toBeGreaterThan(0.75);
});

test('a fixed latency that moves is noticed after three brackets, and the new one is learned from them', () => {
  const m = new CompletionModel();
  for (let i = 0; i < 20; i++) m.observe({ lowMs: 299_000 + 40 * i, highMs: 300_050 + 10 * i });
  for (let i = 0; i < 3; i++) m.observe({ lowMs: 300_400, highMs: 300_450 });
  expect(m.resets).toBe(1);
  expect(mass(m, 300_400, 300_450)).toBeGreaterThan(0.99);
});

test('brackets that tile a range put little mass outside it: the kernel smooths their edges, it does not widen them', () => {
  // 60 brackets tiling 1–3 s (the kernel's half-width is then ~330 ms). Widened at full density, as the
  // model did before, each edge bracket spilled 7 % of all the mass a kernel's width past the range.
  const m = new CompletionModel();
  for (let i = 0; i < 60; i++) m.observe({ lowMs: 1000 + 500 * (i % 4), highMs: 1500 + 500 * (i % 4) });
  expect(mass(m, 0, 1000)).toBeLessThan(0.05);
  expect(mass(m, 3000, 10_000)).toBeLessThan(0.05);
  expect(mass(m, 0, 1000)).toBeGreaterThan(0.01); // smoothed, not cut at the brackets' edges
});

test("a mode's edge brackets lean on their neighbours: less of the learned mass outside the mode than a uniform share puts there", () => {
  // Completions uniform over 1.5–2.5 s, bracketed by plans that all poll at 1,230, 1,754, 2,277 and
  // 2,801 ms (as successive plans from one model do). Each edge bracket spread uniformly put 15 % of
  // the mass below 1.5 s and 11 % above 2.5 s; the next plan spread its polls over that.
  const m = new CompletionModel();
  const grid = [1230, 1754, 2277, 2801];
  for (let i = 0; i < 100; i++) {
    const t = 1500 + ((i * 0.618) % 1) * 1000;
    const k = grid.findIndex((g) => g >= t);
    m.observe({ lowMs: grid[k - 1]!, highMs: grid[k]! });
  }
  expect(mass(m, 0, 1500)).toBeLessThan(0.12);
  expect(mass(m, 2500, 10_000)).toBeLessThan(0.1);
  expect(mass(m, 1500, 2500)).toBeGreaterThan(0.8);
});

test('a bracket from a gap filler to a burst puts its mass where the other canaries completed, not over the 15-s gap', () => {
  // A retry mode at 32.5–33 s; one canary completed just before its burst's first poll and was
  // bracketed back to the filler 15 s before. Spread uniformly, that bracket put 5 % of all the mass
  // over 18–32 s, and the next plans spent bursts there (BENCHMARKS.md P3, bimodal).
  const m = twoModes(40, 10, (i) => ({ lowMs: 32_400 + 50 * (i % 7), highMs: 32_900 + 40 * (i % 5) }));
  m.observe({ lowMs: 17_786, highMs: 32_759 });
  expect(mass(m, 18_000, 32_000)).toBeLessThan(0.005);
  expect(mass(m, 32_000, 33_500)).toBeGreaterThan(0.1);
});

test("a bracket from a guard to a burst puts its mass at the burst's edge, not over the window before it", () => {
  // The retry mode as the burst brackets show it: 32.8–34.2 s, polls 350 ms apart. Two canaries
  // completed just before the burst's first poll and were bracketed back to the guard a window
  // earlier. No other bracket lies inside theirs, so their mass, spread over the 5 s at the first
  // step, stayed there through every later one (here 3.9 % of all the mass over 28–32.4 s, where no
  // completion falls; 1.3 % in a P3 run); the next plans spent a burst at 27–29 s, which pushed the
  // retry burst later still (BENCHMARKS.md P3, bimodal).
  const burst = [32_800, 33_150, 33_500, 33_850, 34_200];
  const m = twoModes(60, 6, (i) => {
    const k = Math.floor(i / 6) % 4;
    return { lowMs: burst[k]!, highMs: burst[k + 1]! };
  });
  m.observe({ lowMs: 27_490, highMs: 32_790 });
  m.observe({ lowMs: 27_586, highMs: 32_886 });
  expect(mass(m, 28_000, 32_400)).toBeLessThan(0.002);
  expect(mass(m, 32_400, 32_900)).toBeGreaterThan(0.02);
});

test("the tenth bracket does not pull the model onto where the first ones overlap: the share's steps grow with the brackets", () => {
  // The first ten brackets of a P3 bimodal run (1.5–2.5 s, a tenth on the 30-s retry): three of the
  // budget-paced first plan, six of plans still about 700 ms apart, one retry. With all five share
  // steps at once, the model put no mass below 1.8 s (where the six overlap), the plan started at
  // 1.92 s, and the next canary, at 1.63 s, was bracketed from its submit.
  const first = [
    [2100, 3150],
    [1050, 2100],
    [2100, 3150],
    [1837, 2545],
    [1833, 2516],
    [1868, 2527],
    [1897, 2522],
    [1935, 2541],
    [1974, 2563],
    [33_991, 35_041],
  ];
  const m = modelOf(first);
  expect(mass(m, 0, 1800)).toBeGreaterThan(0.01);
});

test('rounding in the smoothed tails is not taken for mass: the learned CDF never falls', () => {
  // The first 51 brackets of a P3 bimodal run. A bracket over the far tails of the smoothed density
  // found only its rounding there (1e-13 of the whole), was shared by it, and put its weight into
  // cells of either sign: the learned CDF fell by 0.4 % over 29–30 s, and the plans bought a burst there.
  const brackets = [
    [2100, 3150],
    [1050, 2100],
    [2100, 3150],
    [1837, 2545],
    [1833, 2516],
    [1868, 2527],
    [1897, 2522],
    [1935, 2541],
    [1974, 2563],
    [33991, 35041],
    [33851, 34182],
    [0, 1802],
    [1263, 1728],
    [1709, 2151],
    [2137, 2543],
    [1750, 2166],
    [1365, 1764],
    [28399, 33699],
    [2168, 2647],
    [1211, 1701],
    [1223, 1719],
    [1674, 2174],
    [33352, 33781],
    [2171, 2647],
    [2182, 2662],
    [33909, 34337],
    [2162, 2586],
    [2185, 2609],
    [33342, 33771],
    [2221, 2672],
    [1784, 2213],
    [2202, 2626],
    [1792, 2216],
    [1382, 1797],
    [1784, 2196],
    [2187, 2594],
    [2204, 2611],
    [1399, 1802],
    [1800, 2203],
    [2201, 2600],
    [1401, 1804],
    [33407, 33806],
    [1404, 1802],
    [1402, 1801],
    [1774, 2217],
    [1796, 2191],
    [1797, 2187],
    [27788, 33088],
    [33534, 33958],
    [2203, 2623],
    [1784, 2203],
  ];
  const m = modelOf(brackets);
  const { ps } = m.cdf()!;
  const falls = ps.slice(1).map((p, i) => ps[i]! - p);
  expect(Math.max(...falls)).toBeLessThanOrEqual(1e-9);
});

test('a bracket no other mass lies inside puts its mass at the end nearer to the others, not over its width', () => {
  // The retry mode as the bursts have seen it so far: 33.4–34.5 s. A retry that completed before the
  // burst's first poll was bracketed back to the guard, [27.8 s, 33.1 s]; no burst bracket reaches
  // into it, and spread by width it put a twentieth of the mass over 28–32.5 s (P3 bimodal, seed 2).
  const m = twoModes(20, 5, (i) => ({ lowMs: 33_400 + 60 * (i % 3), highMs: 33_900 + 50 * (i % 4) }));
  m.observe({ lowMs: 27_769, highMs: 33_069 });
  expect(mass(m, 27_000, 32_000)).toBeLessThan(0.005);
  expect(mass(m, 32_000, 34_500)).toBeGreaterThan(0.2);
});

test('surprises on both sides of the learned mass are not a shift: the model keeps what it learned', () => {
  const m = new CompletionModel();
  for (let i = 0; i < 10; i++) m.observe({ lowMs: 1800 + 20 * (i % 5), highMs: 2100 + 30 * (i % 4) });
  // Two retries of a mode not seen yet, then a completion just before the learned one.
  m.observe({ lowMs: 33_440, highMs: 34_490 });
  m.observe({ lowMs: 33_961, highMs: 34_142 });
  m.observe({ lowMs: 0, highMs: 1400 });
  expect(m.resets).toBe(0);
  expect(m.size).toBe(13);
  // Three on one side still are.
  for (let i = 0; i < 3; i++) m.observe({ lowMs: 300_400, highMs: 300_450 });
  expect(m.resets).toBe(1);
});

test('while few brackets are in, one on a mode 30 s away does not widen the kernel over the gap', () => {
  // The first four brackets of a P3 bimodal run: two retries, two at 2 s. The spread of the middles
  // was 31 s, the kernel 5.8 s, and the next plans polled once a second from 1 s to 40 s.
  const m = modelOf([
    [33_600, 34_650],
    [32_550, 33_600],
    [2100, 3150],
    [1947, 2952],
  ]);
  expect(mass(m, 4000, 31_000)).toBeLessThan(0.01);
  expect(mass(m, 1500, 3500)).toBeGreaterThan(0.45);
});
