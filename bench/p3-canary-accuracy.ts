// P3, canary accuracy: completion latency as the monitor measures it (submit → first status call that
// saw the final state) against the sandbox's ground truth (completedAt − acceptedAt), across latency
// distributions from 100 ms to 5 min, with the status calls each canary spends. Baseline: a fixed
// 15-second poller. Target: p95 error ≤ max(50 ms, 5 % of the true latency) while spending ≤ 20 % of
// the 25-per-5-s budget.
//
// Time is a FakeClock shared by the sandbox and the monitor's client, advanced only while nothing is
// in flight (test/reliability/support/drive-clock.ts): each canary runs exactly as the monitor runs it
// (runCanary, the client's own 5-per-5-s budget, the poll schedule), and 5-minute canaries take
// milliseconds. One canary starts every 15 s (or as soon as the previous one ended, if later).
//   node bench/p3-canary-accuracy.ts [--canaries N]      (npm run bench:canary)
import { parseArgs } from 'node:util';
import { LsqClient } from '../src/client/index.ts';
import { createCanaryMetrics } from '../src/metrics/canary-metrics.ts';
import { pollAllowance } from '../src/monitor/build.ts';
import { runCanary } from '../src/monitor/canary.ts';
import type { CanaryRecord } from '../src/monitor/record.ts';
import { Ledger } from '../src/monitor/ledger.ts';
import { AdaptivePollSchedule, fixedIntervalSchedule } from '../src/monitor/poll-schedule.ts';
import { startSandbox, type LatencyDistribution } from '../src/sandbox/index.ts';
import { FakeClock } from '../src/timing/clock.ts';
import { ClockDriver } from '../test/reliability/support/drive-clock.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { percentile, table, writeResult } from './lib/report.ts';

const { values: args } = parseArgs({ options: { canaries: { type: 'string', default: '40' } } });
const CANARIES = Number(args.canaries);
const WARM_UP = 3; // the adaptive schedule learns from the first completions; reported separately
const INTERVAL_MS = 15_000;
const WINDOW_MS = 5000;
const PROVIDER_LIMIT = 25;
const BUDGET = 5; // the monitor's default --budget: 20 % of 25 per 5 s
const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';

const DISTRIBUTIONS: Array<[string, LatencyDistribution]> = [
  ['fixed 100 ms', { kind: 'fixed', ms: 100 }],
  ['uniform 1–3 s (sandbox default)', { kind: 'uniform', minMs: 1000, maxMs: 3000 }],
  ['lognormal median 10 s, σ 0.3', { kind: 'lognormal', medianMs: 10_000, sigma: 0.3 }],
  ['uniform 30 s – 2 min', { kind: 'uniform', minMs: 30_000, maxMs: 120_000 }],
  ['fixed 5 min', { kind: 'fixed', ms: 300_000 }],
];

type ScheduleKind = 'adaptive' | 'fixed 15 s';

interface Sample {
  truthMs: number;
  measuredMs: number;
  errorMs: number;
  calls: number;
  ok: boolean;
}

async function runDistribution(latency: LatencyDistribution, kind: ScheduleKind) {
  const driver = new ClockDriver(new FakeClock(Date.UTC(2026, 0, 1)));
  const sb = await startSandbox({
    clock: driver.clock,
    settings: { credentials: CREDS, seed: 11, latency, rateLimit: { limit: PROVIDER_LIMIT, windowMs: WINDOW_MS } },
  });
  const sends: number[] = [];
  const client = new LsqClient({
    baseUrl: sb.url,
    credentials: CREDS,
    clock: driver.clock,
    fetch: driver.fetch,
    timeoutMs: 10_000,
    rateLimit: { limit: BUDGET, windowMs: WINDOW_MS, kind: 'sliding' },
    onCall: () => sends.push(driver.clock.now()),
  });
  const adaptive = new AdaptivePollSchedule({ pollAllowance: pollAllowance(BUDGET, WINDOW_MS, INTERVAL_MS) });
  const schedule = kind === 'adaptive' ? adaptive : { forCanary: () => fixedIntervalSchedule(INTERVAL_MS), observe: () => {} };
  const deps = {
    client,
    metrics: createCanaryMetrics({ processMetrics: false }),
    ledger: new Ledger(null),
    schedule: schedule as AdaptivePollSchedule,
    settings: { opportunityId: CANARY, markerField: 'mx_Custom_1', deadlineMs: 15 * 60_000 },
  };

  const started = driver.clock.now();
  const samples: Sample[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < CANARIES; i++) {
    const due = started + i * INTERVAL_MS;
    if (driver.clock.now() < due) await driver.run(driver.clock.sleep(due - driver.clock.now()));
    const callsBefore = sends.length;
    const r: CanaryRecord = await driver.run(runCanary(deps));
    outcomes.push(r.outcome);
    if (r.outcome !== 'success' || r.completionMs === null) continue;
    const truth = sb.tasks.get(r.requestId!)!;
    const truthMs = truth.completedAt! - truth.acceptedAt;
    const errorMs = r.completionMs - truthMs;
    samples.push({ truthMs, measuredMs: r.completionMs, errorMs, calls: sends.length - callsBefore, ok: errorMs <= Math.max(50, 0.05 * truthMs) });
    if (process.env.P3_TRACE) console.log(kind, Math.round(truthMs), Math.round(r.completionMs), r.polls, JSON.stringify(adaptive.learned));
  }
  const elapsed = driver.clock.now() - started;
  // The most calls in any 5-s span (sliding), and the average rate, as shares of the provider's 25.
  let peak = 0;
  for (let a = 0, b = 0; b < sends.length; b++) {
    while (sends[b]! - sends[a]! >= WINDOW_MS) a++;
    peak = Math.max(peak, b - a + 1);
  }
  await sb.stop();
  return { samples, outcomes, averageShare: sends.length / (elapsed / WINDOW_MS) / PROVIDER_LIMIT, peakShare: peak / PROVIDER_LIMIT, calls: sends.length };
}

function summarise(samples: Sample[]) {
  const rel = samples.map((s) => s.errorMs / s.truthMs);
  return {
    canaries: samples.length,
    p50ErrorMs: Math.round(
      percentile(
        samples.map((s) => s.errorMs),
        50,
      ),
    ),
    p95ErrorMs: Math.round(
      percentile(
        samples.map((s) => s.errorMs),
        95,
      ),
    ),
    p95RelativeError: percentile(rel, 95),
    withinTolerance: samples.filter((s) => s.ok).length / samples.length,
    callsPerCanary: samples.reduce((n, s) => n + s.calls, 0) / samples.length,
    minError: Math.min(...samples.map((s) => s.errorMs)),
  };
}

const rows: Array<Array<string | number>> = [];
const results: Array<Record<string, unknown>> = [];
let allMet = true;
for (const [name, latency] of DISTRIBUTIONS) {
  for (const kind of ['fixed 15 s', 'adaptive'] as ScheduleKind[]) {
    const run = await runDistribution(latency, kind);
    const steady = summarise(run.samples.slice(kind === 'adaptive' ? WARM_UP : 0));
    const accuracyMet = steady.withinTolerance >= 0.95;
    const budgetMet = run.averageShare <= 0.2 && run.peakShare <= 0.2;
    if (kind === 'adaptive') allMet &&= accuracyMet && budgetMet;
    if (steady.minError < 0) throw new Error(`a canary measured less than the ground truth (${steady.minError} ms): the measurement is broken`);
    rows.push([
      name,
      kind,
      steady.canaries,
      steady.p50ErrorMs,
      steady.p95ErrorMs,
      `${(steady.p95RelativeError * 100).toFixed(1)} %`,
      `${(steady.withinTolerance * 100).toFixed(0)} %`,
      steady.callsPerCanary.toFixed(1),
      `${(run.averageShare * 100).toFixed(1)} % / ${(run.peakShare * 100).toFixed(0)} %`,
      `${accuracyMet ? 'met' : 'MISSED'} / ${budgetMet ? 'met' : 'MISSED'}`,
    ]);
    results.push({
      distribution: name,
      latency,
      schedule: kind,
      ...steady,
      averageBudgetShare: run.averageShare,
      peakBudgetShare: run.peakShare,
      outcomes: run.outcomes,
      warmUpExcluded: kind === 'adaptive' ? WARM_UP : 0,
    });
  }
}
const file = writeResult('p3-canary-accuracy', { canariesPerRun: CANARIES, intervalMs: INTERVAL_MS, budget: `${BUDGET} per ${WINDOW_MS / 1000} s`, results });
console.log(
  table(
    [
      'latency',
      'schedule',
      'canaries',
      'p50 error ms',
      'p95 error ms',
      'p95 error %',
      'within max(50 ms, 5 %)',
      'calls / canary',
      'budget avg / peak 5 s',
      'accuracy / budget',
    ],
    rows,
  ),
);
console.log(
  `\nP3 (adaptive schedule, after ${WARM_UP} warm-up canaries): ${allMet ? 'MET for every distribution' : 'MISSED for at least one distribution (see the table)'}   [${file}]`,
);
