// Runs a load script against the target: starts the embedded sandbox (with the limiter the run expects,
// unless told otherwise) when no host is set, runs k6 as one process or as N execution segments started
// together, and turns k6's exit codes and summaries into one verdict: 0 every threshold held, 1 one
// failed, 2 bad settings.
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import type { HarnessSettings } from '../config/settings.ts';
import { resolveTarget } from '../config/target.ts';
import type { SandboxSettingsPatch } from '../sandbox/index.ts';
import { LOAD_SCRIPTS, PROJECT_ROOT, k6Binary, type LoadScript } from './k6-binary.ts';
import { K6_EXIT, readSummary, runK6, type K6Result, type SummaryReport } from './run-k6.ts';
import { segment, segmentSequence } from './segments.ts';
import { judgeTotals, sumTotals, type CheckTotals } from './totals.ts';

export type Profile = 'smoke' | 'full';
import type { WindowKind } from '../timing/rate-limiter.ts';

// One window kind for the limiter, the sandbox and the load runner.
export type { WindowKind };

export interface ExpectedLimit {
  limit: number;
  windowSeconds: number;
  windowKind: WindowKind;
  sharedBudget: boolean;
}

export interface LoadRunOptions {
  script: LoadScript;
  profile: Profile;
  expected: ExpectedLimit;
  settings: HarnessSettings;
  outDir: string;
  /** Number of k6 processes, each running one execution segment (rate-limit only). */
  segments?: number;
  guardMs?: number;
  maxVUs?: number;
  /** k6's HTML report (web dashboard export), written into outDir. */
  html?: boolean;
  /** Remote-write endpoint of a Prometheus (…/api/v1/write) for `-o experimental-prometheus-rw`. */
  prometheusRw?: string;
  /** Embedded sandbox only: settings over the expected limiter (e.g. a wrong limit, to see checks fail). */
  sandbox?: SandboxSettingsPatch;
  /** Embedded sandbox only: called once it listens (tests inject faults through it). */
  onSandbox?: (baseUrl: string) => Promise<void> | void;
  onLine?: (line: string) => void;
}

export interface ProcessResult {
  exitCode: number;
  summary: SummaryReport | null;
  stderrTail: string[];
}

export interface LoadRunResult {
  exitCode: 0 | 1 | 2;
  target: string;
  processes: ProcessResult[];
  /** Summed per-check totals (rate-limit runs). */
  totals: CheckTotals | null;
  /** Why the run failed, one line each (empty when it passed). */
  problems: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function k6Env(o: LoadRunOptions, baseUrl: string, reportDir: string, exact: boolean): Record<string, string> {
  const s = o.settings;
  const env: Record<string, string> = {
    LSQ_TARGET_URL: baseUrl,
    LSQ_ACCESS_KEY: s.credentials.accessKey,
    LSQ_SECRET_KEY: s.credentials.secretKey,
    LSQ_API_KEY: s.credentials.apiKey,
    LSQ_CREDENTIALS_IN: s.credentialsIn,
    LSQ_UPDATE_PATH: s.updatePath,
    LSQ_STATUS_PATH: s.statusPath,
    LOAD_PROFILE: o.profile,
    LOAD_LIMIT: String(o.expected.limit),
    LOAD_WINDOW_SECONDS: String(o.expected.windowSeconds),
    LOAD_WINDOW_KIND: o.expected.windowKind,
    LOAD_SHARED_BUDGET: String(o.expected.sharedBudget),
    LOAD_EXACT: String(exact),
    LOAD_REPORT_DIR: reportDir,
  };
  if (s.canaryOpportunityId) env.LSQ_CANARY_OPPORTUNITY_ID = s.canaryOpportunityId;
  if (o.guardMs !== undefined) env.LOAD_GUARD_MS = String(o.guardMs);
  if (o.maxVUs !== undefined) env.LOAD_MAX_VUS = String(o.maxVUs);
  if (o.html) {
    // The dashboard's live web server stays off (-1): only the exported HTML file is wanted. Its
    // aggregation period is 2 s, not the default 10 s: with 10 s, k6 skips the report of a run as short
    // as the smoke profile's ~17 s ("not enough data").
    Object.assign(env, {
      K6_WEB_DASHBOARD: 'true',
      K6_WEB_DASHBOARD_PORT: '-1',
      K6_WEB_DASHBOARD_HOST: '127.0.0.1',
      K6_WEB_DASHBOARD_PERIOD: '2s',
      K6_WEB_DASHBOARD_EXPORT: `${reportDir}/${o.script}-report.html`,
    });
  }
  if (o.prometheusRw) {
    Object.assign(env, { K6_PROMETHEUS_RW_SERVER_URL: o.prometheusRw, K6_PROMETHEUS_RW_TREND_STATS: 'p(99),max', K6_PROMETHEUS_RW_PUSH_INTERVAL: '2s' });
  }
  return env;
}

function exitOf(code: number): 0 | 1 | 2 {
  if (code === K6_EXIT.ok) return 0;
  // The script throws at init on a bad LOAD_*/LSQ_* setting; k6 reports it as a script exception.
  if (code === K6_EXIT.invalidConfig || code === K6_EXIT.scriptException) return 2;
  return 1;
}

/** k6's execution status "init done" (lib.ExecutionStatus): every pre-allocated VU is initialised. */
const K6_INIT_DONE = 4;

/**
 * Waits until a paused k6 answers and has initialised its VUs. Resumed before that, a segment whose VUs
 * took longer to initialise (a busy machine) starts that much later than the other, and its at-limit
 * calls then sit that much closer to the other segment's: a skew past the guard got one refused.
 */
async function waitForApi(port: number, deadlineMs: number, exited: () => boolean): Promise<'up' | 'exited'> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (exited()) return 'exited';
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/status`);
      const status = res.ok ? ((await res.json()) as { data?: { attributes?: { status?: number } } }).data?.attributes?.status : undefined;
      if (res.ok && (status ?? K6_INIT_DONE) >= K6_INIT_DONE) return 'up';
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`k6 on 127.0.0.1:${port} did not come up within ${deadlineMs} ms`);
}

/** Tries to start a paused segment: a port picked here can be taken before k6 binds it. */
const SEGMENT_STARTS = 3;

/**
 * Starts one paused segment on a port picked here and waits until its API answers with its VUs
 * initialised. A k6 that exits first (106: another process took the port between the pick and k6's
 * bind) is started again on a new port, up to SEGMENT_STARTS times; the last one's exit then judges
 * the run as any exit does. Without this, the wait went on polling a port k6 never held — one another
 * process might answer on.
 */
async function startSegment(
  launch: (address: string) => ReturnType<typeof runK6>,
  note: (line: string) => void,
): Promise<{ port: number; run: ReturnType<typeof runK6>; up: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const run = launch(`127.0.0.1:${port}`);
    let exited = false;
    void run.done.then(
      () => (exited = true),
      () => (exited = true),
    );
    const up = (await waitForApi(port, 20_000, () => exited)) === 'up';
    if (up || attempt >= SEGMENT_STARTS) return { port, run, up };
    note(`k6 ended (exit ${(await run.done).exitCode}) before its API on 127.0.0.1:${port} answered; starting it again on another port`);
  }
}

async function resume(port: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }),
  });
  if (!res.ok) throw new Error(`k6 on 127.0.0.1:${port} refused to resume: HTTP ${res.status}`);
}

export async function runLoad(o: LoadRunOptions): Promise<LoadRunResult> {
  const n = o.segments ?? 1;
  if (n > 1 && o.script !== 'rate-limit') throw new RangeError('only the rate-limit script can be split into segments');
  // Before anything happens: no k6 is a bad setting (exit 2), not a sandbox started for nothing.
  const binary = k6Binary();
  const outDir = resolvePath(o.outDir);
  await mkdir(outDir, { recursive: true });
  const target = await resolveTarget(o.settings, {
    rateLimit: {
      limit: o.expected.limit,
      windowMs: Math.round(o.expected.windowSeconds * 1000),
      kind: o.expected.windowKind,
      sharedBudget: o.expected.sharedBudget,
    },
    ...o.sandbox,
    ...(o.sandbox?.rateLimit
      ? {
          rateLimit: {
            limit: o.expected.limit,
            windowMs: Math.round(o.expected.windowSeconds * 1000),
            kind: o.expected.windowKind,
            sharedBudget: o.expected.sharedBudget,
            ...o.sandbox.rateLimit,
          },
        }
      : {}),
  });
  try {
    if (target.sandbox) await o.onSandbox?.(target.baseUrl);
    const script = LOAD_SCRIPTS[o.script];
    const reportDirs = Array.from({ length: n }, (_, i) => (n === 1 ? outDir : `${outDir}/segment-${i + 1}`));
    for (const dir of reportDirs) await mkdir(dir, { recursive: true });
    const prefix = (i: number) => (n > 1 ? `[segment ${i + 1}/${n}] ` : '');
    const launch = (i: number, address: string) => {
      const args = ['run', '--quiet', '--no-color', '--address', address];
      if (n > 1) args.push('--paused', '--execution-segment', segment(i, n), '--execution-segment-sequence', segmentSequence(n));
      if (o.prometheusRw) args.push('-o', 'experimental-prometheus-rw');
      args.push(script);
      return runK6({ binary, args, env: k6Env(o, target.baseUrl, reportDirs[i]!, n === 1), cwd: PROJECT_ROOT, onLine: (l) => o.onLine?.(prefix(i) + l) });
    };
    const procs: Array<{ reportDir: string; run: ReturnType<typeof runK6> }> = [];
    // k6's REST API on loopback only. A single process is never asked anything, so it binds a port the
    // kernel picks (127.0.0.1:0): a port picked here and closed again could be taken before k6 binds it
    // (k6 then exits 106, "address already in use", and the run fails — seen beside other k6 runs on a
    // busy machine). Segments need their port known, to resume them together: see startSegment.
    if (n === 1) procs.push({ reportDir: outDir, run: launch(0, '127.0.0.1:0') });
    else {
      const started = await Promise.all(
        reportDirs.map((_, i) =>
          startSegment(
            (address) => launch(i, address),
            (line) => o.onLine?.(prefix(i) + line),
          ),
        ),
      );
      for (const [i, s] of started.entries()) procs.push({ reportDir: reportDirs[i]!, run: s.run });
      // Started paused, resumed together: the segments' schedules then line up at the target within a
      // few ms, as the k6-operator does for its runners. A segment that never came up fails the run
      // (its exit code is judged below); the others, paused, are stopped rather than run without it.
      if (started.every((s) => s.up)) await Promise.all(started.map((s) => resume(s.port)));
      else for (const s of started) if (s.up) s.run.child.kill('SIGTERM');
    }
    const results: K6Result[] = await Promise.all(procs.map((p) => p.run.done));
    const processes: ProcessResult[] = [];
    for (const [i, r] of results.entries()) {
      processes.push({ exitCode: r.exitCode, summary: await readSummary(`${procs[i]!.reportDir}/${o.script}-summary.json`), stderrTail: r.stderrTail });
    }
    return judge(o, target.describe, processes);
  } finally {
    await target.close();
  }
}

function judge(o: LoadRunOptions, targetName: string, processes: ProcessResult[]): LoadRunResult {
  const problems: string[] = [];
  let exitCode: 0 | 1 | 2 = 0;
  for (const [i, p] of processes.entries()) {
    const code = exitOf(p.exitCode);
    const who = processes.length > 1 ? `segment ${i + 1}: ` : '';
    if (code === 2)
      problems.push(
        `${who}k6 refused the script or its settings: ${
          p.stderrTail
            .filter((l) => /error|bad setting/i.test(l))
            .slice(-3)
            .join(' | ') || `exit ${p.exitCode}`
        }`,
      );
    else if (code === 1) {
      const crossed = p.summary?.thresholds.filter((t) => !t.ok).map((t) => `${t.metric} ${t.threshold} (${t.value})`) ?? [];
      problems.push(...(crossed.length ? crossed.map((c) => `${who}threshold crossed: ${c}`) : [`${who}k6 ended with exit ${p.exitCode}`]));
    }
    exitCode = Math.max(exitCode, code) as 0 | 1 | 2;
  }
  let totals: CheckTotals | null = null;
  if (o.script === 'rate-limit') {
    totals = sumTotals(processes.map((p) => p.summary?.totals));
    if (processes.length > 1 && exitCode !== 2) {
      // Every segment's script built the same plan from the same settings; any one of them says it.
      const plan = processes.find((p) => p.summary?.plan)?.summary?.plan;
      const wrong = plan ? judgeTotals(plan, totals) : [{ check: 'plan', problem: 'no segment wrote its plan into its summary' }];
      if (wrong.length) {
        exitCode = Math.max(exitCode, 1) as 0 | 1 | 2;
        problems.push(...wrong.map((w) => `whole run, ${w.check}: ${w.problem}`));
      }
    }
  }
  return { exitCode, target: targetName, processes, totals, problems };
}
