// Judges a run split across k6 processes: each process checks what holds per process (its thresholds);
// the exact counts need the whole run, so they are summed here and checked against the same
// expectations the single-process run turns into thresholds (load/lib/plan.ts).
import { buildPlan, within, type Expectation, type Plan } from '../../load/lib/plan.ts';
import type { LoadSettings } from '../../load/lib/settings.ts';

export type CheckTotals = Record<string, { sent: number; admitted: number; refused: number }>;

export function sumTotals(perProcess: Array<Record<string, Record<string, number>> | undefined>): CheckTotals {
  const out: CheckTotals = {};
  for (const totals of perProcess) {
    for (const [check, t] of Object.entries(totals ?? {})) {
      const o = (out[check] ??= { sent: 0, admitted: 0, refused: 0 });
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

export function planFor(s: Pick<LoadSettings, 'limit' | 'windowMs' | 'windowKind' | 'sharedBudget' | 'guardMs' | 'profile'>): Plan {
  return buildPlan(s);
}
