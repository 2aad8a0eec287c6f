// Characterises the target's rate limiter: measures its limit, window length, window kind (fixed or
// sliding) and whether update and status share a budget, and compares them with the expected settings
// (LOAD_LIMIT, LOAD_WINDOW_SECONDS, LOAD_WINDOW_KIND, LOAD_SHARED_BUDGET). One VU, in steps:
//   1. updates back to back until the first 429: the limit (and the 429's own text: the stated limit);
//   2. a status call then (see sharesBudget): shared or separate budgets;
//   3. probes every LOAD_PROBE_MS until an update is admitted again: the window, if it slides;
//   4. after a quiet window, the limit again but spread over half a window, then probes until admitted,
//      then updates back to back: a sliding window frees one slot at a time (the oldest call), a fixed
//      window hands back the whole limit at its edge (and that burst, from a known edge, is its limit);
//   5. fixed only: probes until the next edge: the window length is edge to edge.
// Caveats (docs/load.md): it spends the key's budget for ~3 windows; refused probes are assumed not to
// count against the budget (true of the sandbox; if the provider counts them, step 3 never recovers and
// the run says so); a tiny limit (2) over a slow network can blur step 4.
import { Gauge, Rate } from 'k6/metrics';
import { sleep } from 'k6';
import { RATE_LIMIT_MESSAGE_PATTERN } from '../src/contract/status-words.ts';
import { call, exhaust, probeUntilAdmitted, sharesBudget, type Bounds } from './lib/characterise-steps.ts';
import { readSettings } from './lib/settings.ts';
import { summaryFiles, type SummaryData } from './lib/summary.ts';

const settings = readSettings(__ENV);
const probeMs = Number(__ENV.LOAD_PROBE_MS || 50);
const maxCalls = Number(__ENV.LOAD_MAX_CALLS || 1000);
const maxSeconds = Number(__ENV.LOAD_MAX_SECONDS || 120);

const measuredLimit = new Gauge('lsq_measured_limit');
const measuredWindow = new Gauge('lsq_measured_window_ms');
const measuredFixed = new Gauge('lsq_measured_fixed_window');
const measuredShared = new Gauge('lsq_measured_shared_budget');
const statedLimit = new Gauge('lsq_stated_limit');
const statedWindow = new Gauge('lsq_stated_window_seconds');
/** One sample per property: 1 when the measurement matches the expected setting. */
const matches = new Rate('lsq_characterisation_matches');
/** 1 when every step found its answer. */
const complete = new Rate('lsq_characterisation_complete');

const PROPERTIES = ['limit', 'window', 'kind', 'budget'] as const;

export const options = {
  scenarios: { characterise: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: `${maxSeconds + 10}s` } },
  thresholds: {
    lsq_characterisation_complete: ['rate==1'],
    ...Object.fromEntries(PROPERTIES.map((p) => [`lsq_characterisation_matches{property:${p}}`, ['rate==1']])),
  },
  systemTags: ['status', 'method', 'name', 'scenario', 'expected_response'],
};

export default function characterise(): void {
  const b: Bounds = { maxCalls, probeMs, deadline: Date.now() + maxSeconds * 1000 };
  const fail = (why: string) => {
    console.error(`characterisation incomplete: ${why}`);
    complete.add(false);
  };

  // 1. the limit
  const a = exhaust(settings, 0, b);
  if (!a.firstRefusal || a.admitted.length === 0) {
    fail(a.firstRefusal ? 'the very first call was refused: is the budget already spent?' : `no 429 within ${maxCalls} calls: no limit found`);
    return;
  }
  // For a sliding window this is the limit. A fixed window's edge can fall inside this burst (a busy
  // machine makes the burst long), which then counts up to twice the limit; step 4 measures it again.
  const limit = a.admitted.length;
  measuredLimit.add(limit);
  const stated = readStated(a.firstRefusal.refusalText);
  // 2. shared budget (asked again after step 4 if a fixed window's edge got in the way)
  let shared = sharesBudget(settings);
  // 3. window, if sliding: from the first admitted call to the first one admitted again
  const back = probeUntilAdmitted(settings, b);
  if (!back) {
    fail(`no call admitted again within ${maxSeconds} s of the first 429 (do refused calls count against the budget?)`);
    return;
  }
  const slidingWindowMs = back.at - a.admitted[0]!.at;
  // 4. kind: wait until nothing admitted so far is inside any window, then spread the limit over half
  // a window, so that a sliding window frees its slots ~window/(2·limit) apart.
  const windowGuess = Math.max(slidingWindowMs, (stated.windowSeconds ?? 0) * 1000);
  sleep((windowGuess + 250) / 1000);
  const spread = exhaust(settings, windowGuess / (2 * limit), { ...b, maxCalls: 3 * limit });
  if (!spread.firstRefusal) {
    fail('the spread calls were never refused');
    return;
  }
  if (shared === null) shared = sharesBudget(settings);
  const edge = probeUntilAdmitted(settings, b);
  if (!edge) {
    fail('no call admitted again after the spread calls');
    return;
  }
  let freed = 1;
  while (freed < 3 * limit && call(settings, 'update').admitted) freed++;
  // A sliding window frees about one slot here, a fixed one its whole limit. The bar is 40 % of step 1's
  // count, which a hidden edge can have doubled.
  const fixed = freed >= Math.max(2, Math.ceil(limit * 0.4));
  // A fixed window's limit is the burst counted from an edge seen (nothing before it counts).
  const measuredCalls = fixed ? freed : limit;
  measuredLimit.add(measuredCalls);
  // 5. window, if fixed: edge to edge
  let windowMs = slidingWindowMs;
  if (fixed) {
    const next = probeUntilAdmitted(settings, b);
    if (!next) {
      fail('no second window edge seen');
      return;
    }
    windowMs = next.at - edge.at;
  }
  if (shared === null) shared = sharesBudget(settings);
  measuredWindow.add(windowMs);
  measuredFixed.add(fixed ? 1 : 0);
  if (shared === null) {
    fail('could not tell whether update and status share a budget');
    return;
  }
  measuredShared.add(shared ? 1 : 0);
  complete.add(true);

  // Compare with the expected settings. The window is measured to within a probe interval plus the
  // calls' own round trips, so ±(2 probes + 5 %) is a match.
  const tolerance = 2 * probeMs + 0.05 * settings.windowMs;
  matches.add(measuredCalls === settings.limit, { property: 'limit' });
  matches.add(Math.abs(windowMs - settings.windowMs) <= tolerance, { property: 'window' });
  matches.add(fixed === (settings.windowKind === 'fixed'), { property: 'kind' });
  matches.add(shared === settings.sharedBudget, { property: 'budget' });
}

/** The limit and window the provider's own 429 text states. */
function readStated(text: string | undefined): { limit: number | null; windowSeconds: number | null } {
  const m = RATE_LIMIT_MESSAGE_PATTERN.exec(text ?? '');
  if (!m) return { limit: null, windowSeconds: null };
  statedLimit.add(Number(m[1]));
  statedWindow.add(Number(m[2]));
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}

const gauge = (data: SummaryData, name: string): number | null => data.metrics[name]?.values.value ?? null;

export function handleSummary(data: SummaryData): Record<string, string> {
  const limit = gauge(data, 'lsq_measured_limit');
  const windowMs = gauge(data, 'lsq_measured_window_ms');
  const fixed = gauge(data, 'lsq_measured_fixed_window');
  const shared = gauge(data, 'lsq_measured_shared_budget');
  const measured = {
    limit,
    windowMs: windowMs === null ? null : Math.round(windowMs),
    windowSeconds: windowMs === null ? null : Math.round(windowMs / 100) / 10,
    windowKind: fixed === null ? null : fixed === 1 ? 'fixed' : 'sliding',
    sharedBudget: shared === null ? null : shared === 1,
    statedLimit: gauge(data, 'lsq_stated_limit'),
    statedWindowSeconds: gauge(data, 'lsq_stated_window_seconds'),
  };
  const expected = { limit: settings.limit, windowSeconds: settings.windowMs / 1000, windowKind: settings.windowKind, sharedBudget: settings.sharedBudget };
  const lines = [
    `  measured: ${measured.limit ?? '?'} calls per ${measured.windowSeconds ?? '?'} s (${measured.windowMs ?? '?'} ms), ${measured.windowKind ?? '?'} window, ${measured.sharedBudget === null ? '?' : measured.sharedBudget ? 'one budget for update and status' : 'separate budgets for update and status'}`,
    `  the 429 says: ${measured.statedLimit ?? '?'} in ${measured.statedWindowSeconds ?? '?'} second(s)`,
    `  expected: ${expected.limit} per ${expected.windowSeconds} s, ${expected.windowKind} window, ${expected.sharedBudget ? 'shared' : 'separate'} budgets`,
    `  MEASURED ${JSON.stringify(measured)}`,
  ];
  return summaryFiles('characterise', settings.reportDir, data, { measured, expected }, lines);
}
