// Judges a run split across k6 processes: each process checks what holds per process (its thresholds);
// the exact counts need the whole run, so they are summed here and checked against the expectations
// the script itself wrote into its JSON summary (load/lib/plan.ts builds them inside k6). The Node side
// reads that structured result instead of importing the k6 scripts' library: the scripts are assets
// the `load` command runs, and the product does not depend on them.

/** A range of counts, as the script's plan writes it. */
export interface Range {
  min: number;
  max: number;
}

/** One expectation of the script's plan: what a check's requests must add up to over the whole run. */
export interface Expectation {
  check: string;
  sent: number;
  admitted: Range;
  refused: Range;
  why: string;
}

/** The part of the script's plan this judge reads. */
export interface Plan {
  expectations: Expectation[];
}

const within = (value: number, r: Range): boolean => value >= r.min && value <= r.max;

export type CheckTotals = Record<string, { sent: number; admitted: number; refused: number }>;

export function sumTotals(perProcess: Array<Record<string, Record<string, number>> | undefined>): CheckTotals {
  const out: CheckTotals = {};
  for (const totals of perProcess) {
    for (const [check, t] of Object.entries(totals ?? {})) {
      out[check] ??= { sent: 0, admitted: 0, refused: 0 };
      const o = out[check];
      o.sent += t.lsq_sent ?? 0;
      o.admitted += t.lsq_admitted ?? 0;
      o.refused += t.lsq_refused ?? 0;
    }
  }
  return out;
}

export interface TotalsProblem {
  check: string;
  problem: string;
}

export function judgeTotals(plan: Plan, totals: CheckTotals): TotalsProblem[] {
  const problems: TotalsProblem[] = [];
  const range = (r: Expectation['admitted']) => (r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`);
  for (const e of plan.expectations) {
    const t = totals[e.check] ?? { sent: 0, admitted: 0, refused: 0 };
    if (t.sent !== e.sent) problems.push({ check: e.check, problem: `sent ${t.sent}, expected ${e.sent}` });
    if (!within(t.admitted, e.admitted)) problems.push({ check: e.check, problem: `admitted ${t.admitted}, expected ${range(e.admitted)} (${e.why})` });
    if (!within(t.refused, e.refused)) problems.push({ check: e.check, problem: `refused ${t.refused}, expected ${range(e.refused)} (${e.why})` });
  }
  return problems;
}
