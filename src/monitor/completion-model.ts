// What completion times the provider shows now, learned from the brackets of recent canaries. Why
// brackets and not the times the monitor read: a poll that first saw the final state is an upper
// bound, late by the monitor's own polling; learning from it taught the old schedule its own delay.
// Each canary says "it finished after my last poll that was still running and by my first final one",
// so each is a mass over its bracket, shared over it by where the other canaries completed and smoothed
// by a kernel that narrows as they accumulate. Older canaries count less (a slow decay: a 10 % mode is
// seen by a dozen canaries of the last 120, not by the two of the last 20 that a faster one kept), and
// when the provider's behaviour shifts — the last few brackets all fell on one side of the model's
// mass, where it put almost none — the model forgets everything before them (that, not the decay, is
// how it re-learns).
// Refinements (docs/decisions/010):
// - Brackets that agree: when nearly all the weight is on brackets that share one point, the
//   completion time is (as far as the canaries can tell) fixed, and it lies where all of them allow:
//   each is taken as their intersection. Without this, a fixed 5-minute latency stayed as wide as the
//   first, budget-paced brackets (~1 s) for dozens of canaries; with it, each canary's narrower bracket
//   narrows the next plan at once.
// - The kernel's spread is robust to a rare far mode: the spread of the brackets' middles between the
//   10th and 90th percentiles jumped from ~1 s to ~30 s whenever a tenth of them were on the 30-s retry,
//   and smeared the main mode over 30 s; it is now capped at 2.2 × the interquartile range, and at
//   the spread within the modes (while few brackets are in, one retry moved both measures).
// - Shared by density, not uniform (selfConsistent, below): a bracket at a mode's edge puts its mass
//   on the side where its neighbours' is, so the learned mode is not a gap wider than the truth; and a
//   bracket wider than a window (from a guard or filler to a burst) starts where the bursts' brackets
//   put the mass, so it does not leave a phantom mode in a gap no poll ever looks into.
import type { Cdf } from './poll-plan.ts';
import { cdfAt } from './poll-plan.ts';
import { CellMass } from './cell-mass.ts';

export interface Bracket {
  /** Last poll still running, ms since the submit (0 when none). */
  lowMs: number;
  /** First poll that saw the final state, ms since the submit. */
  highMs: number;
}

export interface ModelOptions {
  /** Weight of a canary one observation older than another. */
  decay?: number;
  /** Brackets kept. */
  historySize?: number;
  /** Consecutive surprising brackets that mean the behaviour shifted. */
  shiftAfter?: number;
  /** A bracket is surprising when the model gives it less mass than this on either side. */
  surpriseMass?: number;
  /** Share of the weight that must be on brackets sharing one point for them to be taken as agreeing. */
  agreeShare?: number;
  /**
   * Brackets at most this wide are a burst's (the budget's window: the schedule passes its own); wider
   * ones span a gap between bursts, and are first shared by where the burst brackets put the mass.
   */
  narrowMs?: number;
}

export class CompletionModel {
  private brackets: Bracket[] = [];
  private surprises = 0;
  /** The side of the learned mass the current run of surprises fell on. */
  private surpriseSide = 0;
  /** What current() made of the brackets, until they change. */
  private learned: { cdf: Cdf | null } | null = null;
  private readonly o: Required<ModelOptions>;
  /** Times the model forgot its history because the behaviour shifted. */
  resets = 0;

  constructor(options: ModelOptions = {}) {
    this.o = { decay: 0.98, historySize: 120, shiftAfter: 3, surpriseMass: 0.002, agreeShare: 0.9, narrowMs: 5250, ...options };
  }

  get size(): number {
    return this.brackets.length;
  }

  observe(b: Bracket): void {
    if (!(b.highMs >= 0) || !(b.lowMs >= 0) || b.lowMs > b.highMs) return;
    // Judged against what was learned before the current run of surprises, not with them in it.
    // A few brackets are too few to be surprised by anything.
    const before = this.brackets.length - this.surprises;
    const cdf = before < 8 ? null : this.surprises === 0 ? this.current() : this.cdfOf(this.brackets.slice(0, before));
    // Which side of the learned mass the bracket fell on: −1 below it, 1 above it, 0 inside it.
    const side = cdf === null ? 0 : cdfAt(cdf, b.highMs) < this.o.surpriseMass ? -1 : cdfAt(cdf, b.lowMs) > 1 - this.o.surpriseMass ? 1 : 0;
    // A shift moves the completions one way: surprises on both sides (two retries of a mode not seen
    // yet, then a completion just before the learned one) are noise, not a new behaviour. Counted
    // together, they once made the model forget everything it had learned (P3 bimodal, seed 2).
    this.surprises = side === 0 ? 0 : side === this.surpriseSide ? this.surprises + 1 : 1;
    this.surpriseSide = side;
    this.brackets.push(b);
    if (this.surprises >= this.o.shiftAfter) {
      this.brackets = this.brackets.slice(-this.o.shiftAfter);
      this.surprises = 0;
      this.resets++;
    }
    if (this.brackets.length > this.o.historySize) this.brackets.shift();
    this.learned = null;
  }

  /** The learned distribution, or null with fewer than 3 brackets. */
  cdf(): Cdf | null {
    return this.current();
  }

  /**
   * The distribution the brackets as they are now give, made once until the next bracket comes: the
   * canary's plan needs it, and so does the surprise check of that canary's bracket when it ends.
   */
  private current(): Cdf | null {
    this.learned ??= { cdf: this.cdfOf(this.brackets) };
    return this.learned.cdf;
  }

  private cdfOf(observed: readonly Bracket[]): Cdf | null {
    const n = observed.length;
    if (n < 3) return null;
    const weights = observed.map((_, i) => this.o.decay ** (n - 1 - i));
    const brackets = agreeing(observed, weights, this.o.agreeShare);
    const h = kernel(brackets, this.o.narrowMs);
    const cells = selfConsistent(brackets, weights, h, this.o.narrowMs);
    // No completion precedes its submit: the smoothed mass below 0 is cut off and the rest rescaled.
    const below = cells.smoothedCdf(0, h);
    // (Every cell lies at or after 0, so at most half its mass is smoothed below it: some is kept.)
    const kept = cells.total - below;
    const xs = [...new Set(cells.smoothedPoints(h).map((x) => Math.max(0, x)))];
    const ps = xs.map((x) => Math.min(1, Math.max(0, (cells.smoothedCdf(x, h) - below) / kept)));
    ps[ps.length - 1] = 1;
    return { xs, ps };
  }
}

/** The narrowest cell (a bracket's edges are a poll's send time, known to a few ms). */
const FINEST_MS = 20;
/** Self-consistency steps (the estimate settles within five on P3's distributions). */
const STEPS = 5;
/**
 * Brackets needed before the others' density says where one bracket's mass lies. Why: with a handful,
 * a wide early bracket (2–5.25 s, from the first plan's budget-paced polls) leaned on the three or four
 * others near 2 s, the plan ended at 2.7 s, and the next completion after it was bracketed over 2.5 s
 * (test/monitor/cycle-cadence.test.ts); uniform, it keeps the plan reaching out until more are seen.
 */
const SHARE_FROM = 10;

/**
 * Each bracket's mass shared over the cells inside it by the current smoothed density, then smoothed
 * again, a few times over (Silverman et al.'s EMS: the self-consistency step of the maximum-likelihood
 * estimate from brackets, with a smoothing step after each). Why not each bracket as a uniform mass:
 * the plans of successive canaries put their polls in nearly the same places, so a bracket at a mode's
 * edge, say [1.23 s, 1.75 s] for completions from 1.5 s on, spread its mass over the whole gap, the next
 * plan covered that wider mode with polls further apart, and the width fed on itself (planned 450–500 ms
 * apart where 330 ms would do, BENCHMARKS.md P3). Shared by density, the edge bracket's mass leans on the
 * side where its neighbours' is; and a wide bracket, such as one from a gap filler to a burst, puts its
 * mass where the other canaries completed instead of smearing it over 15 s.
 */
function selfConsistent(brackets: readonly Bracket[], weights: readonly number[], h: number, narrowMs: number): CellMass {
  const ends = new Set<number>();
  for (const b of brackets) {
    ends.add(b.lowMs);
    ends.add(upper(b));
  }
  const cuts = [...ends].sort((a, b) => a - b);
  const edges: number[] = [cuts[0]!];
  const firstCell = new Map<number, number>([[cuts[0]!, 0]]);
  for (let i = 1; i < cuts.length; i++) {
    edges.push(...cutsBetween(cuts[i - 1]!, cuts[i]!, Math.max(FINEST_MS, h / 2)), cuts[i]!);
    firstCell.set(cuts[i]!, edges.length - 1);
  }
  const cells = edges.length - 1;
  const spans = brackets.map((b) => [firstCell.get(b.lowMs)!, firstCell.get(upper(b))!] as const);
  const width = Float64Array.from({ length: cells }, (_, c) => edges[c + 1]! - edges[c]!);
  // Each bracket's weight over its cells, in proportion to density × width; at the end nearer to the
  // others' mass when there is none in the bracket; by width alone when there is no density yet.
  const share = (density: Float64Array | null, only: (b: Bracket) => boolean = () => true): CellMass => {
    const mass = new Float64Array(cells);
    // Density a billionth of the whole is rounding, not mass: a bracket over the smoothed mass's far
    // tails summed to 1e-13 of noise, and shared by it, its whole weight went to cells of either sign
    // (a CDF that fell by 6 % over 29–30 s, P3 bimodal).
    let all = 0;
    if (density) for (let c = 0; c < cells; c++) all += density[c]! * width[c]!;
    const floor = 1e-9 * all;
    brackets.forEach((b, i) => {
      if (!only(b)) return;
      const [from, to] = spans[i]!;
      let sum = 0;
      if (density) for (let c = from; c < to; c++) sum += density[c]! * width[c]!;
      if (sum > floor) {
        for (let c = from; c < to; c++) mass[c] = mass[c]! + (weights[i]! * density![c]! * width[c]!) / sum;
      } else if (density && all > 0) {
        const end = nearestEnd((c) => density[c]! * width[c]! > floor, from, to, cells, edges);
        mass[end] = mass[end]! + weights[i]!;
      } else {
        let span = 0;
        for (let c = from; c < to; c++) span += width[c]!;
        for (let c = from; c < to; c++) mass[c] = mass[c]! + (weights[i]! * width[c]!) / span;
      }
    });
    return new CellMass(edges, mass);
  };
  const densityOf = (m: CellMass) => m.smoothedCellDensity(h);
  if (brackets.length < SHARE_FROM) return share(null);
  // The first step shares every bracket by where the burst brackets alone put the mass. Why: a bracket
  // from a guard or a filler to a burst ([27.5 s, 32.8 s] for a retry completing at 32.6 s) has no
  // other bracket inside it, and shared uniformly it kept its mass spread over those 5 s through every
  // later step (the step cannot move mass nothing else contradicts); the plans then spent a burst at
  // 27–29 s, which pushed the retry burst past the mode's start, and the misses fed the spread
  // (P3 bimodal). The burst brackets say the retry mode starts at the burst: the wide one's mass goes there.
  let current = share(densityOf(share(null, (b) => upper(b) - b.lowMs <= narrowMs)));
  // One step more for each bracket past SHARE_FROM, up to STEPS. Why: all of them at once made the
  // tenth canary's plan jump from the uniform shares' width to where the first, wide brackets happen to
  // overlap (P3 bimodal: polls at 1.92–2.53 s for a 1.5–2.5-s mode; the next canary, at 1.63 s, was
  // bracketed from its submit).
  const steps = Math.min(STEPS, brackets.length - SHARE_FROM);
  for (let step = 0; step < steps; step++) current = share(densityOf(current));
  return current;
}

/**
 * Of a bracket's cells from..to−1, none of which holds mass, the one at the end nearer to a cell that
 * does: a completion nothing inside its bracket resembles is put where the bracket meets the closest of
 * the others (the smoothing steps then spread it from there). Why not by width: a guard-to-burst
 * bracket ([27.8 s, 33.1 s], before any retry's burst bracket reached below 33.4 s) kept a twentieth
 * of the mass over 5 s where nothing completes, and plans spent a burst there for a dozen canaries
 * (P3 bimodal, seed 2).
 */
function nearestEnd(holds: (cell: number) => boolean, from: number, to: number, cells: number, edges: readonly number[]): number {
  let below = Number.POSITIVE_INFINITY;
  for (let c = from - 1; c >= 0; c--) {
    if (holds(c)) {
      below = edges[from]! - edges[c + 1]!;
      break;
    }
  }
  let above = Number.POSITIVE_INFINITY;
  for (let c = to; c < cells; c++) {
    if (holds(c)) {
      above = edges[c]! - edges[to]!;
      break;
    }
  }
  return above <= below ? to - 1 : from;
}

/**
 * Where the stretch between two bracket edges is cut into cells: `fine` from either end, then twice
 * that, four times… up to the middle. Fine at the ends, where a mode next to the stretch begins; coarse
 * in the middle, where a long gap between bursts needs no detail (six equal parts made a 15-s stretch's
 * end cell 2.5 s wide: a mode starting at its edge was smeared over it).
 */
function cutsBetween(from: number, to: number, fine: number): number[] {
  const offsets: number[] = [];
  for (let d = fine; d < (to - from) / 2; d *= 2) offsets.push(d);
  return [...offsets.map((d) => from + d), ...offsets.reverse().map((d) => to - d)];
}

/** A bracket's upper edge, a millisecond past its lower one when the two are the same (a cell needs width). */
function upper(b: Bracket): number {
  return b.highMs > b.lowMs ? b.highMs : b.lowMs + 1;
}

/** The kernel's half-width: a share of the spread of the brackets' middles, shrinking as brackets accumulate. */
function kernel(brackets: readonly Bracket[], gapMs: number): number {
  const n = brackets.length;
  const mids = brackets.map((b) => (b.lowMs + b.highMs) / 2).sort((a, b) => a - b);
  const q = (p: number) => mids[Math.floor(p * (n - 1))]!;
  // 10th–90th percentile, but never more than 2.2 × the interquartile range (the same for one mode:
  // uniform 1.6 ×, bell-shaped 1.9 ×; far smaller when a tenth of the brackets sit on a mode 30 s away,
  // where 3 × let the kernel be twice as wide as the 2-s mode needed and blurred its edges).
  // A quarter of it (half until the self-consistency step): the step already puts an edge bracket's mass
  // where its neighbours' is, and a wider kernel then only blurs the modes' edges again (P3: bimodal
  // 283 / 303 / 269 ms at half, 201 / 218 / 233 at a quarter, on seeds 7 / 1 / 2).
  // And never more than the spread within the modes: while few brackets are in, one or two of them on
  // a mode 30 s away made both measures above 20 s, and a kernel of 5 s smeared a 2-s mode over 10 s
  // (P3 bimodal: plans a second apart from 1 s to 40 s for canaries 3–9).
  return 0.25 * Math.min(q(0.9) - q(0.1), 2.2 * (q(0.75) - q(0.25)), withinModes(mids, gapMs)) * n ** -0.2;
}

/** The 10th–90th percentile spread of sorted values, interpolated. */
function spreadOf(sorted: readonly number[]): number {
  const q = (p: number) => {
    const x = p * (sorted.length - 1);
    const i = Math.floor(x);
    return i + 1 < sorted.length ? sorted[i]! + (x - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
  };
  return q(0.9) - q(0.1);
}

/**
 * The spread of sorted middles within their modes: split at the widest gap between two consecutive
 * ones when it is more than a window (no burst's bracket is wider) and four times the spread on either
 * side (a wide mode sampled sparsely has gaps too), each side split again, and the groups' spreads
 * averaged by their sizes.
 */
function withinModes(sorted: readonly number[], gapMs: number): number {
  if (sorted.length < 2) return 0;
  let at = 1;
  for (let i = 2; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > sorted[at]! - sorted[at - 1]!) at = i;
  const gap = sorted[at]! - sorted[at - 1]!;
  const low = sorted.slice(0, at);
  const high = sorted.slice(at);
  if (!(gap > gapMs && gap > 4 * Math.max(spreadOf(low), spreadOf(high)))) return spreadOf(sorted);
  return (low.length * withinModes(low, gapMs) + high.length * withinModes(high, gapMs)) / sorted.length;
}

/**
 * When the brackets holding at least `share` of the weight all contain one point, each of them
 * clipped to their intersection (the only place all of them allow); otherwise the brackets as they are.
 */
export function agreeing(brackets: readonly Bracket[], weights: readonly number[], share: number): Bracket[] {
  const total = weights.reduce((a, b) => a + b, 0);
  // The deepest point: sweep the edges of the brackets (low, high]. At one instant a bracket that ends
  // there is taken out before one that starts there is counted (they share no point).
  const edges = brackets.flatMap((b, i) => [
    { at: b.lowMs, dw: weights[i]! },
    { at: b.highMs, dw: -weights[i]! },
  ]);
  edges.sort((a, b) => a.at - b.at || a.dw - b.dw);
  let depth = 0;
  let deepest = 0;
  let at = 0;
  for (const e of edges) {
    depth += e.dw;
    if (depth > deepest) {
      deepest = depth;
      at = e.at;
    }
  }
  if (deepest < share * total) return [...brackets];
  // The brackets that contain the point just after `at`, and their intersection.
  const inside = (b: Bracket) => b.lowMs <= at && b.highMs > at;
  const agreed = brackets.filter(inside);
  const lowMs = Math.max(...agreed.map((b) => b.lowMs));
  const highMs = Math.min(...agreed.map((b) => b.highMs));
  return brackets.map((b) => (inside(b) ? { lowMs, highMs } : b));
}
