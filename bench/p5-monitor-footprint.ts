// P5, monitor footprint. Targets: RSS ≤ 100 MB at one canary per 15 s; heap growth ≤ 5 MB over
// 10,000 cycles.
// 1. A real `lsq-harness monitor --interval 15s` process against a sandbox in another process posing
//    as a real host (LSQ_ASYNC_HOST=http://127.0.0.1:PORT, with credentials), for a few minutes: RSS
//    and CPU sampled from /proc every 5 s, and the kernel's high-water mark. Baseline in the same run:
//    an idle Node process (what the runtime alone costs). By default the monitor is the INSTALLED
//    package, as a user runs it: this tree packed (`npm pack` builds dist/) and installed into a temp
//    project as test/package does, the compiled JavaScript, with a compile cache of its own.
//    `--from checkout` runs bin/lsq-harness.js in this checkout instead (the TypeScript sources, with
//    the checkout's compile cache); `--from both` runs one after the other. Either way one
//    `monitor --once` runs first and fills the compile cache, as any earlier run would have: a cold
//    cache costs the checkout the TypeScript stripper (~20 MB) and is not what a running monitor pays.
// 2. 10,000 accelerated cycles in this process (the sandbox's clock and the monitor's are one
//    FakeClock; 15 s of fake time between cycles): heap after a forced GC, after 500 warm-up cycles and
//    at the end.
//   node --expose-gc bench/p5-monitor-footprint.ts [--minutes 3] [--cycles 10000] [--from installed|checkout|both]
//   (npm run bench:footprint; --cycles 0 skips the soak)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../src/config/settings.ts';
import { createCanaryMetrics } from '../src/metrics/canary-metrics.ts';
import { buildMonitor } from '../src/monitor/build.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { FakeClock } from '../src/timing/clock.ts';
import { ClockDriver } from '../test/reliability/support/drive-clock.ts';
import { install, pack, userEnv } from '../test/package/pack-install.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { table, writeResult } from './lib/report.ts';

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '3' }, cycles: { type: 'string', default: '10000' }, from: { type: 'string', default: 'installed' } },
});
if (!['installed', 'checkout', 'both'].includes(args.from)) throw new Error('--from: installed, checkout or both');
const ROOT = new URL('..', import.meta.url).pathname;
const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';
const SETTINGS_ENV = {
  LSQ_ACCESS_KEY: CREDS.accessKey,
  LSQ_SECRET_KEY: CREDS.secretKey,
  LSQ_API_KEY: CREDS.apiKey,
  LSQ_CANARY_OPPORTUNITY_ID: CANARY,
};
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const MB = 1024 * 1024;
const CALL_TIMEOUT_MS = 1000; // the soak's per-call timeout (see heap() below)

function proc(pid: number): { rssMb: number; hwmMb: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  // VmHWM is the kernel's own high-water mark: the peak between samples, start-up included.
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { rssMb: rssKb / 1024, hwmMb: hwmKb / 1024, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
}

/** How `lsq-harness` is started: the command, the arguments before the CLI's own, where, with what. */
interface Launcher {
  name: 'installed' | 'checkout';
  command: string;
  prefix: string[];
  cwd: string;
  env: Record<string, string>;
  /** Scratch space (ledgers), removed at the end. */
  work: string;
}

/** bin/lsq-harness.js in this checkout: the TypeScript sources, through the bootstrap's compile cache. */
function checkoutLauncher(): Launcher {
  const work = mkdtempSync(join(tmpdir(), 'lsq-bench-p5-'));
  return {
    name: 'checkout',
    command: process.execPath,
    prefix: ['bin/lsq-harness.js'],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...SETTINGS_ENV },
    work,
  };
}

/** The packed and installed package (dist/, compiled JavaScript), in a user's environment with a compile cache of its own. */
function installedLauncher(): Launcher {
  const work = mkdtempSync(join(tmpdir(), 'lsq-bench-p5-'));
  const packed = pack(join(work, 'pack'));
  const project = join(work, 'project');
  install(project, packed.tarball);
  const env = userEnv({ NODE_COMPILE_CACHE: join(work, 'compile-cache'), ...SETTINGS_ENV });
  return { name: 'installed', command: join(project, 'node_modules/.bin/lsq-harness'), prefix: [], cwd: project, env, work };
}

function start(
  launcher: Launcher | null,
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  // No launcher: plain node (the idle baseline).
  const child = launcher
    ? spawn(launcher.command, [...launcher.prefix, ...args], { cwd: launcher.cwd, env: { ...launcher.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = out.match(ready);
      if (m) resolve({ child, match: m, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function realProcess(launcher: Launcher, minutes: number) {
  const sandbox = await start(launcher, ['sandbox', '--port', '0'], /listening on (http:\/\/\S+)/);
  // The sandbox poses as a real host: the monitor gets it as LSQ_ASYNC_HOST, as a deployment sets it.
  const host = { LSQ_ASYNC_HOST: sandbox.match[1]! };
  const monitorArgs = (ledger: string) => ['monitor', '--interval', '15s', '--listen', '127.0.0.1:0', '--ledger', join(launcher.work, ledger)];
  // One canary first, to fill the compile cache as any earlier run would have.
  const warm = spawnSync(launcher.command, [...launcher.prefix, ...monitorArgs('warm-ledger.json'), '--once'], {
    cwd: launcher.cwd,
    env: { ...launcher.env, ...host },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (warm.status !== 0) {
    sandbox.child.kill('SIGTERM');
    throw new Error(`monitor --once (warming the compile cache) exited ${warm.status}: ${warm.stderr}`);
  }
  let monitor: Awaited<ReturnType<typeof start>>;
  try {
    monitor = await start(launcher, monitorArgs('ledger.json'), /^schedule:/m, host);
  } catch (e) {
    sandbox.child.kill('SIGTERM');
    throw e;
  }
  const idle = await start(null, ['-e', 'console.log("ready"); setInterval(() => {}, 1000)'], /ready/);
  const samples: Array<{ t: number; monitor: ReturnType<typeof proc>; idle: ReturnType<typeof proc> }> = [];
  const t0 = Date.now();
  try {
    while (Date.now() - t0 < minutes * 60_000) {
      samples.push({ t: (Date.now() - t0) / 1000, monitor: proc(monitor.child.pid!), idle: proc(idle.child.pid!) });
      await new Promise((r) => setTimeout(r, 5000));
    }
    samples.push({ t: (Date.now() - t0) / 1000, monitor: proc(monitor.child.pid!), idle: proc(idle.child.pid!) });
  } finally {
    for (const p of [monitor, idle, sandbox]) p.child.kill('SIGTERM');
  }
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const seconds = last.t - first.t;
  const canaries = (monitor.output().match(/^canary /gm) ?? []).length;
  return {
    from: launcher.name,
    minutes: seconds / 60,
    canaries,
    successes: (monitor.output().match(/^canary success/gm) ?? []).length,
    monitorPeakRssMb: Math.max(...samples.map((s) => s.monitor.rssMb)),
    monitorLastRssMb: last.monitor.rssMb,
    monitorHighWaterMb: last.monitor.hwmMb,
    idlePeakRssMb: Math.max(...samples.map((s) => s.idle.rssMb)),
    idleHighWaterMb: last.idle.hwmMb,
    monitorCpuPercent: ((last.monitor.cpuSeconds - first.monitor.cpuSeconds) / seconds) * 100,
    idleCpuPercent: ((last.idle.cpuSeconds - first.idle.cpuSeconds) / seconds) * 100,
  };
}

async function acceleratedCycles(cycles: number) {
  const driver = new ClockDriver(new FakeClock(Date.UTC(2026, 0, 1)));
  // maxTasks keeps the sandbox (in this process too) from holding every task it ever saw.
  const sb = await startSandbox({
    clock: driver.clock,
    settings: { credentials: CREDS, latency: { kind: 'uniform', minMs: 1000, maxMs: 3000 }, maxTasks: 200 },
  });
  const settings = loadSettings({
    LSQ_ACCESS_KEY: CREDS.accessKey,
    LSQ_SECRET_KEY: CREDS.secretKey,
    LSQ_API_KEY: CREDS.apiKey,
    LSQ_CANARY_OPPORTUNITY_ID: CANARY,
    LSQ_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
  });
  const monitor = buildMonitor(settings, {
    baseUrl: sb.url,
    targetKind: 'sandbox',
    targetDescription: 'bench sandbox',
    budget: 5,
    deadlineMs: 60_000,
    markerField: 'mx_Custom_1',
    ledgerPath: null,
    intervalMs: 15_000,
    clock: driver.clock,
    log: () => {},
    metrics: createCanaryMetrics(),
    fetch: driver.fetch, // fake time waits for each call
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (bench/run.sh does)');
  // Each HTTP call's deadline is an AbortSignal.timeout: a real-time timer that holds its signal until
  // it fires (LSQ_TIMEOUT_MS later), however fast fake time runs. At one canary per 15 s a handful are
  // alive; at hundreds of cycles per second, thousands. So before each measurement the soak lets them
  // expire (a short per-call timeout keeps that wait short) — otherwise it measures the acceleration.
  const heap = async () => {
    await new Promise((r) => setTimeout(r, CALL_TIMEOUT_MS + 500));
    gc();
    gc();
    return process.memoryUsage().heapUsed / MB;
  };
  const warmUp = 500;
  let atWarmUp = 0;
  const outcomes: Record<string, number> = {};
  const checkpoints: Array<{ cycle: number; heapMb: number }> = [];
  const t0 = performance.now();
  for (let i = 0; i < cycles; i++) {
    if (i === warmUp) atWarmUp = await heap();
    if (i % 1000 === 0 && i > 0) checkpoints.push({ cycle: i, heapMb: await heap() });
    const r = await driver.run(monitor.cycle());
    outcomes[r?.outcome ?? 'skipped'] = (outcomes[r?.outcome ?? 'skipped'] ?? 0) + 1;
    await driver.run(driver.clock.sleep(15_000));
  }
  const atEnd = await heap();
  await sb.stop();
  return {
    cycles,
    warmUpCycles: warmUp,
    checkpoints,
    heapAfterWarmUpMb: atWarmUp,
    heapAtEndMb: atEnd,
    growthMb: atEnd - atWarmUp,
    wallSeconds: (performance.now() - t0) / 1000,
    outcomes,
    rssMb: process.memoryUsage().rss / MB,
  };
}

const soak = Number(args.cycles) > 0 ? await acceleratedCycles(Number(args.cycles)) : null;
const reals: Array<Awaited<ReturnType<typeof realProcess>>> = [];
for (const from of args.from === 'both' ? (['checkout', 'installed'] as const) : [args.from as 'installed' | 'checkout']) {
  const launcher = from === 'installed' ? installedLauncher() : checkoutLauncher();
  try {
    reals.push(await realProcess(launcher, Number(args.minutes)));
  } finally {
    rmSync(launcher.work, { recursive: true, force: true });
  }
}
// Judged on the high-water mark (start-up included), not only on the 5-s samples; on the installed
// package when it ran (what users run).
const judged = reals.find((r) => r.from === 'installed') ?? reals[0]!;
const rssMet = Math.max(judged.monitorPeakRssMb, judged.monitorHighWaterMb) <= 100;
const growthMet = soak === null || soak.growthMb <= 5;
const file = writeResult('p5-monitor-footprint', { real: judged, reals, soak });
const rows: Array<Array<string | number>> = [];
for (const real of reals) {
  rows.push(
    [
      `${real.from}: peak RSS, ${real.minutes.toFixed(1)} min at 1 canary / 15 s (${real.canaries} canaries, ${real.successes} success)`,
      `${real.monitorPeakRssMb.toFixed(1)} MB`,
      `${real.idlePeakRssMb.toFixed(1)} MB`,
      (real.monitorPeakRssMb / real.idlePeakRssMb).toFixed(2),
      '-',
    ],
    [
      `${real.from}: RSS high-water mark (VmHWM, start-up included)`,
      `${real.monitorHighWaterMb.toFixed(1)} MB`,
      `${real.idleHighWaterMb.toFixed(1)} MB`,
      (real.monitorHighWaterMb / real.idleHighWaterMb).toFixed(2),
      real === judged ? `≤ 100 MB: ${rssMet ? 'met' : 'MISSED'}` : '-',
    ],
    [`${real.from}: CPU, share of one core`, `${real.monitorCpuPercent.toFixed(2)} %`, `${real.idleCpuPercent.toFixed(2)} %`, '-', '-'],
  );
}
if (soak)
  rows.push([
    `heap growth over ${soak.cycles} cycles (after ${soak.warmUpCycles} warm-up)`,
    `${soak.growthMb.toFixed(2)} MB (${soak.heapAfterWarmUpMb.toFixed(1)} → ${soak.heapAtEndMb.toFixed(1)} MB)`,
    '-',
    '-',
    `≤ 5 MB: ${growthMet ? 'met' : 'MISSED'}`,
  ]);
console.log(table(['measure', 'monitor', 'baseline (idle node)', 'ratio', 'target'], rows));
if (soak)
  console.log(
    `\nsoak: ${JSON.stringify(soak.outcomes)} in ${soak.wallSeconds.toFixed(1)} s of wall time; heap (MB) by cycle: ${soak.checkpoints.map((c) => `${c.cycle}: ${c.heapMb.toFixed(1)}`).join(', ')}`,
  );
console.log(`P5: ${rssMet && growthMet ? 'MET' : 'MISSED'} (RSS judged on ${judged.from})   [${file}]`);
