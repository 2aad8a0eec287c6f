// Runs the stages one after another against one target, showing progress (stage, elapsed, verdict),
// and writes the reports. Between stages a sandbox target gets its rate budget refilled, so that the
// load stage's bursts cannot make the next stage's calls 429; the embedded sandbox (the gate's own) is
// reset whole, a sandbox at a URL keeps its tasks, faults and drift — somebody set it up that way.
import { mkdirSync } from 'node:fs';
import type { StageContext, Stage, StageResult } from './stage.ts';
import { summaryMarkdown, writeJunit, writeSummary } from './reports.ts';

export interface GateRun {
  results: StageResult[];
  verdict: 'passed' | 'failed';
  junitPath: string;
  summaryPath: string;
}

export interface GateOptions {
  stages: Stage[];
  ctx: StageContext;
  strict: boolean;
  /** Progress lines (stderr in the CLI). */
  progress: (line: string) => void;
  /** How often to say a stage is still running. */
  tickMs?: number;
}

export async function runGate(o: GateOptions): Promise<GateRun> {
  mkdirSync(o.ctx.out, { recursive: true });
  const results: StageResult[] = [];
  const gateStart = Date.now();
  for (const [i, stage] of o.stages.entries()) {
    if (o.ctx.target.isSandbox) await resetSandbox(o.ctx.target.url, o.ctx.target.embedded ? 'all' : 'budget');
    const started = Date.now();
    o.progress(`[gate ${i + 1}/${o.stages.length}] ${stage.name}: ${stage.title} …`);
    const ticker = setInterval(() => o.progress(`[gate ${i + 1}/${o.stages.length}] ${stage.name}: still running (${seconds(Date.now() - started)})`), o.tickMs ?? 15_000);
    let outcome;
    try {
      outcome = await stage.run(o.ctx);
    } catch (err) {
      outcome = { verdict: 'failed' as const, reason: `the stage crashed: ${(err as Error).message}`, figures: {} };
    } finally {
      clearInterval(ticker);
    }
    if (outcome.verdict === 'skipped' && o.strict) outcome = { ...outcome, verdict: 'failed' as const, reason: `skipped, and --strict makes a skip a failure: ${outcome.reason ?? ''}` };
    const result: StageResult = { ...outcome, name: stage.name, title: stage.title, durationMs: Date.now() - started };
    results.push(result);
    o.progress(`[gate ${i + 1}/${o.stages.length}] ${stage.name}: ${result.verdict.toUpperCase()} in ${seconds(result.durationMs)}${result.reason ? ` — ${result.reason}` : ''}`);
  }
  const verdict = results.some((r) => r.verdict === 'failed') ? 'failed' : 'passed';
  const junitPath = writeJunit(o.ctx.out, results);
  const summaryPath = writeSummary(o.ctx.out, summaryMarkdown(results, { target: o.ctx.target.describe, profile: o.ctx.profile, strict: o.strict, verdict: verdict.toUpperCase() }));
  const failed = results.filter((r) => r.verdict === 'failed').map((r) => r.name);
  o.progress(`[gate] ${verdict.toUpperCase()} in ${seconds(Date.now() - gateStart)}${failed.length ? ` — failed: ${failed.join(', ')}` : ''}; reports: ${summaryPath}, ${junitPath}`);
  return { results, verdict, junitPath, summaryPath };
}

async function resetSandbox(url: string, scope: 'all' | 'budget'): Promise<void> {
  await fetch(`${url}/__sandbox/reset?scope=${scope}`, { method: 'POST' }).catch(() => undefined);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
