// When to poll a canary's status. A fixed 15-second poller detects completion up to 15 s late; the old
// adaptive schedule spent a fixed allowance geometrically and backed off into 15-s gaps past the range
// it had learned. This one plans each canary's polls against the budget it actually has and the
// completion times recent canaries showed (poll-plan.ts, completion-model.ts):
// - the budget: k calls per window of the client's own limiter, less the calls already in that window
//   when the canary was submitted (the submit, other canaries in flight), which every canary reports
//   here as it makes them;
// - the plan: bursts of polls where completions are likely, nothing where none are, chosen to bracket
//   96 % of the learned mass with the smallest error (a point over the p95 it minimises: the learned
//   edges are uncertain, and a canary outside the plan is measured seconds off, not milliseconds);
// - no gap longer than `maxGapMs` (so a provider that became faster is still seen), and past the plan,
//   polls at the budget's pace, never backing off: the tail is where a slow completion must be caught;
// - canaries in flight share the windows: a gap filler, and a new canary's submit, give way to the
//   planned bursts of the other canaries (they can move; a burst sits where a completion is likely).
// Before 3 canaries are learned it polls at the budget's pace from the first window on. docs/decisions/010.
import type { PollSchedule } from '../client/wait.ts';
import { CompletionModel, type Bracket, type ModelOptions } from './completion-model.ts';
import { planPolls } from './poll-plan.ts';

export interface AdaptiveScheduleOptions {
  /** First poll when there is no history yet (default: the budget's pace, windowMs / limit); the rest at that pace. */
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
  /** The planned polls (not the gap fillers) of the canaries in flight, on the clock's time, until a window after them. */
  private bursts: Array<{ owner: object; at: number }> = [];
  private now: () => number = () => 0;

  constructor(options: AdaptiveScheduleOptions = {}) {
    const limit = options.limit ?? 5;
    const windowMs = options.windowMs ?? 5250;
    this.o = { initialMs: windowMs / limit, limit, windowMs, minIntervalMs: 50, maxGapMs: 15_000, target: 0.96, ...options };
    this.model = new CompletionModel({ narrowMs: windowMs, ...options.model });
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
    return this.planFor(submittedAt).polls;
  }

  /** The plan's polls (gap fillers included) and which of them only fill gaps. */
  planFor(submittedAt = this.now()): { polls: number[]; fillers: Set<number> } {
    const { limit, windowMs, minIntervalMs, initialMs, target } = this.o;
    const cdf = this.model.cdf();
    const prior = callsBefore(this.calls, submittedAt, windowMs);
    let polls: number[];
    if (!cdf) {
      // Evenly, not doubling from 250 ms: the doubling's last gaps ([1 s, 2 s], then [2 s, 5.25 s] once
      // the window was spent) were the first brackets of a 2-s provider, and the model stayed that wide
      // for the next dozen canaries (P3 bimodal: canaries 3–9 measured 243–869 ms off).
      const pace = windowMs / limit;
      polls = Array.from({ length: limit - 1 }, (_, i) => initialMs + i * pace);
    } else polls = planPolls(cdf, { limit, windowMs, priorCalls: prior, target, minGapMs: minIntervalMs }).polls;
    return this.fillGaps(polls);
  }

  /** A schedule for one canary, planned when it starts; `release()` when the canary has ended. */
  forCanary(context: CanaryContext = {}): PollSchedule & { release(): void } {
    const submittedAt = context.submittedAt ?? this.now();
    const { polls: plan, fillers } = this.planFor(submittedAt);
    const owner = {};
    const { windowMs } = this.o;
    this.forgetPastBursts();
    // The planned polls (not the fillers) are where this canary's completion is likely: the other
    // canaries' fillers (clearOfBursts) and the next canaries' submits (submitDelay) keep clear of them.
    for (const p of plan) if (!fillers.has(p)) this.bursts.push({ owner, at: submittedAt + p });
    // The wait counts from its own start; the plan from the submit.
    const offset = this.now() - submittedAt;
    const pace = windowMs / this.o.limit;
    let last = -1;
    return {
      delayBefore: (_i, elapsed) => {
        const t = elapsed + offset;
        let next = plan.find((p) => p > t + 0.5 && p > last);
        // A gap filler yields to another canary's burst: moved past that burst's window, or dropped when
        // that would bring it within a window of this canary's next planned poll.
        if (next !== undefined && fillers.has(next)) {
          const following = plan.find((p) => p > next!);
          const moved = this.clearOfBursts(submittedAt + next, owner) - submittedAt;
          if (moved !== next) next = following === undefined || moved <= following - windowMs ? moved : following;
        }
        // Past the plan: the budget's pace (the limiter under the client holds it to the budget anyway).
        const at = next ?? Math.max(t, last) + pace;
        last = at;
        return Math.max(0, at - t);
      },
      // An ended canary's polls not yet sent are not a burst any more: the others' fillers need not yield.
      release: () => {
        this.bursts = this.bursts.filter((b) => b.owner !== owner);
      },
    };
  }

  /**
   * How long a new canary's submit should wait so as not to take a place another canary's burst needs:
   * when the calls in the window so far, the other canaries' planned polls still to come within a
   * window, and the submit would be more than the budget, until the last of those planned polls
   * (at most a window). Why: canaries start on the monitor's ticks, and with a fixed 5-min latency
   * and a 30-s interval the next canary's submit came at the instant of the burst that would see a
   * canary's completion; the limiter held that burst's last poll for a window (a 5-s bracket). The
   * submit loses nothing by waiting: the new canary's times count from its own submit.
   */
  submitDelay(at = this.now()): number {
    const { limit, windowMs } = this.o;
    const sent = this.calls.filter((t) => t > at - windowMs && t <= at).length;
    const coming = this.bursts.filter((b) => b.at > at && b.at <= at + windowMs).map((b) => b.at);
    if (sent + coming.length + 1 <= limit) return 0;
    return Math.min(windowMs, Math.max(...coming) - at + this.o.minIntervalMs);
  }

  /**
   * The first time from `at` on that is more than a window from every other canary's planned poll.
   * Why fillers yield: canaries start on the monitor's ticks and fill their gaps every maxGapMs, so
   * the fillers of the canaries in flight land on the same instants, and at a cadence that divides a
   * completion time they land in the middle of another canary's burst: with a fixed 5-min latency and
   * a 30-s interval, two fillers took two of the burst's five places, the limiter held the poll that
   * would have seen the completion for a window, and every bracket was 5 s wide (BENCHMARKS.md, P3).
   */
  private clearOfBursts(at: number, owner: object): number {
    const { windowMs } = this.o;
    this.forgetPastBursts();
    let t = at;
    for (let moved = true; moved; ) {
      moved = false;
      for (const b of this.bursts) {
        if (b.owner !== owner && Math.abs(b.at - t) < windowMs) {
          t = b.at + windowMs;
          moved = true;
        }
      }
    }
    return t;
  }

  /** Planned polls a window in the past hold no place in any window to come. */
  private forgetPastBursts(): void {
    const since = this.now() - this.o.windowMs;
    this.bursts = this.bursts.filter((b) => b.at > since);
  }

  /** Polls added where the plan leaves a gap longer than maxGapMs, kept a window clear of the next poll. */
  private fillGaps(polls: number[]): { polls: number[]; fillers: Set<number> } {
    const { maxGapMs, windowMs, minIntervalMs } = this.o;
    const out: number[] = [];
    const fillers = new Set<number>();
    let prev = 0;
    for (const p of polls) {
      const until = p - windowMs;
      let last = prev;
      for (let t = prev + maxGapMs; t < until; t += maxGapMs) {
        out.push(t);
        fillers.add(t);
        last = t;
      }
      // A guard a window before a burst after a long gap (the closest the budget allows): a completion
      // just before the burst's first poll is bracketed within a window, not back to a filler 15 s
      // earlier (P3, bimodal: [27.5 s, 32.8 s] where it was [17.8 s, 32.8 s]).
      const guard = until - minIntervalMs;
      if (guard - last > windowMs) {
        out.push(guard);
        fillers.add(guard);
      }
      out.push(p);
      prev = p;
    }
    return { polls: out, fillers };
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
