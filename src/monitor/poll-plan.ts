// Where to put one canary's status polls, given what completion times are likely and the calls the
// budget allows. Why a planner and not a rule: the budget is "k calls in any window of W" (sliding),
// so a canary can spend k polls close together where completions are likely, but then waits a window
// for the next k. Spending them by a rule (geometric steps, a fixed interval) puts them where the
// completions are not. The reported completion time is the middle of the bracket (last poll still
// running, first poll final], so a completion is measured within ±e when the gap around it is at most
// 2e wide, or when it falls within e of the middle of a wider gap.
//
// The plan is the schedule of "bursts" that brackets the most probability mass within ±e, for the
// smallest e that still brackets `target` (95 %) of it: each burst is up to k polls 2e apart (the
// budget's most a window holds), each next burst at least a window after the one before (so the
// sliding window never holds more than k), and where the bursts go is chosen by dynamic programming
// over candidate start times. The same function gives the benchmark its bound: given the true
// distribution instead of a learned one, it is the best schedule of this form the budget allows.
// docs/decisions/010-poll-where-completions-are-likely.md explains the method and its limits.

/** A completion-time distribution as a piecewise-linear CDF: xs ascending (ms since the submit), ps from 0 to 1. */
export interface Cdf {
  xs: number[];
  ps: number[];
}

export interface PlanOptions {
  /** Calls the budget admits per window (the monitor's own: 5). */
  limit: number;
  /** The window, ms (the client's limiter's, margin included). */
  windowMs: number;
  /** Calls already in the window when the canary was submitted, ms relative to the submit (< 0). */
  priorCalls?: readonly number[];
  /** Share of the mass the plan must bracket within ±e (the p of the pN error it minimises). */
  target?: number;
  /** Polls are never closer than this (a poll's own round trip; finer brackets are noise). */
  minGapMs?: number;
  /** Candidate burst starts on the even grid (more: finer, slower). */
  gridPoints?: number;
}

export interface PollPlan {
  /** Poll times, ms since the submit, ascending. */
  polls: number[];
  /** The bracketing error e the plan achieves for `coverage` of the mass. */
  errorMs: number;
  /** The mass bracketed within ±errorMs. */
  coverage: number;
}

export function cdfAt(c: Cdf, x: number): number {
  const { xs, ps } = c;
  const n = xs.length;
  if (n === 0 || x < xs[0]!) return 0;
  if (x >= xs[n - 1]!) return 1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo]!;
  const x1 = xs[hi]!;
  return x1 === x0 ? ps[hi]! : ps[lo]! + ((ps[hi]! - ps[lo]!) * (x - x0)) / (x1 - x0);
}

export function quantileOf(c: Cdf, p: number): number {
  const { xs, ps } = c;
  const n = xs.length;
  if (n === 0) return 0;
  if (p <= ps[0]!) return xs[0]!;
  if (p >= ps[n - 1]!) return xs[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ps[mid]! < p) lo = mid;
    else hi = mid;
  }
  const p0 = ps[lo]!;
  const p1 = ps[hi]!;
  return p1 === p0 ? xs[hi]! : xs[lo]! + ((xs[hi]! - xs[lo]!) * (p - p0)) / (p1 - p0);
}

/** The CDF of a sample (the benchmark's true distribution), reduced to `points` quantiles. */
export function cdfOfSample(values: readonly number[], points = 2000): Cdf {
  const sorted = [...values].sort((a, b) => a - b);
  const xs: number[] = [];
  const ps: number[] = [];
  for (let i = 0; i <= points; i++) {
    const p = i / points;
    xs.push(sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!);
    ps.push(p);
  }
  return { xs, ps };
}

/** Mass of the completions that gap (a, b] reports within ±e of its middle. */
function gapCover(c: Cdf, a: number, b: number, e: number): number {
  if (b <= a) return 0;
  const m = (a + b) / 2;
  const lo = Math.max(a, m - e);
  const hi = Math.min(b, m + e);
  return hi > lo ? cdfAt(c, hi) - cdfAt(c, lo) : 0;
}

/** Mass bracketed within ±e by consecutive polls. */
function runCover(c: Cdf, polls: readonly number[], e: number): number {
  let sum = 0;
  for (let i = 1; i < polls.length; i++) sum += gapCover(c, polls[i - 1]!, polls[i]!, e);
  return sum;
}

/** The price of a burst in mass: a burst must bracket at least 1 in 10,000 completions to be worth its polls. */
const BURST_COST = 1e-4;

interface Scored {
  coverage: number;
  polls: number[];
}

/** The best burst schedule for one e: dynamic programming over candidate burst starts. */
function bestFor(c: Cdf, e: number, o: Required<Omit<PlanOptions, 'priorCalls'>> & { priorCalls: readonly number[] }): Scored {
  const k = o.limit;
  const W = o.windowMs;
  const spacing = Math.min(Math.max(2 * e, o.minGapMs), W / k);
  const end = quantileOf(c, 1);
  const candidates = new Set<number>();
  const step = Math.max(o.minGapMs, (end + spacing) / o.gridPoints);
  for (let x = o.minGapMs; x <= end + spacing; x += step) candidates.add(x);
  for (let i = 1; i < 50; i++) {
    const q = quantileOf(c, i / 50);
    for (let r = 0; r < k; r++) candidates.add(q - spacing * r);
    candidates.add(q - e - (spacing * (k - 1)) / 2);
  }
  candidates.add(end);
  const starts = [...candidates].filter((x) => x >= o.minGapMs && Number.isFinite(x)).sort((a, b) => a - b);
  const n = starts.length;
  const burst = (b: number) => Array.from({ length: k }, (_, r) => b + spacing * r);
  // runCover(c, burst(b), e) without making the array (this is the planner's hottest loop: n × bisection steps).
  const inside = starts.map((b) => {
    let sum = 0;
    for (let r = 1; r < k; r++) sum += gapCover(c, b + spacing * (r - 1), b + spacing * r, e);
    return sum;
  });
  // value[i]: the most mass full bursts from starts[i] on can bracket; next[i]: the following burst;
  // onward[i]: what the bursts after the one at starts[i] add (the first burst's search reuses it).
  const value = new Float64Array(n);
  const onward = new Float64Array(n);
  const next = new Int32Array(n).fill(-1);
  const bursts = new Int32Array(n);
  let j0 = n;
  for (let i = n - 1; i >= 0; i--) {
    while (j0 > 0 && starts[j0 - 1]! >= starts[i]! + W) j0--;
    const last = starts[i]! + spacing * (k - 1);
    let best = 0;
    for (let j = j0; j < n; j++) {
      // Each burst costs a little: of plans that bracket the same mass, the one with fewer polls wins.
      const v = gapCover(c, last, starts[j]!, e) + value[j]! - BURST_COST;
      if (v > best) {
        best = v;
        next[i] = j;
      }
    }
    onward[i] = best;
    value[i] = inside[i]! + best;
    bursts[i] = next[i]! >= 0 ? 1 + bursts[next[i]!]! : 0;
  }
  // The first burst: as many polls as the window still admits after the submit and the calls before it.
  let top: Scored & { objective: number } = { objective: -1, coverage: -1, polls: [] };
  for (let i = 0; i < n; i++) {
    const b = starts[i]!;
    const calls = [...o.priorCalls, 0];
    const polls: number[] = [];
    for (let r = 0; r < k; r++) {
      const t = b + spacing * r;
      let inWindow = 0;
      for (const x of calls) if (x > t - W) inWindow++;
      if (inWindow >= k) break;
      calls.push(t);
      polls.push(t);
    }
    if (!polls.length) continue;
    const tail = calls.slice(-k);
    while (tail.length < k) tail.unshift(Number.NEGATIVE_INFINITY);
    let earliest = 0;
    for (let r = 0; r < k; r++) earliest = Math.max(earliest, tail[r]! + W - spacing * r);
    const first = gapCover(c, 0, polls[0]!, e) + runCover(c, polls, e);
    let bestJ = -1;
    let best = 0;
    if (polls.length === k && earliest === b + W) {
      // A full first burst is a burst like any other: the bursts after it are the ones the table chose.
      bestJ = next[i]!;
      best = onward[i]!;
    } else {
      for (let j = 0; j < n; j++) {
        if (starts[j]! < earliest) continue;
        const v = gapCover(c, polls.at(-1)!, starts[j]!, e) + value[j]! - BURST_COST;
        if (v > best) {
          best = v;
          bestJ = j;
        }
      }
    }
    if (first + best > top.objective) {
      const all = [...polls];
      for (let j = bestJ; j >= 0; j = next[j]!) all.push(...burst(starts[j]!));
      const paid = bestJ >= 0 ? 1 + bursts[bestJ]! : 0;
      top = { objective: first + best, coverage: first + best + paid * BURST_COST, polls: all };
    }
  }
  return top;
}

/** The plan bracketing `target` of the distribution's mass with the smallest error the budget allows. */
export function planPolls(c: Cdf, options: PlanOptions): PollPlan {
  const o = { priorCalls: [], target: 0.95, minGapMs: 50, gridPoints: 150, ...options };
  const span = Math.max(1, quantileOf(c, 1));
  let lo = 1;
  let hi = span;
  // The plan at e = span is the answer only when no narrower e brackets the target: made only then.
  let plan: Scored | null = null;
  for (let i = 0; i < 22 && hi / lo > 1.02; i++) {
    const mid = Math.sqrt(lo * hi);
    const tried = bestFor(c, mid, o);
    if (tried.coverage >= o.target) {
      hi = mid;
      plan = tried;
    } else lo = mid;
  }
  plan ??= bestFor(c, span, o);
  return { polls: plan.polls, errorMs: hi, coverage: plan.coverage };
}
