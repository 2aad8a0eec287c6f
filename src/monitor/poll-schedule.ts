// When to poll a canary's status. A fixed 15-second poller detects completion up to 15 s late; the old
// adaptive schedule spent a fixed allowance geometrically and backed off into 15-s gaps past the range
// it had learned. This one plans each canary's polls against the budget it actually has and the
// completion times recent canaries showed (poll-plan.ts, completion-model.ts):
// - the budget: k calls per window of the client's own limiter, less the calls already in that window
//   when the canary was submitted (the submit, other canaries in flight), which every canary reports
//   here as it makes them;
// - the plan: bursts of polls where completions are likely, nothing where none are, chosen to bracket
//   95 % of the learned mass with the smallest error;
// - no gap longer than `maxGapMs` (so a provider that became faster is still seen), and past the plan,
//   polls at the budget's pace, never backing off: the tail is where a slow completion must be caught.
// Before 3 canaries are learned it polls early and then at the budget's pace. docs/decisions/010.
import type { PollSchedule } from '../client/wait.ts';
import { CompletionModel, type Bracket, type ModelOptions } from './completion-model.ts';
import { planPolls } from './poll-plan.ts';

export interface AdaptiveScheduleOptions {
  /** First wait when there is no history yet. */
  initialMs?: number;
  /** Calls per window of the monitor's budget, and the window (the client's limiter's, margin included). */
  limit?: number;
  windowMs?: number;
  /** Polls are never closer than this. */
  minIntervalMs?: number;
  /** No gap between polls longer than this before the plan's last poll. */
  maxGapMs?: number;
  /** Share of the learned mass the plan brackets (the error it minimises is that quantile's). */
  target?: number;
  model?: ModelOptions;
  /** @deprecated kept for callers of the old schedule; the budget is `limit` per `windowMs` now. */
  pollAllowance?: number;
}

/** What the schedule knows about the canary it plans for. */
export interface CanaryContext {
  /** When the update was sent, on the clock given to useClock (default: now). */
  submittedAt?: number;
}

export class AdaptivePollSchedule {
  readonly model: CompletionModel;
  private readonly o: Required<Omit<AdaptiveScheduleOptions, 'model' | 'pollAllowance'>>;
  private calls: number[] = [];
  private now: () => number = () => 0;

  constructor(options: AdaptiveScheduleOptions = {}) {
    this.o = { initialMs: 250, limit: 5, windowMs: 5250, minIntervalMs: 50, maxGapMs: 15_000, target: 0.95, ...options };
    this.model = new CompletionModel(options.model);
  }

  /** The clock the call times are read on (the client's monotonic clock). */
  useClock(now: () => number): void {
    this.now = now;
  }

  /** Hears every call the monitor sends (at its send time), so a plan knows what the window holds. */
  noteCall(at: number): void {
    this.calls.push(at);
    const keep = at - this.o.windowMs;
    while (this.calls.length && this.calls[0]! <= keep) this.calls.shift();
  }

  /** Feeds one canary's bracket (last poll still running, first poll final; ms since its submit). */
  observe(bracket: Bracket | number): void {
    this.model.observe(typeof bracket === 'number' ? { lowMs: 0, highMs: bracket } : bracket);
  }

  /** The polls planned for a canary submitted at `submittedAt` (ms since the submit). */
  plan(submittedAt = this.now()): number[] {
    const { limit, windowMs, minIntervalMs, initialMs, target } = this.o;
    const cdf = this.model.cdf();
    const prior = callsBefore(this.calls, submittedAt, windowMs);
    let polls: number[];
    if (!cdf) {
      polls = [];
      for (let t = initialMs; polls.length < limit - 1; t *= 2) polls.push(t);
    } else polls = planPolls(cdf, { limit, windowMs, priorCalls: prior, target, minGapMs: minIntervalMs }).polls;
    return this.fillGaps(polls);
  }

  /** A schedule for one canary, planned when it starts. */
  forCanary(context: CanaryContext = {}): PollSchedule {
    const submittedAt = context.submittedAt ?? this.now();
    const plan = this.plan(submittedAt);
    // The wait counts from its own start; the plan from the submit.
    const offset = this.now() - submittedAt;
    const pace = this.o.windowMs / this.o.limit;
    let last = -1;
    return {
      delayBefore: (_i, elapsed) => {
        const t = elapsed + offset;
        const next = plan.find((p) => p > t + 0.5 && p > last);
        // Past the plan: the budget's pace (the limiter under the client holds it to the budget anyway).
        const at = next ?? Math.max(t, last) + pace;
        last = at;
        return Math.max(0, at - t);
      },
    };
  }

  /** Polls added where the plan leaves a gap longer than maxGapMs, kept a window clear of the next poll. */
  private fillGaps(polls: number[]): number[] {
    const { maxGapMs, windowMs } = this.o;
    const out: number[] = [];
    let prev = 0;
    for (const p of polls) {
      const until = p - windowMs;
      for (let t = prev + maxGapMs; t < until; t += maxGapMs) out.push(t);
      out.push(p);
      prev = p;
    }
    return out;
  }

  /** What was learned, for traces: the model's size and resets. */
  get learned(): { canaries: number; resets: number } | null {
    return this.model.size < 3 ? null : { canaries: this.model.size, resets: this.model.resets };
  }
}

/** How far from its send time the submit is noted (the client notes a call's send time as now − its latency). */
const SAME_CALL_MS = 5;

/**
 * The calls in the window before a submit at `submittedAt`, relative to it, the submit itself left out
 * (the planner counts it at 0). Why not "every call before 0": the previous canary's last poll can be
 * sent at the very instant of the submit (a canary that started late starts at once), and it holds a
 * place in the window like any other call; dropping it let the plan put one poll too many in the first
 * window, which the limiter then held back by seconds (a bracket from 0 to the held poll).
 */
export function callsBefore(calls: readonly number[], submittedAt: number, windowMs: number): number[] {
  const rel = calls.map((t) => t - submittedAt).filter((t) => t > -windowMs && t <= SAME_CALL_MS);
  let submit = -1;
  // The submit: the call nearest to it, if one is near enough (a resumed canary's submit was never noted here).
  for (let i = 0; i < rel.length; i++) {
    if (Math.abs(rel[i]!) <= SAME_CALL_MS && (submit < 0 || Math.abs(rel[i]!) < Math.abs(rel[submit]!))) submit = i;
  }
  if (submit >= 0) rel.splice(submit, 1);
  return rel.map((t) => Math.min(t, 0));
}

/** The baseline a benchmark compares against: poll every `intervalMs`, whatever happened before. */
export function fixedIntervalSchedule(intervalMs: number): PollSchedule {
  return { delayBefore: () => intervalMs };
}
