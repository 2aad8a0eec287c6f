// What completion times the provider shows now, learned from the brackets of recent canaries. Why
// brackets and not the times the monitor read: a poll that first saw the final state is an upper
// bound, late by the monitor's own polling; learning from it taught the old schedule its own delay.
// Each canary says "it finished after my last poll that was still running and by my first final one",
// so each is a uniform mass over its bracket, widened by a kernel while there are few of them. Older
// canaries count less (a decay), and when the provider's behaviour shifts — the last few brackets all
// fell where the model put almost no mass — the model forgets everything before them.
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
}

export class CompletionModel {
  private brackets: Bracket[] = [];
  private surprises = 0;
  private readonly o: Required<ModelOptions>;
  /** Times the model forgot its history because the behaviour shifted. */
  resets = 0;

  constructor(options: ModelOptions = {}) {
    this.o = { decay: 0.95, historySize: 60, shiftAfter: 3, surpriseMass: 0.002, ...options };
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

  private cdfOf(brackets: readonly Bracket[]): Cdf | null {
    const n = brackets.length;
    if (n < 3) return null;
    const weights = brackets.map((_, i) => this.o.decay ** (n - 1 - i));
    const total = weights.reduce((a, b) => a + b, 0);
    // Kernel: a share of the spread of the brackets' middles, shrinking as brackets accumulate.
    const mids = brackets.map((b) => (b.lowMs + b.highMs) / 2).sort((a, b) => a - b);
    const spread = mids[Math.floor(0.9 * (n - 1))]! - mids[Math.floor(0.1 * (n - 1))]!;
    const h = 0.5 * spread * n ** -0.2;
    const parts = brackets.map((b, i) => {
      const lo = Math.max(0, b.lowMs - h);
      return { lo, hi: Math.max(lo + 1, b.highMs + h), w: weights[i]! / total };
    });
    const xs = [...new Set(parts.flatMap((p) => [p.lo, p.hi]))].sort((a, b) => a - b);
    const ps = xs.map((x) => parts.reduce((sum, p) => sum + p.w * Math.min(1, Math.max(0, (x - p.lo) / (p.hi - p.lo))), 0));
    ps[ps.length - 1] = 1;
    return { xs, ps };
  }
}
