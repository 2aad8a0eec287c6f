// A gate stage: one check of the release (contracts, replay, load, canary, …) against one target.
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

export interface StageContext {
  target: GateTarget;
  profile: 'smoke' | 'full';
  /** Folder for this run's reports; each stage may write its own files there. */
  out: string;
  /** The environment for child processes (settings, with the target's credentials). */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface Stage {
  name: string;
  /** One line for the progress display and the summary. */
  title: string;
  run(ctx: StageContext): Promise<StageOutcome>;
}

export interface StageResult extends StageOutcome {
  name: string;
  title: string;
  durationMs: number;
}
