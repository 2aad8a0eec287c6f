// What completion times the provider shows now, learned from the brackets of recent canaries. Why
// brackets and not the times the monitor read: a poll that first saw the final state is an upper
// bound, late by the monitor's own polling; learning from it taught the old schedule its own delay.
// Each canary says "it finished after my last poll that was still running and by my first final one",
// so each is a uniform mass over its bracket, smoothed by a kernel that narrows as they accumulate. Older
// canaries count less (a decay), and when the provider's behaviour shifts — the last few brackets all
// fell where the model put almost no mass — the model forgets everything before them.
// Two refinements (docs/decisions/010):
// - Brackets that agree: when nearly all the weight is on brackets that share one point, the
//   completion time is (as far as the canaries can tell) fixed, and it lies where all of them allow:
//   each is taken as their intersection. Without this, a fixed 5-minute latency stayed as wide as the
//   first, budget-paced brackets (~1 s) for dozens of canaries; with it, each canary's narrower bracket
//   narrows the next plan at once.
// - The kernel's spread is robust to a rare far mode: the spread of the brackets' middles between the
//   10th and 90th percentiles jumped from ~1 s to ~30 s whenever a tenth of them were on the 30-s retry,
//   and smeared the main mode over 30 s; it is now capped at 3 × the interquartile range.
import type { Cdf } from './poll-plan.ts';
import { cdfAt } from './poll-plan.ts';

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
}

export class CompletionModel {
  private brackets: Bracket[] = [];
  private surprises = 0;
  private readonly o: Required<ModelOptions>;
  /** Times the model forgot its history because the behaviour shifted. */
  resets = 0;

  constructor(options: ModelOptions = {}) {
    this.o = { decay: 0.95, historySize: 60, shiftAfter: 3, surpriseMass: 0.002, agreeShare: 0.9, ...options };
  }

  get size(): number {
    return this.brackets.length;
  }

  observe(b: Bracket): void {
    if (!(b.highMs >= 0) || !(b.lowMs >= 0) || b.lowMs > b.highMs) return;
    // Judged against what was learned before the current run of surprises, not with them in it.
    // A few brackets are too few to be surprised by anything.
    const before = this.brackets.slice(0, this.brackets.length - this.surprises);
    const cdf = before.length >= 8 ? this.cdfOf(before) : null;
    const surprising = cdf !== null && (cdfAt(cdf, b.highMs) < this.o.surpriseMass || cdfAt(cdf, b.lowMs) > 1 - this.o.surpriseMass);
    this.surprises = surprising ? this.surprises + 1 : 0;
    this.brackets.push(b);
    if (this.surprises >= this.o.shiftAfter) {
      this.brackets = this.brackets.slice(-this.o.shiftAfter);
      this.surprises = 0;
      this.resets++;
    }
    if (this.brackets.length > this.o.historySize) this.brackets.shift();
  }

  /** The learned distribution, or null with fewer than 3 brackets. */
  cdf(): Cdf | null {
    return this.cdfOf(this.brackets);
  }

  private cdfOf(observed: readonly Bracket[]): Cdf | null {
    const n = observed.length;
    if (n < 3) return null;
    const weights = observed.map((_, i) => this.o.decay ** (n - 1 - i));
    const total = weights.reduce((a, b) => a + b, 0);
    const brackets = agreeing(observed, weights, this.o.agreeShare);
    const h = kernel(brackets);
    const points = new Set<number>();
    for (const b of brackets) for (const x of smoothedCorners(b, h)) points.add(Math.max(0, x));
    const xs = [...points].sort((a, b) => a - b);
    // No completion precedes its submit: each bracket's share below 0 is cut off and the rest rescaled.
    const below = brackets.map((b) => smoothedCdf(0, b, h));
    const ps = xs.map((x) =>
      brackets.reduce((sum, b, i) => sum + (weights[i]! / total) * (below[i]! >= 1 ? 1 : (smoothedCdf(x, b, h) - below[i]!) / (1 - below[i]!)), 0),
    );
    ps[ps.length - 1] = 1;
    return { xs, ps };
  }
}

/**
 * The CDF at x of a bracket's uniform mass smoothed by the kernel (uniform on [−h, h]): a trapezoid's
 * density, flat inside the bracket less h and falling linearly to 0 over h on either side of its edges.
 * Why not the bracket widened by h at full density, as before: that gave the kernel's margins the same
 * density as the bracket itself, so the learned range reached a full h past the outermost brackets at
 * full weight; the plan spread its polls over it, its wider brackets widened the next model, and the
 * learned modes settled wider than the truth (BENCHMARKS.md, P3: uniform 1–3 s met with it, missed
 * without it).
 */
export function smoothedCdf(x: number, b: Bracket, h: number): number {
  const { lowMs: lo, highMs: hi } = b;
  const clamp = (p: number) => Math.min(1, Math.max(0, p));
  if (h <= 0) return hi > lo ? clamp((x - lo) / (hi - lo)) : x >= lo ? 1 : 0;
  if (hi - lo < 1e-9) return clamp((x - lo + h) / (2 * h));
  return clamp((rampIntegral(x - lo, h) - rampIntegral(x - hi, h)) / (hi - lo));
}

/** ∫ from −∞ to y of the kernel's CDF (uniform on [−h, h]). */
function rampIntegral(y: number, h: number): number {
  if (y <= -h) return 0;
  if (y >= h) return y;
  return (y + h) ** 2 / (4 * h);
}

/**
 * Where the piecewise-linear CDF needs points for one smoothed bracket: each sloped side's ends (the
 * trapezoid's corners; between them the CDF is linear) and three points inside it (it is quadratic there).
 */
function smoothedCorners(b: Bracket, h: number): number[] {
  const { lowMs: lo, highMs: hi } = b;
  if (h <= 0) return [lo, hi > lo ? hi : lo + 1];
  const out: number[] = [];
  for (const [from, to] of [
    [lo - h, Math.min(lo + h, hi - h)],
    [Math.max(lo + h, hi - h), hi + h],
  ] as const) {
    for (let k = 0; k < 4; k++) out.push(from + ((to - from) * k) / 4);
    out.push(to);
  }
  return out;
}

/** The kernel's half-width: a share of the spread of the brackets' middles, shrinking as brackets accumulate. */
function kernel(brackets: readonly Bracket[]): number {
  const n = brackets.length;
  const mids = brackets.map((b) => (b.lowMs + b.highMs) / 2).sort((a, b) => a - b);
  const q = (p: number) => mids[Math.floor(p * (n - 1))]!;
  // 10th–90th percentile, but never more than 3 × the interquartile range (the same for one mode,
  // uniform or bell-shaped; far smaller when a tenth of the brackets sit on a mode 30 s away).
  return 0.5 * Math.min(q(0.9) - q(0.1), 3 * (q(0.75) - q(0.25))) * n ** -0.2;
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
