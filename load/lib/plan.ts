// The schedule of the rate-limit run and what each part must show, derived from the settings alone.
// Pure and dependency-free: k6 turns it into scenarios and thresholds (options.ts) and writes it into its
// JSON summary, where the Node runner reads the expectations to judge the totals of a split run.
// Two plans: the compact one (smoke profile, sliding window: ~17 s at 25 per 5 s) proves each property
// in the fewest windows; the thorough one (full profile, and any fixed window) gives each its own part.
//
// Why the numbers look the way they do:
// - Every part starts only after the previous part's admissions have left the window (end + window +
//   guard), so each part meets an empty budget whatever the window kind.
// - A part of N requests at period p runs for N·p + max(p/2, 250 ms) and the script skips iterations
//   past the N-th. k6's arrival-rate executor starts iterations on a timer until the duration ends; when
//   its goroutine wakes late (a busy machine) a tick and the end can be due together and Go picks one
//   at random, so a duration that ends half a period after the last wanted tick sometimes sends one
//   more request and sometimes one fewer. Ending well after it and skipping the extras gives exactly N.
// - "At the limit" is paced at `limit` per (window + guard), not per window. The sandbox's sliding
//   window is exact: request i and request i+limit must arrive at least one window apart. At exactly
//   25 per 5 s they are scheduled exactly 5000 ms apart, and any timing jitter (k6's scheduler, the event
//   loop, the network) that delays request i more than request i+limit makes the latter land at 4999 ms
//   and be refused — about half of the pairs would, so the run would fail for no fault of the provider.
//   The guard (default 150 ms, 3 % of the window; LOAD_GUARD_MS) absorbs that jitter. The run still
//   sends the full limit in every window-and-a-guard, and a provider whose limit is even one lower
//   refuses within the first window. The send lag threshold (max < guard) proves the jitter stayed
//   inside the guard, so a pass is never the guard hiding a late sender.
// - Parts that must be refused are sent faster than the limit with a wide margin: 2× (burst) or
//   1.2× (over the limit) the limit, so no pair sits near the window's edge.
import type { LoadSettings, WindowKind } from './settings.ts';

export type Endpoint = 'update' | 'status';
/** Which expectation a request serves; a metric tag, so each has its own thresholds. */
export type CheckName = 'burst' | 'recovery' | 'at_limit' | 'over_limit' | 'shared';

export interface Part {
  /** The k6 scenario name. */
  scenario: string;
  check: Exclude<CheckName, 'recovery'>;
  endpoint: Endpoint;
  startMs: number;
  count: number;
  /** Time between two requests of this part. */
  periodMs: number;
  /** Whether a 429 is an expected answer here (http.expectedStatuses). */
  refusalExpected: boolean;
}

export interface Range {
  min: number;
  max: number;
}

/** What a check's requests must add up to, in total over every k6 process of the run. */
export interface Expectation {
  check: CheckName;
  sent: number;
  admitted: Range;
  refused: Range;
  why: string;
}

export interface Plan {
  parts: Part[];
  expectations: Expectation[];
  /** At-limit requests with an index below this are the first window after the burst: the recovery. */
  recoveryCount: number;
  totalMs: number;
}

const PROFILE_AT_LIMIT_MS = { smoke: 30_000, full: 120_000 } as const;
/** Burst span: k6 wants ≥ 1 s per arrival-rate scenario; 1.1 s keeps a burst well inside a window (≥ 2 s). */
const BURST_SPAN_MS = 1100;

export function spanMs(part: Part): number {
  return part.count * part.periodMs;
}

/** Duration to give k6: past the part's last request, with room (see the header). */
export function k6DurationMs(part: Part): number {
  return spanMs(part) + Math.max(part.periodMs / 2, 250);
}

type PlanSettings = Pick<LoadSettings, 'limit' | 'windowMs' | 'windowKind' | 'sharedBudget' | 'guardMs' | 'profile'>;

export function buildPlan(s: PlanSettings): Plan {
  return s.profile === 'smoke' && s.windowKind === 'sliding' ? buildCompactPlan(s) : buildThoroughPlan(s);
}

/**
 * The smoke profile against a sliding window: every property in the fewest windows (~17 s at 25 per 5 s,
 * where the thorough plan takes ~56 s), so that a release gate waits for it as little as possible.
 *   shared     (limit + excess) updates and as many status calls together in one burst of 1.1 s. One
 *              shared budget: exactly `limit` admitted of all of them; separate budgets: exactly `limit`
 *              of each. Either way the calls past the limit are refused (each 429 with LeadSquared's
 *              message) and the exact count tells the two budget modes apart: this one part proves
 *              "over the limit" and "shared" at once.
 *   recovery   one window (plus the guard) later, the first `limit` at-limit updates: all admitted.
 *   at_limit   the next window at the same pace: zero 429s in steady state at the limit.
 */
function buildCompactPlan(s: PlanSettings): Plan {
  const L = s.limit;
  const W = s.windowMs;
  const G = s.guardMs;
  const each = L + Math.max(1, Math.ceil(L * 0.2));
  const mixed = (scenario: string, endpoint: Endpoint): Part => ({
    scenario,
    check: 'shared',
    endpoint,
    startMs: 0,
    count: each,
    periodMs: BURST_SPAN_MS / each,
    refusalExpected: true,
  });
  const atLimit: Part = {
    scenario: 'at_limit',
    check: 'at_limit',
    endpoint: 'update',
    startMs: BURST_SPAN_MS + W + G,
    count: 2 * L,
    periodMs: (W + G) / L,
    refusalExpected: false,
  };
  const parts = [mixed('shared_update', 'update'), mixed('shared_status', 'status'), atLimit];
  const exactly = (n: number): Range => ({ min: n, max: n });
  const total = 2 * each;
  const expectations: Expectation[] = [
    s.sharedBudget
      ? {
          check: 'shared',
          sent: total,
          admitted: exactly(L),
          refused: exactly(total - L),
          why: `${each} updates + ${each} status calls in ${BURST_SPAN_MS} ms share ${L}: the rest refused`,
        }
      : {
          check: 'shared',
          sent: total,
          admitted: exactly(2 * L),
          refused: exactly(total - 2 * L),
          why: `separate budgets: ${L} of the ${each} of each admitted, the rest refused`,
        },
    { check: 'recovery', sent: L, admitted: exactly(L), refused: exactly(0), why: 'one window after the burst the whole budget is back' },
    { check: 'at_limit', sent: L, admitted: exactly(L), refused: exactly(0), why: `${L} per ${W + G} ms never exceeds ${L} per ${W} ms` },
  ];
  return { parts, expectations, recoveryCount: L, totalMs: Math.max(...parts.map((p) => p.startMs + spanMs(p))) };
}

/** The full profile (and any fixed window): each property in a part of its own, at length. */
function buildThoroughPlan(s: PlanSettings): Plan {
  const L = s.limit;
  const W = s.windowMs;
  const G = s.guardMs;
  const fixed = s.windowKind === 'fixed';
  // A fixed window's edges fall anywhere in a short part, so those parts get room for one full window.
  const windowsPerPart = fixed ? 2 : 1;
  const excess = Math.max(fixed ? 2 : 1, Math.ceil(L * 0.2));
  const sharedEach = Math.ceil(L * 0.6);
  const burstCount = (fixed ? 3 : 2) * L;
  const burstSpan = BURST_SPAN_MS;
  const atLimitWindows = Math.ceil(PROFILE_AT_LIMIT_MS[s.profile] / (W + G));

  const parts: Part[] = [];
  let next = 0;
  const add = (p: Omit<Part, 'startMs'>, concurrentWithPrevious = false): Part => {
    const prev = parts[parts.length - 1];
    const part = { ...p, startMs: concurrentWithPrevious && prev ? prev.startMs : next };
    parts.push(part);
    next = Math.max(next, part.startMs + spanMs(part) + W + G);
    return part;
  };
  add({ scenario: 'burst', check: 'burst', endpoint: 'update', count: burstCount, periodMs: burstSpan / burstCount, refusalExpected: true });
  add({ scenario: 'at_limit', check: 'at_limit', endpoint: 'update', count: L * atLimitWindows, periodMs: (W + G) / L, refusalExpected: false });
  // "Within one window" parts are packed into 80 % of a sliding window: with the span a whole window,
  // the last request arrived ~one period before the first left the window, a margin that two k6
  // processes resumed a few hundred ms apart (a split run on a busy machine) could eat. A fixed
  // window's parts keep their full span: they need room for one whole window.
  const packed = fixed ? W : 0.8 * W;
  add({
    scenario: 'over_limit',
    check: 'over_limit',
    endpoint: 'update',
    count: (L + excess) * windowsPerPart,
    periodMs: packed / (L + excess),
    refusalExpected: true,
  });
  // Each endpoint alone stays within the limit (paced like at_limit); together they exceed it.
  const sharedPeriod = fixed ? (W + G) / sharedEach : packed / sharedEach;
  add({ scenario: 'shared_update', check: 'shared', endpoint: 'update', count: sharedEach * windowsPerPart, periodMs: sharedPeriod, refusalExpected: true });
  add(
    { scenario: 'shared_status', check: 'shared', endpoint: 'status', count: sharedEach * windowsPerPart, periodMs: sharedPeriod, refusalExpected: true },
    true,
  );

  const exactly = (n: number): Range => ({ min: n, max: n });
  const atLimit = parts[1]!;
  const over = parts[2]!;
  const sharedTotal = sharedEach * windowsPerPart * 2;
  const expectations: Expectation[] = [
    fixed
      ? {
          check: 'burst',
          sent: burstCount,
          admitted: { min: L, max: 2 * L },
          refused: { min: burstCount - 2 * L, max: burstCount - L },
          why: `${burstCount} in ${burstSpan} ms touch at most two fixed windows`,
        }
      : {
          check: 'burst',
          sent: burstCount,
          admitted: exactly(L),
          refused: exactly(burstCount - L),
          why: `${burstCount} in ${burstSpan} ms: the first ${L} admitted, the rest refused`,
        },
    { check: 'recovery', sent: L, admitted: exactly(L), refused: exactly(0), why: 'one window after the burst the whole budget is back' },
    // The at-limit part's first `limit` requests are tagged `recovery`; `at_limit` counts the rest.
    {
      check: 'at_limit',
      sent: atLimit.count - L,
      admitted: exactly(atLimit.count - L),
      refused: exactly(0),
      why: `${L} per ${W + G} ms never exceeds ${L} per ${W} ms`,
    },
    fixed
      ? {
          check: 'over_limit',
          sent: over.count,
          admitted: { min: L, max: Math.min(over.count - Math.max(1, excess - 1), 3 * L) },
          refused: { min: Math.max(1, excess - 1), max: over.count - L },
          why: `${L + excess} per window for two windows: at least one full fixed window refuses its excess`,
        }
      : {
          check: 'over_limit',
          sent: over.count,
          admitted: exactly(L),
          refused: exactly(excess),
          why: `${L + excess} within one window: the first ${L} admitted, ${excess} refused`,
        },
    s.sharedBudget
      ? fixed
        ? {
            check: 'shared',
            sent: sharedTotal,
            admitted: { min: L, max: sharedTotal - 1 },
            refused: { min: 1, max: sharedTotal - L },
            why: 'update and status together exceed one shared budget',
          }
        : {
            check: 'shared',
            sent: sharedTotal,
            admitted: exactly(L),
            refused: exactly(sharedTotal - L),
            why: `${sharedEach} updates + ${sharedEach} status calls within one window share ${L}`,
          }
      : {
          check: 'shared',
          sent: sharedTotal,
          admitted: exactly(sharedTotal),
          refused: exactly(0),
          why: `separate budgets: ${sharedEach} of each per window fit`,
        },
  ];
  return { parts, expectations, recoveryCount: L, totalMs: Math.max(...parts.map((p) => p.startMs + spanMs(p))) };
}

/** Whether a total lies in its expected range; used for distributed totals. */
export function within(value: number, range: Range): boolean {
  return value >= range.min && value <= range.max;
}

export function describeKind(kind: WindowKind): string {
  return kind === 'sliding' ? 'sliding window' : 'fixed window';
}
