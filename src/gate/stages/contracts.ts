// Gate stage: Pact consumer tests, then provider verification against the target
// (`lsq-harness contracts`). A sandbox target gets full verification with provider states; a real
// host only the interactions that need no state, and those that write only with --allow-writes (without
// it the stage passes reduced, named as such, and --strict fails it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs, logPath, runChild } from '../child.ts';
import type { Stage } from '../stage.ts';

export const contractsStage: Stage = {
  name: 'contracts',
  title: 'Pact consumer contracts and provider verification',
  // Against a sandbox, one provider state ("the rate limit is exhausted") spends the whole budget.
  budget: (ctx) => (ctx.target.isSandbox ? 'exhausts' : 'share'),
  async run(ctx) {
    const junit = join(ctx.out, 'contracts-junit.xml');
    const writes = !ctx.target.isSandbox && ctx.allow.writes ? ['--allow-writes'] : [];
    const args = ctx.target.isSandbox ? ['contracts', '--provider-url', ctx.target.url, '--junit', junit] : ['contracts', '--junit', junit, ...writes];
    const env = ctx.target.isSandbox ? ctx.env : { ...ctx.env, LSQ_ASYNC_HOST: ctx.target.url };
    const [cmd, argv] = cliArgs(...args);
    const r = await runChild(cmd, argv, { env, logFile: logPath(ctx.out, 'contracts'), timeoutMs: 300_000, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const { tests, failures } = countJunit(junit);
    const figures = { 'contract violations': failures, 'contract tests': tests };
    const reduced = !ctx.target.isSandbox && !ctx.allow.writes ? 'read-only verification: the interactions that submit an update were not verified against the real host (pass --allow-writes)' : undefined;
    if (r.code === 0) return { verdict: 'passed', figures, ...(reduced ? { reduced, reason: reduced } : {}) };
    if (r.code === 2) return { verdict: 'failed', reason: 'bad settings for the contract run (see contracts.log)', figures };
    return { verdict: 'failed', reason: failures ? `${failures} contract tests failed (see contracts.log)` : `exit ${r.code} (see contracts.log)`, figures };
  },
};

function countJunit(path: string): { tests: number; failures: number } {
  try {
    const xml = readFileSync(path, 'utf8');
    return { tests: (xml.match(/<testcase\b/g) ?? []).length, failures: (xml.match(/<(failure|error)\b/g) ?? []).length };
  } catch {
    return { tests: 0, failures: 0 };
  }
}
