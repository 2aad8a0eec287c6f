// Whether a failed load run's counts say anything about the provider. The load profile's "within one
// window" parts (the smoke profile's shared burst; the full profile's burst, over-the-limit and shared
// parts) expect an exact count admitted because their calls reach the target's limiter within one
// window. k6 checks that it *sent* them on time (its send lag), not that they *arrived* on time: on a
// busy machine the calls can wait in this machine's processes (the gate's budget forwarder, an embedded
// sandbox) or on the way, and a burst sent in 1.1 s can reach the limiter over more than a window. A
// correct sliding-window limiter then admits more than the limit — the window slid — and the run failed
// a correct provider, naming it ("admitted 28, at most 25"). Seen on a CPU-bound CI run: every call sent
// within 39 ms of its time, answers up to 4.9 s later.
//
// What the run's summary proves: a call arrived no later than its planned time + the largest send lag +
// the longest iteration (send to answer). When that bound for a window-fitting part stays inside the
// window, its count is the provider's; when it does not, an excess admitted there may be the delay's.
// This is read only for a run that failed, and only when every threshold it crossed is such an excess
// (more admitted or fewer refused in a window-fitting part): any other failure is the provider's answer.

/** The parts of the load script's JSON summary (load/lib/summary.ts) read here. */
export interface LoadReport {
  settings?: { windowMs?: number };
  plan?: { parts?: Array<{ check: string; startMs: number; count: number; periodMs: number }> };
  thresholds?: Array<{ metric: string; threshold: string; ok: boolean; value: string }>;
  k6?: { metrics?: Record<string, { values?: Record<string, number> }> };
}

/**
 * The parts that go past the limit within one window (load/lib/plan.ts): their calls must reach the
 * target inside that window for their counts to hold, and they are the parts whose 429s are expected.
 */
export const PAST_LIMIT_CHECKS: readonly string[] = ['burst', 'over_limit', 'shared'];

/** A crossed threshold that calls spread past their window give at a correct limiter: more admitted, fewer refused. */
export function isWindowExcess(t: { metric: string; threshold: string }): boolean {
  const m = /^lsq_(admitted|refused)\{lsq_check:(\w+)\}$/.exec(t.metric);
  if (!m || !PAST_LIMIT_CHECKS.includes(m[2]!)) return false;
  return m[1] === 'admitted' ? t.threshold.startsWith('count<=') : t.threshold.startsWith('count>=');
}

export interface DeliverySpread {
  /** The window-fitting part (parts starting together count as one) whose calls may have spread the most. */
  check: string;
  /** How long the part's calls were planned to take. */
  plannedMs: number;
  /** The latest its last call can have reached the target, after the part's start (see the header). */
  latestMs: number;
  windowMs: number;
}

/**
 * For a failed run whose crossed thresholds are all excesses in window-fitting parts: how far such a
 * part's calls may have spread, when that is past the window (the count then proves nothing about the
 * provider). Null when the run's counts stand as the provider's.
 */
export function unsettledBySpread(report: LoadReport): DeliverySpread | null {
  const crossed = (report.thresholds ?? []).filter((t) => !t.ok);
  if (crossed.length === 0 || !crossed.every(isWindowExcess)) return null;
  const windowMs = report.settings?.windowMs;
  const metric = (name: string) => report.k6?.metrics?.[name]?.values?.max;
  const lag = metric('lsq_send_lag');
  const iteration = metric('iteration_duration');
  if (!windowMs || lag === undefined || iteration === undefined) return null;
  const crossedChecks = new Set(crossed.map((t) => /lsq_check:(\w+)/.exec(t.metric)?.[1]));
  let widest: DeliverySpread | null = null;
  for (const part of report.plan?.parts ?? []) {
    if (!crossedChecks.has(part.check)) continue;
    // Parts of one check starting together (update and status calls of the shared burst) are one burst.
    const together = (report.plan?.parts ?? []).filter((p) => p.check === part.check && p.startMs === part.startMs);
    const plannedMs = Math.max(...together.map((p) => p.count * p.periodMs));
    const latestMs = plannedMs + lag + iteration;
    if (latestMs >= windowMs && (!widest || latestMs > widest.latestMs)) widest = { check: part.check, plannedMs, latestMs, windowMs };
  }
  return widest;
}

/** One line for a reader: why this run's count is not a verdict on the provider. */
export function describeSpread(s: DeliverySpread): string {
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `the ${s.check} part's calls, sent within ${sec(s.plannedMs)}, may have reached the target over ${sec(s.latestMs)} (answers came up to that late), past the ${sec(s.windowMs)} window its count needs: this machine or the network held them, so its excess is not a verdict on the provider`;
}
