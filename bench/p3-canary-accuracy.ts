// P3, canary accuracy: the completion time the monitor reports (the middle of the bracket between its
// last poll that saw the task running and its first final one) against the sandbox's ground truth
// (completedAt − acceptedAt), across latency distributions from 100 ms to 5 min, a bimodal one (a share
// on the first system-error retry at 30 s) and a drifting one, while production traffic takes the other
// 80 % of the 25-per-5-s budget. Judged against the best schedule the same budget allows: the plan of
// src/monitor/poll-plan.ts given the true distribution (20,000 draws) and a fresh window of 5 per 5 s.
// Baseline: a fixed 15-second poller.
//
// Time is a FakeClock shared by the sandbox, the monitor's client and the production traffic, advanced
// only while nothing is in flight (test/reliability/support/drive-clock.ts): each canary runs exactly
// as the monitor runs it (runCanary, the client's own 5-per-5-s budget, the poll schedule), and
// 5-minute canaries take milliseconds. Canaries start on ticks 15 s apart, one at a time: a tick that
// comes while a canary is in flight is skipped, as the monitor with --max-in-flight 1 skips it.
// 600 canaries per distribution: a p95 over 597 judged ones is their 30th largest error. By design a
// plan leaves about 4 % of the completions outside its bursts (decision 010), each such error seconds
// wide, so the p95 of a few hundred canaries lies near that cliff: over 197 (their 10th largest) the
// bound's own plan, given the true distribution, landed on it for bimodal on five draw seeds of six,
// and the learned one on four; over 37 (the second largest) the seed moved every verdict. Over 597 the
// learned one met it on twelve seeds of twelve, with 20–29 errors past the allowed one where 29 are
// allowed (BENCHMARKS.md, P3). The whole run takes about 10 minutes.
//   node bench/p3-canary-accuracy.ts [--canaries N] [--only NAME] [--seed N]      (npm run bench:canary)
// Diagnostics, not the benchmark:
//   … --oracle TARGET: the adaptive schedule plans with the true distribution (the bound's draws) at
//   that target instead of what it learned, to tell what the learning costs from what the schedule's
//   form and the canaries' cadence cost.
//   … --overlap [--interval S]: the monitor's own cycle instead: a canary every S seconds (default 15;
//   the monitor's default against a real host is 30), started whether the one before has ended or not,
//   so canaries that outlast the interval share the budget's windows with the next ones.
import { parseArgs } from 'node:util';
import { LsqClient } from '../src/client/index.ts';
import { scheduleFor } from '../src/monitor/build.ts';
import { runCanary } from '../src/monitor/canary.ts';
import type { CanaryRecord } from '../src/monitor/record.ts';
import { Ledger } from '../src/monitor/ledger.ts';
import { AdaptivePollSchedule, fixedIntervalSchedule } from '../src/monitor/poll-schedule.ts';
import { type Cdf, cdfOfSample, planPolls } from '../src/monitor/poll-plan.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { FakeClock } from '../src/timing/clock.ts';
import { ClockDriver } from '../test/reliability/support/drive-clock.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { percentile, table, writeResult } from './lib/report.ts';
import { DISTRIBUTIONS, type Draw, seeded } from './lib/latency-mix.ts';
const { values: args } = parseArgs({
  options: {
    canaries: { type: 'string', default: '600' },
    only: { type: 'string' },
    oracle: { type: 'string' },
    seed: { type: 'string', default: '7' },
    overlap: { type: 'boolean', default: false },
    interval: { type: 'string', default: '15' },
  },
});
const CANARIES = Number(args.canaries);
const WARM_UP = 3; // the adaptive schedule learns from the first completions; reported separately
const INTERVAL_MS = Number(args.interval) * 1000;
const WINDOW_MS = 5000;
const MAX_IN_FLIGHT = 3; // the monitor's default: a cycle is skipped while 3 canaries are in flight
const PROVIDER_LIMIT = 25;
const BUDGET = 5; // the monitor's default --budget: 20 % of 25 per 5 s
const PRODUCTION = PROVIDER_LIMIT - BUDGET; // production traffic takes the rest, at its limit all the time
const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';
const OTHER = '1f0c2a6e-0b7d-4d35-9d1a-2a4f0c9b8e11';

type ScheduleKind = 'adaptive' | 'fixed 15 s';

interface Sample {
  index: number;
  truthMs: number;
  errorMs: number;
  covered: boolean;
  calls: number;
}

async function runDistribution(draw: Draw, canaries: number, kind: ScheduleKind, oracle?: { truth: Cdf; target: number }) {
  const driver = new ClockDriver(new FakeClock(Date.UTC(2026, 0, 1)));
  const sb = await startSandbox({
    clock: driver.clock,
    settings: { credentials: CREDS, seed: 11, rateLimit: { limit: PROVIDER_LIMIT, windowMs: WINDOW_MS }, capacity: 1000 },
  });
  const random = seeded(Number(args.seed)); // the latency draws' seed (--seed: how robust a verdict is)
  let canaryIndex = 0;
  let submits = 0;
  // Each canary's latency (and whether its first attempt hits a system error) comes from the benchmark's
  // own draw, written into the update as the sandbox's triggers; the sandbox keeps the ground truth.
  const fetchWithLatency: typeof fetch = (input, init) => {
    if (typeof init?.body === 'string' && String(input).includes('/update?')) {
      const body = JSON.parse(init.body);
      if (body.ProspectOpportunityId === CANARY) {
        const d = draw(args.overlap ? submits++ : canaryIndex, random);
        body.OpportunityNote = `${body.OpportunityNote}`;
        body.Fields.push({ SchemaName: 'mx_Custom_2', Value: `SANDBOX_LATENCY_MS=${Math.round(d.ms)}` });
        if (d.systemErrorOnce) body.Fields.push({ SchemaName: 'mx_Custom_3', Value: 'SANDBOX_SYSTEM_ERROR_ONCE' });
        init = { ...init, body: JSON.stringify(body) };
      }
    }
    return driver.fetch(input, init);
  };
  const sends: number[] = [];
  const monitorCodes: Array<number | null> = [];
  const client = new LsqClient({
    baseUrl: sb.url,
    credentials: CREDS,
    clock: driver.clock,
    fetch: fetchWithLatency,
    timeoutMs: 10_000,
    rateLimit: { limit: BUDGET, windowMs: WINDOW_MS, kind: 'sliding' },
    onCall: (e) => {
      sends.push(driver.clock.now() - e.latencyMs);
      monitorCodes.push(e.httpStatus);
    },
  });
  // Production: its own client at 20 per 5 s with no margin, polling a task of its own without pause.
  const production = new LsqClient({
    baseUrl: sb.url,
    credentials: CREDS,
    clock: driver.clock,
    fetch: driver.fetch,
    rateLimit: { limit: PRODUCTION, windowMs: WINDOW_MS, kind: 'sliding' },
    rateLimitMarginMs: 0,
  });
  const productionCodes: number[] = [];
  const stopProduction = new AbortController();
  const { requestId: productionTask } = await driver.run(
    production.submitUpdate({ ProspectOpportunityId: OTHER, Fields: [{ SchemaName: 'mx_Custom_1', Value: 'x' }] }),
  );
  const productionLoop = (async () => {
    while (!stopProduction.signal.aborted) {
      try {
        const s = await production.getStatus(productionTask, undefined, stopProduction.signal);
        productionCodes.push(s.httpStatus);
      } catch (err) {
        if (stopProduction.signal.aborted) return;
        productionCodes.push((err as { status?: number }).status ?? 0);
      }
    }
  })();
  const adaptive = oracle
    ? new AdaptivePollSchedule({ limit: BUDGET, windowMs: client.limiter!.settings.windowMs, target: oracle.target })
    : scheduleFor(client);
  if (oracle) adaptive.model.cdf = () => oracle.truth;
  // The planner's cost per canary (wall time of each plan; the clock is fake, the CPU is not).
  const planMs: number[] = [];
  const planFor = adaptive.planFor.bind(adaptive);
  adaptive.planFor = (at?: number) => {
    const t0 = performance.now();
    const planned = planFor(at);
    planMs.push(performance.now() - t0);
    if (process.env.P3_TRACE) console.log('plan', planned.polls.map(Math.round).join(' '));
    return planned;
  };
  const schedule =
    kind === 'adaptive'
      ? adaptive
      : {
          forCanary: () => ({ ...fixedIntervalSchedule(15_000), release: () => {} }),
          submitDelay: () => 0,
          observe: () => {},
          noteCall: () => {},
          useClock: () => {},
        };
  const deps = {
    client,
    ledger: new Ledger(null),
    schedule: schedule as AdaptivePollSchedule,
    settings: { opportunityId: CANARY, markerField: 'mx_Custom_1', deadlineMs: 15 * 60_000 },
  };

  const started = driver.clock.now();
  const samples: Sample[] = [];
  const outcomes: string[] = [];
  const record = (i: number, r: CanaryRecord, calls: number) => {
    outcomes.push(r.outcome);
    if (r.outcome !== 'success' || r.completionMs === null) return;
    const truth = sb.tasks.get(r.requestId!)!;
    const truthMs = truth.completedAt! - truth.acceptedAt;
    const covered = r.completionLowMs! <= truthMs && truthMs <= r.completionHighMs!;
    samples.push({ index: i, truthMs, errorMs: Math.abs(r.completionMs - truthMs), covered, calls });
    if (process.env.P3_TRACE) {
      const bracket = `[${Math.round(r.completionLowMs!)}, ${Math.round(r.completionHighMs!)}]`;
      console.log(kind, i, Math.round(truthMs), bracket, Math.round(Math.abs(r.completionMs - truthMs)), r.polls, JSON.stringify(adaptive.learned));
    }
  };
  const inFlight: Promise<void>[] = [];
  let active = 0;
  let tick = 0;
  for (let i = 0; i < canaries; i++) {
    canaryIndex = i;
    // Canaries start on the monitor's ticks. One at a time: a tick that comes while the canary before is
    // still in flight is skipped, as the monitor with --max-in-flight 1 skips it, and the canary starts
    // on the next one (with --overlap, every tick is a canary's unless MAX_IN_FLIGHT are running).
    if (!args.overlap) while (started + tick * INTERVAL_MS < driver.clock.now()) tick++;
    const due = started + (args.overlap ? i : tick++) * INTERVAL_MS;
    if (driver.clock.now() < due) await driver.run(driver.clock.sleep(due - driver.clock.now()));
    if (args.overlap) {
      // The monitor's own cycle: a canary every interval, whether the one before has ended or not,
      // unless MAX_IN_FLIGHT are still running (the monitor's default --max-in-flight: it skips the cycle).
      if (active >= MAX_IN_FLIGHT) continue;
      active++;
      inFlight.push(
        runCanary(deps).then((r) => {
          active--;
          record(i, r, 1 + r.polls);
        }),
      );
      continue;
    }
    const callsBefore = sends.length;
    const r: CanaryRecord = await driver.run(runCanary(deps));
    record(i, r, sends.length - callsBefore);
  }
  await driver.run(Promise.all(inFlight));
  samples.sort((a, b) => a.index - b.index);
  stopProduction.abort();
  await driver.run(productionLoop);
  const elapsed = driver.clock.now() - started;
  // The most monitor calls in any 5-s span (sliding), and the average rate, as shares of the provider's 25.
  let peak = 0;
  for (let a = 0, b = 0; b < sends.length; b++) {
    while (sends[b]! - sends[a]! >= WINDOW_MS) a++;
    peak = Math.max(peak, b - a + 1);
  }
  await sb.stop();
  const refused = monitorCodes.filter((c) => c === 429).length + productionCodes.filter((c) => c === 429).length;
  return {
    samples,
    outcomes,
    averageShare: sends.length / (elapsed / WINDOW_MS) / PROVIDER_LIMIT,
    peakShare: peak / PROVIDER_LIMIT,
    refused,
    productionCalls: productionCodes.length,
    planMs,
  };
}

/** The true distribution of canaries `from`..`to` (20,000 draws; a retried attempt completes its retry 30 s after it failed). */
function truthOf(draw: Draw, from: number, to: number): Cdf {
  const random = seeded(99);
  const values: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const d = draw(from + (i % (to - from)), random);
    values.push(d.systemErrorOnce ? d.ms + 30_000 + 0.7 * d.ms : d.ms);
  }
  return cdfOfSample(values);
}

/** The best schedule's p95 error: the plan given the truth and a fresh window of 5 per 5 s. */
function bound(truth: Cdf): number {
  return planPolls(truth, { limit: BUDGET, windowMs: WINDOW_MS, target: 0.95 }).errorMs;
}

const p = (xs: number[], q: number) => Math.round(percentile(xs, q));
const rows: Array<Array<string | number>> = [];
const results: Array<Record<string, unknown>> = [];
let allMet = true;
for (const d of DISTRIBUTIONS) {
  if (args.only && !d.name.includes(args.only)) continue;
  const canaries = d.canaries ?? CANARIES;
  const judgedFrom = d.judgedFrom ?? WARM_UP;
  const truth = truthOf(d.draw, judgedFrom, canaries);
  const best = bound(truth);
  const allowed = Math.max(1.25 * best, 50);
  const fixed = await runDistribution(d.draw, canaries, 'fixed 15 s');
  const run = await runDistribution(d.draw, canaries, 'adaptive', args.oracle ? { truth, target: Number(args.oracle) } : undefined);
  const judged = run.samples.filter((s) => s.index >= judgedFrom);
  const fixedJudged = fixed.samples.filter((s) => s.index >= judgedFrom);
  const err = judged.map((s) => s.errorMs);
  const fixedErr = fixedJudged.map((s) => s.errorMs);
  const coverage = run.samples.filter((s) => s.covered).length / run.samples.length;
  const accuracyMet = p(err, 95) <= allowed;
  const notWorse = p(err, 50) <= p(fixedErr, 50) && p(err, 95) <= p(fixedErr, 95);
  const budgetMet = run.peakShare <= 0.2 && run.refused === 0;
  const coverageMet = coverage >= 0.99;
  allMet &&= accuracyMet && notWorse && budgetMet && coverageMet;
  rows.push([
    d.name,
    `${judged.length} (from #${judgedFrom})`,
    `${p(fixedErr, 50)} / ${p(fixedErr, 95)}`,
    `${p(err, 50)} / **${p(err, 95)}**`,
    Math.round(best),
    (p(err, 95) / best).toFixed(2),
    `${(coverage * 100).toFixed(1)} %`,
    (judged.reduce((n, s) => n + s.calls, 0) / judged.length).toFixed(1),
    `${(run.averageShare * 100).toFixed(1)} % / ${(run.peakShare * 100).toFixed(0)} %`,
    run.refused,
    `${accuracyMet ? 'met' : 'MISSED'} / ${notWorse ? 'met' : 'MISSED'} / ${budgetMet ? 'met' : 'MISSED'} / ${coverageMet ? 'met' : 'MISSED'}`,
    `${p(run.planMs, 50)} / ${p(run.planMs, 100)}`,
  ]);
  results.push({
    distribution: d.name,
    canaries,
    judgedFrom,
    bestScheduleP95ErrorMs: best,
    adaptive: {
      p50ErrorMs: p(err, 50),
      p95ErrorMs: p(err, 95),
      coverage,
      averageBudgetShare: run.averageShare,
      peakBudgetShare: run.peakShare,
      refused: run.refused,
      outcomes: run.outcomes,
      planMsMedian: percentile(run.planMs, 50),
      planMsMax: percentile(run.planMs, 100),
    },
    fixed15s: { p50ErrorMs: p(fixedErr, 50), p95ErrorMs: p(fixedErr, 95), refused: fixed.refused },
    productionCalls: run.productionCalls,
  });
}
const file = writeResult('p3-canary-accuracy', { canariesPerRun: CANARIES, intervalMs: INTERVAL_MS, budget: `${BUDGET} per ${WINDOW_MS / 1000} s`, results });
console.log(
  table(
    [
      'latency',
      'canaries judged',
      'fixed 15 s p50 / p95 error ms',
      'adaptive p50 / p95 error ms',
      'best schedule p95 ms',
      'p95 / best',
      'truth within ±',
      'calls / canary',
      'budget avg / peak 5 s',
      '429s',
      'accuracy ≤ 1.25× best / not worse than 15 s / budget / coverage',
      'plan ms median / max',
    ],
    rows,
  ),
);
if (args.oracle) console.log(`\n(--oracle ${args.oracle}: the adaptive column planned with the true distribution, not what it learned)`);
console.log(`\nP3: ${allMet ? 'MET for every distribution' : 'MISSED for at least one distribution (see the table)'}   [${file}]`);
