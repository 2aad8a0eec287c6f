// Gate stage: every cassette (the shipped ones, or the folder given with --cassettes) replayed through
// this build's real client with msw, and judged by the expectation it carries
// (src/replay/run-cassettes.ts). It never calls the target: it proves the client still reads every
// response shape seen in the wild. The replay runs in a child process (src/replay/replay-main.ts): it
// runs beside the stages that call the target, and in the gate's own process its bursts of work would
// hold the calls the budget forwarder (or an embedded sandbox) paces at the limit; for the same reason
// it runs at a lower CPU priority (nice 10), so that on a busy machine its ~1.5 s of CPU never comes
// before the load stage's k6 and the calls it sends at the limit. No test runner takes
// part — vitest is a devDependency, absent from an installed package; the replay suite (test/replay/)
// keeps its detailed assertions for this checkout.
import { appendFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redact } from '../../client/redact.ts';
import type { ReplayedCassette } from '../../replay/replay-main.ts';
import { SHIPPED_CASSETTES_DIR, listCassettes } from '../../replay/cassette-folder.ts';
import { logPath, runChild } from '../child.ts';
import type { Stage, StageCase, StageOutcome } from '../stage.ts';

/** The replay's own entry, beside this build's run-cassettes: .ts in a checkout, .js when installed. */
const REPLAY_MAIN = fileURLToPath(new URL(`../../replay/replay-main${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export const replayStage: Stage = {
  name: 'replay',
  title: 'replay: recorded edge cases through the real client, judged by each cassette',
  budget: () => 'nothing',
  async run(ctx) {
    const dir = ctx.cassettesDir ?? SHIPPED_CASSETTES_DIR;
    const log = logPath(ctx.out, 'replay');
    try {
      listCassettes(dir);
    } catch (err) {
      appendFileSync(log, `${redact((err as Error).message)}\n`);
      return { verdict: 'failed', reason: `cassettes: ${(err as Error).message}`, figures: { 'cassettes replayed': 0 } };
    }
    const r = await runChild(process.execPath, [REPLAY_MAIN, dir], {
      env: ctx.env,
      logFile: log,
      timeoutMs: 240_000,
      lowPriority: true,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const results = resultsOf(r.stdout);
    if (!results) {
      const why = r.timedOut ? 'the replay did not finish in time' : `the replay process ended with exit ${r.code} (see replay.log)`;
      return { verdict: 'failed', reason: why, figures: { 'cassettes replayed': 0 } };
    }
    appendFileSync(log, results.map((c) => `${c.verdict === 'passed' ? '✓' : '✗'} ${c.name} (${c.durationMs} ms): ${redact(c.detail)}\n`).join(''));
    return outcomeOf(results);
  },
};

/** The results the replay process printed as its last stdout line, or null when it printed none. */
function resultsOf(stdout: string): ReplayedCassette[] | null {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  try {
    const parsed: unknown = JSON.parse(last);
    return Array.isArray(parsed) ? (parsed as ReplayedCassette[]) : null;
  } catch {
    return null;
  }
}

function outcomeOf(results: ReplayedCassette[]): StageOutcome {
  const failed = results.filter((r) => r.verdict === 'failed');
  const unjudged = results.filter((r) => !r.judged).length;
  const figures: Record<string, number> = { 'cassettes replayed': results.length, 'cassettes failed': failed.length };
  if (unjudged) figures['cassettes without an expectation'] = unjudged;
  const cases: StageCase[] = results.map((r) => ({ name: r.name, ...(r.verdict === 'failed' ? { failure: r.detail } : {}) }));
  if (!failed.length && results.length) return { verdict: 'passed', figures, cases };
  const names =
    failed
      .slice(0, 5)
      .map((r) => r.name)
      .join(', ') + (failed.length > 5 ? ', …' : '');
  return {
    verdict: 'failed',
    reason: results.length ? `${failed.length} of ${results.length} cassettes failed: ${names} (see replay.log)` : 'no cassette was replayed',
    figures,
    cases,
  };
}
