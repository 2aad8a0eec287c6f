// Runs the stages one after another against one target, showing progress (stage, elapsed, verdict),
// and writes the reports. The stages share the target's rate budget, which no real host resets, so
// the gate never resets it either — not even a sandbox's: it puts its budget forwarder in front of the
// target (budget-proxy.ts), orders the stages by what they need of the budget and waits where a stage
// needs a whole window (budget-plan.ts). A sandbox then tests the same behaviour a real host would.
// The stages that never call the target run beside the others from the start.
import { mkdirSync } from 'node:fs';
import { describeNeed, orderStages, waitBefore, type BudgetNeed } from './budget-plan.ts';
import { startBudgetProxy, type BudgetProxy } from './budget-proxy.ts';
import { summaryMarkdown, writeJunit, writeSummary } from './reports.ts';
import type { StageContext, Stage, StageOutcome, StageResult } from './stage.ts';
import { systemClock } from '../timing/clock.ts';
import type { RateLimitSettings } from '../timing/rate-limiter.ts';

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
  /** The key's budget at the target, as the client knows it (LSQ_RATE_LIMIT, …). */
  rateLimit: RateLimitSettings;
  /** The gate sent a call to the target before the stages (its probe of what the target is). */
  probedTarget?: boolean;
  /** Progress lines (stderr in the CLI). */
  progress: (line: string) => void;
  /** How often to say a stage is still running. */
  tickMs?: number;
}

/** Margin on every window the plan waits for: the target sees our calls a little after we send them. */
export const WINDOW_GUARD_MS = 250;

export async function runGate(o: GateOptions): Promise<GateRun> {
  mkdirSync(o.ctx.out, { recursive: true });
  const proxy = await startBudgetProxy({ target: o.ctx.target.url, targetIsSandbox: o.ctx.target.isSandbox, rateLimit: o.rateLimit, guardMs: WINDOW_GUARD_MS });
  if (o.probedTarget) proxy.noteCall();
  const ctx: StageContext = { ...o.ctx, target: { ...o.ctx.target, url: proxy.url } };
  const plan = orderStages(o.stages.map((stage) => ({ stage, need: stage.budget(ctx) })));
  const gateStart = Date.now();
  const { limit, windowMs, kind } = o.rateLimit;
  o.progress(
    `[gate] budget plan (${limit ? `${limit} per ${windowMs / 1000} s, ${kind}` : `no client budget; windows of ${windowMs / 1000} s`}, shared by every stage, never reset):`,
  );
  for (const [i, { stage, need }] of plan.entries()) o.progress(`[gate]   ${i + 1}. ${stage.name}: ${describeNeed(need)}`);

  const run = async (i: number, stage: Stage, need: BudgetNeed, waitedMs: number): Promise<StageResult> => {
    const tag = `[gate ${i + 1}/${plan.length}] ${stage.name}`;
    const callsBefore = proxy.calls;
    const started = Date.now();
    o.progress(`${tag}: ${stage.title} …`);
    const ticker = setInterval(() => o.progress(`${tag}: still running (${seconds(Date.now() - started)})`), o.tickMs ?? 15_000);
    let outcome: StageOutcome;
    try {
      outcome = await stage.run(ctx);
    } catch (err) {
      outcome = { verdict: 'failed', reason: `the stage crashed: ${(err as Error).message}`, figures: {} };
    } finally {
      clearInterval(ticker);
    }
    if (outcome.verdict === 'skipped' && o.strict)
      outcome = { ...outcome, verdict: 'failed', reason: `skipped, and --strict makes a skip a failure: ${outcome.reason ?? ''}` };
    if (outcome.verdict === 'passed' && outcome.reduced && o.strict)
      outcome = { ...outcome, verdict: 'failed', reason: `only part of it ran, and --strict makes that a failure: ${outcome.reduced}` };
    // A stage that spends nothing runs beside the others: the calls counted meanwhile are theirs.
    const calls = need === 'nothing' ? 0 : proxy.calls - callsBefore;
    const result: StageResult = { ...outcome, name: stage.name, title: stage.title, durationMs: Date.now() - started, budget: { need, waitedMs, calls } };
    o.progress(`${tag}: ${result.verdict.toUpperCase()} in ${seconds(result.durationMs)}${result.reason ? ` — ${result.reason}` : ''}`);
    return result;
  };

  const results: Array<StageResult | undefined> = new Array(plan.length);
  try {
    // The stages that never call the target start at once, beside the others.
    const beside = plan.map((p, i) => (p.need === 'nothing' ? run(i, p.stage, p.need, 0).then((r) => (results[i] = r)) : null)).filter((p) => p !== null);
    let spentUnseen = false;
    for (const [i, { stage, need }] of plan.entries()) {
      if (need === 'nothing') continue;
      const waitMs = waitBefore(need, { lastCallAt: proxy.lastCallAt, spentUnseen }, systemClock.now(), windowMs, WINDOW_GUARD_MS);
      if (waitMs > 0) {
        o.progress(
          `[gate ${i + 1}/${plan.length}] ${stage.name}: waiting ${seconds(waitMs)} for the rate window to clear (${spentUnseen ? "the last stage spent the budget out of the gate's sight" : 'it needs the whole budget'})`,
        );
        await systemClock.sleep(waitMs, o.ctx.signal);
      }
      const roomMs = need === 'exhausts' ? await untilRoom(proxy, stage.burstCalls?.(ctx) ?? limit, windowMs + WINDOW_GUARD_MS, o.ctx.signal) : 0;
      if (roomMs >= 50) o.progress(`[gate ${i + 1}/${plan.length}] ${stage.name}: waited ${seconds(roomMs)} for room in the window for its calls`);
      proxy.mode = need === 'empty' || need === 'exhausts' ? 'pass' : 'pace';
      const result = await run(i, stage, need, waitMs + roomMs);
      results[i] = result;
      spentUnseen = need === 'exhausts' && result.budget.calls > 0 ? true : waitMs > 0 ? false : spentUnseen;
    }
    await Promise.all(beside);
  } finally {
    await proxy.close();
  }
  const done = results.filter((r): r is StageResult => r !== undefined);
  const verdict = done.some((r) => r.verdict === 'failed') ? 'failed' : 'passed';
  const junitPath = writeJunit(o.ctx.out, done);
  const summaryPath = writeSummary(
    o.ctx.out,
    summaryMarkdown(done, { target: o.ctx.target.describe, profile: o.ctx.profile, strict: o.strict, verdict: verdict.toUpperCase(), rateLimit: o.rateLimit }),
  );
  const failed = done.filter((r) => r.verdict === 'failed').map((r) => r.name);
  const waited = done.reduce((sum, r) => sum + r.budget.waitedMs, 0);
  o.progress(
    `[gate] ${verdict.toUpperCase()} in ${seconds(Date.now() - gateStart)} (${seconds(waited)} of it waiting for the rate window)${failed.length ? ` — failed: ${failed.join(', ')}` : ''}; reports: ${summaryPath}, ${junitPath}`,
  );
  return { results: done, verdict, junitPath, summaryPath };
}

/** Waits until the gate's limiter has room for `calls` (at most `maxMs`: by then the window is empty); returns the time waited. */
async function untilRoom(proxy: BudgetProxy, calls: number, maxMs: number, signal?: AbortSignal): Promise<number> {
  const start = systemClock.now();
  while (proxy.room() < calls && systemClock.now() - start < maxMs) await systemClock.sleep(50, signal);
  return systemClock.now() - start;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
