// Gate stage: the MSW replay suite of recorded edge cases (vitest project `replay`). It replays
// cassettes, so it does not depend on the target; it proves this build of the client still reads
// every response shape seen in the wild.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, logPath, runChild } from '../child.ts';
import type { Stage, StageCase } from '../stage.ts';

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>;
}

export const replayStage: Stage = {
  name: 'replay',
  title: 'replay suite: recorded edge cases through the real client',
  budget: () => 'nothing',
  async run(ctx) {
    const report = join(ctx.out, 'replay-vitest.json');
    const vitest = join(PROJECT_ROOT, 'node_modules/.bin/vitest');
    const r = await runChild(vitest, ['run', '--project', 'replay', '--reporter=json', `--outputFile=${report}`], { env: ctx.env, logFile: logPath(ctx.out, 'replay'), timeoutMs: 180_000, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    let parsed: VitestJson | null = null;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
    } catch {
      /* no report: the run itself failed */
    }
    const cassettes = countCassettes();
    if (!parsed) return { verdict: 'failed', reason: `the replay suite produced no report (exit ${r.code}; see replay.log)`, figures: { 'cassettes': cassettes } };
    const cases: StageCase[] = parsed.testResults.flatMap((f) => f.assertionResults.map((a) => ({ name: a.fullName, ...(a.status === 'failed' ? { failure: a.failureMessages.join('\n').slice(0, 2000) } : {}), ...(a.status === 'skipped' || a.status === 'pending' ? { skipped: 'skipped' } : {}) })));
    const figures = { 'cassettes replayed': cassettes, tests: `${parsed.numPassedTests}/${parsed.numTotalTests}` };
    if (r.code === 0 && parsed.numFailedTests === 0 && parsed.numPassedTests > 0) return { verdict: 'passed', figures, cases };
    return { verdict: 'failed', reason: parsed.numTotalTests === 0 ? 'no replay test ran' : `${parsed.numFailedTests} replay tests failed`, figures, cases };
  },
};

function countCassettes(): number {
  try {
    return readdirSync(join(PROJECT_ROOT, 'cassettes')).filter((f) => f.endsWith('.har') || f.endsWith('.json')).length;
  } catch {
    return 0;
  }
}
