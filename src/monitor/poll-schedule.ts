// When to poll a canary's status. A fixed 15-second poller (what one integrator does) either detects
// completion late or, polled faster, spends the 25-per-5-s budget that production traffic needs.
// This schedule learns from the completions it has seen and spends a fixed allowance of polls:
// - it sleeps straight through the time no recent canary finished in (0.9 × the fastest recent
//   completion), spending nothing there;
// - across the range recent completions fell in (up to 1.2 × the slowest) it polls geometrically —
//   each wait a fixed share of the time elapsed, so the detection error is a bounded share of the
//   completion time — with the share chosen so the allowance covers the range (never finer than 5 %);
// - beyond that range (e.g. a system error waiting for its retry) it backs off to 25 % steps;
// - waits are never under `minIntervalMs` nor over `maxIntervalMs`.
// The monitor's own rate limiter sits underneath and holds the total within its budget regardless.
import type { PollSchedule } from '../client/wait.ts';

export interface AdaptiveScheduleOptions {
  /** First wait when there is no history yet. */
  initialMs?: number;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** The finest step inside the learned range, as a share of elapsed time. */
  finestRatio?: number;
  /** The step outside it. */
  coldRatio?: number;
  /** The step before anything is learned: coarse, so the first canaries do not spend the budget early. */
  unlearnedRatio?: number;
  /** Polls one canary may spend across the learned range (from the budget and the cycle interval). */
  pollAllowance?: number;
  /** How many recent completions to learn from. */
  historySize?: number;
}

export class AdaptivePollSchedule {
  private readonly history: number[] = [];
  private readonly o: Required<AdaptiveScheduleOptions>;

  constructor(options: AdaptiveScheduleOptions = {}) {
    this.o = {
      initialMs: 1000,
      minIntervalMs: 50,
      maxIntervalMs: 30_000,
      finestRatio: 0.05,
      coldRatio: 0.25,
      unlearnedRatio: 0.5,
      pollAllowance: 10,
      historySize: 20,
      ...options,
    };
  }

  /** Feeds one observed completion time (submit → final state seen). */
  observe(completionMs: number): void {
    if (!(completionMs >= 0)) return;
    this.history.push(completionMs);
    if (this.history.length > this.o.historySize) this.history.shift();
  }

  get learned(): { fastest: number; slowest: number } | null {
    if (this.history.length < 3) return null;
    return { fastest: Math.min(...this.history), slowest: Math.max(...this.history) };
  }

  /** A schedule for one canary, frozen at the history known when it starts. */
  forCanary(): PollSchedule {
    const { initialMs, minIntervalMs, maxIntervalMs, finestRatio, coldRatio, unlearnedRatio, pollAllowance } = this.o;
    const clamp = (ms: number) => Math.min(maxIntervalMs, Math.max(minIntervalMs, ms));
    const learned = this.learned;
    if (!learned) {
      return { delayBefore: (i, elapsed) => (i === 0 ? initialMs : clamp(elapsed * unlearnedRatio)) };
    }
    const quietUntil = Math.max(minIntervalMs, 0.9 * learned.fastest);
    const hotEnd = Math.max(1.2 * learned.slowest, quietUntil + minIntervalMs);
    // Steps of ratio r from quietUntil reach hotEnd in (allowance - 1) polls.
    const steps = Math.max(1, pollAllowance - 1);
    const hotRatio = Math.max(finestRatio, (hotEnd / quietUntil) ** (1 / steps) - 1);
    return {
      delayBefore: (i, elapsed) => {
        if (i === 0 || elapsed < quietUntil) return Math.max(minIntervalMs, quietUntil - elapsed);
        return clamp(elapsed * (elapsed <= hotEnd ? hotRatio : coldRatio));
      },
    };
  }
}
/** The baseline a benchmark compares against: poll every `intervalMs`, whatever happened before. */
export function fixedIntervalSchedule(intervalMs: number): PollSchedule {
  return { delayBefore: () => intervalMs };
}
