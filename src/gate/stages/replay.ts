// Gate stage: every cassette (the shipped ones, or the folder given with --cassettes) replayed through
// this build's real client with msw, in this process, and judged by the expectation it carries
// (src/replay/run-cassettes.ts). It never calls the target: it proves the client still reads every
// response shape seen in the wild. No test runner takes part — vitest is a devDependency, absent from
// an installed package; the replay suite (test/replay/) keeps its detailed assertions for this checkout.
import { createWriteStream } from 'node:fs';
import { redact } from '../../client/redact.ts';
import { SHIPPED_CASSETTES_DIR, listCassettes, runCassettes, type CassetteResult } from '../../replay/run-cassettes.ts';
import { logPath } from '../child.ts';
import type { Stage, StageCase, StageOutcome } from '../stage.ts';

export const replayStage: Stage = {
  name: 'replay',
  title: 'replay: recorded edge cases through the real client, judged by each cassette',
  budget: () => 'nothing',
  async run(ctx) {
    const dir = ctx.cassettesDir ?? SHIPPED_CASSETTES_DIR;
    const log = createWriteStream(logPath(ctx.out, 'replay'));
    const line = (text: string) => log.write(`${redact(text)}\n`);
    try {
      let files: string[];
      try {
        files = listCassettes(dir);
      } catch (err) {
        line((err as Error).message);
        return { verdict: 'failed', reason: `cassettes: ${(err as Error).message}`, figures: { 'cassettes replayed': 0 } };
      }
      line(`replaying ${files.length} cassettes from ${dir}`);
      const results = await runCassettes(files, { onCassette: (name) => line(`▶ ${name}`), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      for (const r of results) line(`${r.verdict === 'passed' ? '✓' : '✗'} ${r.name} (${r.durationMs} ms): ${r.detail}`);
      return outcomeOf(results);
    } finally {
      await new Promise((resolve) => log.end(resolve));
    }
  },
};

function outcomeOf(results: CassetteResult[]): StageOutcome {
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
