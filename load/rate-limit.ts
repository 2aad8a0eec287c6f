// The rate-limit run: behaviour at LeadSquared's limit (25 calls per 5 s per x-api-key by default; the
// plans allow 25, 15, 5 or 2 — LOAD_LIMIT). The smoke profile (sliding window) runs a compact plan:
// updates and status calls together past the limit (over the limit and the budget mode at once), then
// recovery and one window at the limit (~17 s; lib/plan.ts). The full profile runs these parts, one
// after another, each meeting an empty budget:
//   burst      2× the limit at once → the excess refused, each 429 with LeadSquared's message;
//   recovery   one window later the whole budget is back (the first window of the at-limit part);
//   at_limit   the limit in every window for ≥ 30 s (smoke) / ≥ 120 s (full) → zero 429s;
//   over_limit 1.2× the limit → exactly the excess refused;
//   shared     updates and status calls together, each alone within the limit → the excess refused
//              when they share one budget (LOAD_SHARED_BUDGET, default true), none when they do not.
// The schedule and its timing margins are explained in lib/plan.ts; thresholds in lib/options.ts.
// Arrival-rate executors start requests on a clock; there is no sleep() here on purpose: the rate is
// the executor's, and a request that cannot start in time is a dropped iteration, which fails the run.
import exec from 'k6/execution';
import { send } from './lib/api.ts';
import { admitted, refused, refusalMessageOk, sendLag, sent, unexpected } from './lib/metrics.ts';
import { k6Options } from './lib/options.ts';
import { buildPlan, describeKind, type Part } from './lib/plan.ts';
import { readSettings } from './lib/settings.ts';
import { checkTotals, summaryFiles, type SummaryData } from './lib/summary.ts';

const settings = readSettings(__ENV);
const plan = buildPlan(settings);
export const options = k6Options(plan, settings);
const parts = new Map<string, Part>(plan.parts.map((p) => [p.scenario, p]));

export function request(): void {
  const part = parts.get(exec.scenario.name);
  if (!part) throw new Error(`no part for scenario ${exec.scenario.name}`);
  // iterationInTest is the request's index in the whole scenario, also across execution segments.
  const i = exec.scenario.iterationInTest;
  // The scenario runs a little past the part's last request (lib/plan.ts): those extra ticks send nothing.
  if (i >= part.count) return;
  const check = part.check === 'at_limit' && i < plan.recoveryCount ? 'recovery' : part.check;
  const tags = { lsq_check: check };
  sendLag.add(Date.now() - (exec.scenario.startTime + i * part.periodMs), tags);
  const answer = send(settings, part.endpoint, part.refusalExpected, tags);
  sent.add(1, tags);
  admitted.add(answer.outcome === 'admitted' ? 1 : 0, tags);
  refused.add(answer.outcome === 'refused' ? 1 : 0, tags);
  unexpected.add(answer.outcome === 'unexpected', tags);
  if (answer.messageOk !== null) refusalMessageOk.add(answer.messageOk, tags);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  const totals = checkTotals(data);
  const lines = [
    `  expected: ${settings.limit} per ${settings.windowMs / 1000} s, ${describeKind(settings.windowKind)}, ${settings.sharedBudget ? 'one budget for update and status' : 'separate budgets'}${settings.exact ? '' : ' (one segment: exact counts checked on the totals)'}`,
    ...plan.expectations.map((e) => {
      const t = totals[e.check] ?? {};
      const range = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`);
      return `  ${e.check.padEnd(10)} sent ${t.lsq_sent ?? 0}, admitted ${t.lsq_admitted ?? 0}, refused ${t.lsq_refused ?? 0}  (whole run: admitted ${range(e.admitted)}, refused ${range(e.refused)}: ${e.why})`;
    }),
  ];
  return summaryFiles(
    'rate-limit',
    settings.reportDir,
    data,
    { settings: { ...settings, accessKey: undefined, secretKey: undefined, apiKey: undefined, targetUrl: undefined }, plan, totals },
    lines,
  );
}
