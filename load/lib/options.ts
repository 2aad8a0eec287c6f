// Turns the plan into k6 options: one constant-arrival-rate scenario per part, and thresholds that turn
// every expectation into pass/fail so that k6's exit code carries the verdict.
//
// Two kinds of thresholds:
// - invariant ones hold in every k6 process of a distributed run as well as in a single run (nothing
//   refused at the limit, no dropped iterations, no late sender, every 429 with LeadSquared's message);
// - exact counts (admitted / refused per check) need the whole run's totals, so they are set only when
//   LOAD_EXACT is on (a single process). A run split across processes sets LOAD_EXACT=0 and the runner
//   checks the same expectations on the summed totals.
import type { Options, Scenario, Threshold } from 'k6/options';
import { k6DurationMs, type CheckName, type Plan } from './plan.ts';
import type { LoadSettings } from './settings.ts';

/** Seconds of response time the pre-allocated VUs of a part cover at its rate (see scenarioOptions). */
export const RESPONSE_ROOM_S = 3;

const ms = (n: number): string => `${Math.round(n * 1000)}us`;

/** Sub-metrics whose values the summary reports; "count>=0" never fails, it only makes k6 keep them. */
export const REPORTED = ['lsq_sent', 'lsq_admitted', 'lsq_refused'] as const;
export const KEEP_ONLY = 'count>=0';

export function scenarioOptions(plan: Plan, s: LoadSettings): Record<string, Scenario> {
  const scenarios: Record<string, Scenario> = {};
  for (const p of plan.parts) {
    // Enough VUs pre-allocated for ~3 s of response time at this rate; maxVUs caps what k6 may add. An
    // iteration due while every VU waits on a response is dropped (a VU k6 adds mid-run comes too late
    // for it), and dropped iterations fail the run. With ~1 s of room, at-limit runs on a busy 2-core
    // machine (the gate, package and load suites side by side) dropped a few: the provider's answers
    // took longer, the provider's limit was never in question. Idle VUs cost nothing but their start.
    const perSecond = 1000 / p.periodMs;
    const preAllocatedVUs = Math.min(s.maxVUs, Math.ceil(perSecond * RESPONSE_ROOM_S) + 2);
    scenarios[p.scenario] = {
      executor: 'constant-arrival-rate',
      exec: 'request',
      rate: 1,
      timeUnit: ms(p.periodMs),
      duration: ms(k6DurationMs(p)),
      startTime: ms(p.startMs),
      preAllocatedVUs,
      maxVUs: Math.max(preAllocatedVUs, s.maxVUs),
      gracefulStop: '15s',
    };
  }
  return scenarios;
}

export function thresholdOptions(plan: Plan, s: LoadSettings): Record<string, Threshold[]> {
  const t: Record<string, Threshold[]> = {
    // A target that does not answer (or answers off the contract) ends the run early.
    lsq_unexpected: [{ threshold: 'rate==0', abortOnFail: true, delayAbortEval: '2s' }],
    lsq_refusal_message_ok: ['rate==1'],
    dropped_iterations: ['count==0'],
    'dropped_iterations{scenario:at_limit}': ['count==0'],
    'http_req_failed{scenario:at_limit}': ['rate==0'],
    'lsq_refused{scenario:at_limit}': ['count==0'],
    'lsq_admitted{lsq_check:recovery}': ['count>=1'],
    'lsq_send_lag{scenario:at_limit}': [`max<${Math.max(s.guardMs, 20)}`],
  };
  if (!s.sharedBudget) t['lsq_refused{lsq_check:shared}'] = ['count==0'];
  const push = (key: string, threshold: string) => {
    t[key] ??= [];
    t[key].push(threshold);
  };
  const checks: CheckName[] = ['burst', 'recovery', 'at_limit', 'over_limit', 'shared'];
  for (const check of checks) for (const m of REPORTED) push(`${m}{lsq_check:${check}}`, KEEP_ONLY);
  if (s.exact) {
    for (const e of plan.expectations) {
      push(`lsq_sent{lsq_check:${e.check}}`, `count==${e.sent}`);
      push(`lsq_admitted{lsq_check:${e.check}}`, `count>=${e.admitted.min}`);
      push(`lsq_admitted{lsq_check:${e.check}}`, `count<=${e.admitted.max}`);
      push(`lsq_refused{lsq_check:${e.check}}`, `count>=${e.refused.min}`);
      push(`lsq_refused{lsq_check:${e.check}}`, `count<=${e.refused.max}`);
    }
  }
  return t;
}

export function k6Options(plan: Plan, s: LoadSettings): Options {
  return {
    scenarios: scenarioOptions(plan, s),
    thresholds: thresholdOptions(plan, s),
    // No `url` tag: the update URL carries accessKey and secretKey. Requests are named by `name`.
    systemTags: ['status', 'method', 'name', 'group', 'check', 'error', 'error_code', 'scenario', 'expected_response', 'proto'],
    summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
    discardResponseBodies: false,
    noConnectionReuse: false,
  };
}
