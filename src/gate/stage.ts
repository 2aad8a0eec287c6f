// A gate stage: one check of the release (contracts, replay, load, canary, …) against one target.
import type { BudgetNeed } from './budget-plan.ts';

export type Verdict = 'passed' | 'failed' | 'skipped';

export interface StageCase {
  name: string;
  /** Set when this case failed: why. */
  failure?: string;
  /** Set when this case was skipped: why. */
  skipped?: string;
}

export interface StageOutcome {
  verdict: Verdict;
  /** Why it failed or was skipped; one line. */
  reason?: string;
  /** The key figures a reviewer reads in the summary (e.g. "429s at the limit": 0). */
  figures: Record<string, string | number>;
  /** Finer results for the JUnit report; a stage with none reports itself as one case. */
  cases?: StageCase[];
  /** Set when the stage passed on only part of its checks (e.g. read-only verification): why. --strict fails it. */
  reduced?: string;
}

export interface GateTarget {
  /** Base URL every stage talks to. */
  url: string;
  /** The target is a sandbox (embedded or at a URL): its admin endpoint sets provider states. */
  isSandbox: boolean;
  /** The gate started this sandbox itself (and may reset it whole). */
  embedded: boolean;
  describe: string;
}

/** What the gate may spend at a real host; each is an explicit opt-in of the user. */
export interface GateAllowances {
  /** The load profile may exhaust the key's rate budget (the integration's own calls would get 429s). */
  budgetExhaustion: boolean;
  /** Provider verification may submit updates. */
  writes: boolean;
}

export interface StageContext {
  /** The target as the stages see it: `url` is the gate's budget forwarder in front of the real one. */
  target: GateTarget;
  allow: GateAllowances;
  profile: 'smoke' | 'full';
  /** Folder for this run's reports; each stage may write its own files there. */
  out: string;
  /** The environment for child processes (settings, with the target's credentials). */
  env: NodeJS.ProcessEnv;
  /** The replay stage's folder of HAR cassettes (`--cassettes`); default: the cassettes shipped with the package. */
  cassettesDir?: string;
  /**
   * Schemathesis' examples per operation in the conformance stage (`--max-examples`); default by the
   * profile: smoke 10, full 50. For a caller that needs the stage's wiring rather than its depth (the
   * stage's own tests): the coverage and stateful phases run whatever the count.
   */
  conformanceMaxExamples?: number;
  signal?: AbortSignal;
}

export interface Stage {
  name: string;
  /** One line for the progress display and the summary. */
  title: string;
  /** What it needs of the target's rate budget (budget-plan.ts); decides its place and its waits. */
  budget(ctx: StageContext): BudgetNeed;
  /** For an `exhausts` stage: at most how many calls it makes (it starts once the window has room for all). */
  burstCalls?(ctx: StageContext): number;
  run(ctx: StageContext): Promise<StageOutcome>;
}

export interface StageResult extends StageOutcome {
  name: string;
  title: string;
  durationMs: number;
  /** The stage's part of the budget plan: its need, how long it waited to start, the calls it made. */
  budget: { need: BudgetNeed; waitedMs: number; calls: number };
}
