// The gate's budget plan: its stages share one key's rate budget at the target, and a real host offers
// no reset, so the gate orders the stages and waits where the budget demands it — against a sandbox
// exactly as against a real host (the gate never resets a budget; a sandbox that passes only because
// it was reset proves nothing about the provider).
//
// What each stage needs of the budget:
// - `nothing`: it never calls the target (replay runs cassettes, can-i-deploy talks to the broker), so
//              it runs beside the others from the start;
// - `share`:   a few calls, paced through the gate's limiter within what is left (canary, read-only
//              verification);
// - `empty`:   it measures the limit itself, so it starts only once a whole window (plus a guard)
//              has passed since the gate's last call to the target (the load profile). Its calls pass
//              the gate's limiter too, so the sharing stages after it are paced by what it spent
//              instead of waiting a whole window;
// - `exhausts`: a few calls, but it spends the budget where the gate's limiter cannot see it
//              (verification with provider states: one of them exhausts a sandbox's budget through its
//              admin API, and the next interaction expects a 429 at once). Its calls must not be held
//              by the gate's limiter, so it starts once the window has room for all of them and goes
//              unpaced; the next stage that calls the target waits a whole window.
// Pure: the runner (run-gate.ts) turns the plan into waits measured on a clock.
export type BudgetNeed = 'nothing' | 'share' | 'empty' | 'exhausts';

export interface PlannedStage<S> {
  stage: S;
  need: BudgetNeed;
}

/**
 * The order that waits least: the stage that needs an empty budget first (the gate has spent nothing
 * yet, or only its probe), then the sharing stages (paced by what it spent), and last the ones that
 * spend the budget unseen, since nothing after them needs it. The stages that spend nothing run beside
 * these from the start; they are listed after the first. Stages of the same need keep their order.
 */
export function orderStages<S>(stages: PlannedStage<S>[]): PlannedStage<S>[] {
  const rank: Record<BudgetNeed, number> = { empty: 0, nothing: 1, share: 2, exhausts: 3 };
  return stages
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank[a.s.need] - rank[b.s.need] || a.i - b.i)
    .map(({ s }) => s);
}

export interface BudgetState {
  /** When the gate last sent a call to the target (ms on the plan's clock), or null when it sent none. */
  lastCallAt: number | null;
  /** Whether the last stage that called the target spent budget the gate's limiter did not see. */
  spentUnseen: boolean;
}

/** How long a stage must wait before it starts: a whole window (plus a guard) when it needs one. */
export function waitBefore(need: BudgetNeed, state: BudgetState, now: number, windowMs: number, guardMs: number): number {
  if (need === 'nothing' || state.lastCallAt === null) return 0;
  if (need === 'empty' || state.spentUnseen) return Math.max(0, state.lastCallAt + windowMs + guardMs - now);
  return 0;
}

/** One line per stage for the progress output and the summary: what it needs and why it runs there. */
export function describeNeed(need: BudgetNeed): string {
  switch (need) {
    case 'nothing':
      return 'spends no budget: runs beside the others';
    case 'share':
      return 'a few calls, paced within what is left';
    case 'empty':
      return 'needs the whole budget: starts a full window after the last call';
    case 'exhausts':
      return 'a burst of calls, unpaced, once the window has room for all; spends the budget where the gate cannot see it: last';
  }
}
